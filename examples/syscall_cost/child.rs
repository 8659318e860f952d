//! The rows that need another process, or a state that cannot be undone:
//! seccomp filters, ptrace, syscall user dispatch (each in a forked child),
//! the context switch (two processes), and the page fault.

use crate::{batches, getpid, measure, median, Plan, Row};
use core::ffi::c_void;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;
use sysgate::dispatch::{self, Region, Selector, TrappedSyscall};
use sysgate::mm::{self, Advice, MapFlags, ProtFlags};
use sysgate::process::{self, CpuSet, Fork, Pid, Target, WaitOptions, WaitStatus};
use sysgate::seccomp::{
    self, Action, CmpOp, Cond, Filter, FilterFlags, NoNewPrivs, Rule, SockFilter,
};
use sysgate::signal::{self, SaFlags, SigAction, SigHandler, SigInfo, SigSet, Signal};
use sysgate::{io, syscall, Errno, Sysno};

/// A page shared with a child: result slots, and the child's error message.
struct Page(*mut u8);

/// Where the message starts; its length is the word before.
const MSG: usize = 64;

impl Page {
    fn new() -> Result<Page, String> {
        // SAFETY: a fresh anonymous mapping, unmapped on drop.
        let p = unsafe {
            mm::mmap_anonymous(
                std::ptr::null_mut(),
                4096,
                ProtFlags::READ | ProtFlags::WRITE,
                MapFlags::SHARED,
            )
        }
        .map_err(|e| format!("mmap: {e}"))?;
        Ok(Page(p.cast()))
    }

    fn set(&self, slot: usize, v: f64) {
        assert!(slot < 7);
        // SAFETY: slot 0-6 lie in the page; the other process reads them
        // only after this one exited (wait4 orders the accesses).
        unsafe { self.0.cast::<u64>().add(slot).write_volatile(v.to_bits()) }
    }

    fn get(&self, slot: usize) -> f64 {
        assert!(slot < 7);
        // SAFETY: as in `set`.
        f64::from_bits(unsafe { self.0.cast::<u64>().add(slot).read_volatile() })
    }

    fn set_msg(&self, msg: &str) {
        let n = msg.len().min(4096 - MSG);
        // SAFETY: `n` bytes fit after MSG; the length word is slot 7.
        unsafe {
            self.0.add(MSG).copy_from_nonoverlapping(msg.as_ptr(), n);
            self.0.cast::<u64>().add(7).write_volatile(n as u64);
        }
    }

    fn msg(&self) -> String {
        // SAFETY: as in `set_msg`; the length is at most 4096 - MSG.
        let bytes = unsafe {
            let n = (self.0.cast::<u64>().add(7).read_volatile() as usize).min(4096 - MSG);
            std::slice::from_raw_parts(self.0.add(MSG), n)
        };
        String::from_utf8_lossy(bytes).into_owned()
    }
}

impl Drop for Page {
    fn drop(&mut self) {
        // SAFETY: the page mapped in `new`, no longer referenced.
        let _ = unsafe { mm::munmap(self.0.cast(), 4096) };
    }
}

/// Forks; the child runs `f` and exits (status 3 with its message on
/// `Err`); returns the child's pid to the parent.
fn fork_into(page: &Page, f: impl FnOnce(&Page) -> Result<(), String>) -> Result<Pid, String> {
    // SAFETY: this program has one thread; the child ends with exit_group.
    match unsafe { process::fork() }.map_err(|e| format!("fork: {e}"))? {
        Fork::Child => {
            let code = match f(page) {
                Ok(()) => 0,
                Err(e) => {
                    page.set_msg(&e);
                    3
                }
            };
            process::exit_group(code)
        }
        Fork::Parent(pid) => Ok(pid),
    }
}

/// Waits for `pid` to end: `Ok` if it exited with 0, else why not.
fn reap(pid: Pid, page: &Page) -> Result<(), String> {
    loop {
        match process::wait4(Target::Pid(pid), WaitOptions::empty()) {
            Err(Errno::EINTR) => continue,
            Err(e) => return Err(format!("wait4: {e}")),
            Ok(Some((_, WaitStatus::Exited(0)))) => return Ok(()),
            Ok(Some((_, WaitStatus::Exited(3)))) => return Err(page.msg()),
            Ok(Some((_, WaitStatus::Signaled { signal, .. }))) => {
                return Err(format!("the child was killed by signal {}", signal.raw()))
            }
            Ok(other) => return Err(format!("the child ended: {other:?}")),
        }
    }
}

/// Runs `f` in a forked child; `Ok` with the page it wrote to.
fn in_child(f: impl FnOnce(&Page) -> Result<(), String>) -> Result<Page, String> {
    let page = Page::new()?;
    let pid = fork_into(&page, f)?;
    reap(pid, &page)?;
    Ok(page)
}

/// Whether `f` runs to completion in a child (which a fault would kill).
#[cfg_attr(not(target_arch = "x86_64"), allow(dead_code))]
pub fn probe(f: impl FnOnce() -> Result<(), String>) -> Result<(), String> {
    in_child(|_| f()).map(drop)
}

/// Runs `f` with this process (and the children it forks) on one CPU,
/// then restores the affinity.
fn on_one_cpu<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    let all = process::sched_getaffinity(None).map_err(|e| format!("sched_getaffinity: {e}"))?;
    let mut one = CpuSet::new();
    one.set(all.iter().next().ok_or("no CPU in the affinity mask")?);
    process::sched_setaffinity(None, &one).map_err(|e| format!("sched_setaffinity: {e}"))?;
    let out = f();
    process::sched_setaffinity(None, &all).map_err(|e| format!("sched_setaffinity: {e}"))?;
    Ok(out)
}

/// Why the "free to use two CPUs" rows cannot differ here, if they cannot.
fn one_cpu_only() -> Option<String> {
    match process::sched_getaffinity(None) {
        Ok(set) if set.count() >= 2 => None,
        Ok(_) => Some("only one CPU available to this process".into()),
        Err(e) => Some(format!("sched_getaffinity: {e}")),
    }
}

/// Every row below, in order.
pub fn rows(plan: &Plan, failed: &mut Vec<String>) -> Vec<Row> {
    let mut rows = seccomp_rows(plan);
    rows.extend(ptrace_rows(plan, failed));
    rows.push(dispatch_row(plan));
    rows.extend(switch_rows(plan, failed));
    rows
}

/// Calls Docker's default profile leaves out (or allows only with
/// capabilities): the rest of the table is allowed.
const DOCKER_DENIED: &[&str] = &[
    "acct",
    "add_key",
    "bpf",
    "clock_adjtime",
    "clock_settime",
    "create_module",
    "delete_module",
    "finit_module",
    "fsconfig",
    "fsmount",
    "fsopen",
    "fspick",
    "get_kernel_syms",
    "get_mempolicy",
    "init_module",
    "ioperm",
    "iopl",
    "kcmp",
    "kexec_file_load",
    "kexec_load",
    "keyctl",
    "lookup_dcookie",
    "mbind",
    "mount",
    "mount_setattr",
    "move_mount",
    "move_pages",
    "name_to_handle_at",
    "nfsservctl",
    "open_by_handle_at",
    "open_tree",
    "perf_event_open",
    "personality",
    "pivot_root",
    "process_vm_readv",
    "process_vm_writev",
    "ptrace",
    "query_module",
    "quotactl",
    "quotactl_fd",
    "reboot",
    "request_key",
    "set_mempolicy",
    "setns",
    "settimeofday",
    "stime",
    "swapoff",
    "swapon",
    "syslog",
    "sysfs",
    "_sysctl",
    "umount",
    "umount2",
    "unshare",
    "uselib",
    "userfaultfd",
    "ustat",
    "vm86",
    "vm86old",
    "vhangup",
];

/// A condition every call passes that still makes the filter load the
/// first argument (both halves): no call's action is constant, so the
/// kernel's cache cannot skip the filter.
const LOADS_ARG: [Cond; 1] = [Cond::new(0, CmpOp::Ne, 0xdead_beef_dead_beef)];

/// getpid with no filter, under a Docker-like allow list (the kernel's
/// action cache answers for it), and under the same list with an argument
/// condition on every rule (the filter runs at every call).
fn seccomp_rows(plan: &Plan) -> Vec<Row> {
    let rules = |args: bool| -> Vec<Rule<'static>> {
        Sysno::iter()
            .filter(|s| s.is_implemented() && !DOCKER_DENIED.contains(&s.name()))
            .map(|s| {
                if args {
                    Rule::allow(s).when(&LOADS_ARG)
                } else {
                    Rule::allow(s)
                }
            })
            .collect()
    };
    let (mut cached, mut loading) = (rules(false), rules(true));
    let n = cached.len();
    let (mut buf1, mut buf2) = (
        vec![SockFilter::default(); seccomp::MAX_INSNS],
        vec![SockFilter::default(); seccomp::MAX_INSNS],
    );
    let deny = Action::errno(Errno::EPERM);
    let programs = [
        None,
        Some(Filter::new(deny, &mut cached).and_then(|f| f.compile(&mut buf1))),
        Some(Filter::new(deny, &mut loading).and_then(|f| f.compile(&mut buf2))),
    ];
    // Interleaved rounds, each configuration in a fresh child: the median
    // over rounds, so that a burst of load hits all three alike.
    let rounds = if plan.quick { 1 } else { 5 };
    let mut samples: [Result<Vec<f64>, String>; 3] = [Ok(vec![]), Ok(vec![]), Ok(vec![])];
    for _ in 0..rounds {
        for (program, got) in programs.iter().zip(&mut samples) {
            let Ok(v) = got else { continue };
            let r = match program {
                Some(Err(e)) => Err(format!("the filter does not compile: {e}")),
                Some(Ok(program)) => in_child(|p| {
                    // SAFETY: every call the child makes is allowed; the
                    // others fail with EPERM, which its code handles.
                    unsafe { seccomp::install(program, FilterFlags::empty(), NoNewPrivs::Set) }
                        .map_err(|e| format!("seccomp filters refused here: install: {e}"))?;
                    p.set(0, measure(plan, &mut getpid)?);
                    Ok(())
                }),
                None => in_child(|p| {
                    p.set(0, measure(plan, &mut getpid)?);
                    Ok(())
                }),
            };
            match r {
                Ok(page) => v.push(page.get(0)),
                Err(e) => *got = Err(e),
            }
        }
    }
    let [none, cached, loading] = samples.map(|r| r.map(|mut v| median(&mut v)));
    let base = none.as_ref().ok().copied();
    let note = |i: usize, cost: &Result<f64, String>| {
        let len = match &programs[i] {
            Some(Ok(p)) => p.len(),
            _ => 0,
        };
        match (cost, base) {
            (Ok(ns), Some(b)) => format!("{len} BPF insns; {:+.0} ns over no filter", ns - b),
            _ => format!("{len} BPF insns"),
        }
    };
    let (n1, n2) = (note(1, &cached), note(2, &loading));
    vec![
        Row::new("seccomp_none", "seccomp: getpid, no filter", "~50-100 ns").cost(none),
        Row::new(
            "seccomp_profile",
            format!("seccomp: {n}-rule profile (cached)"),
            "+ ~30 ns",
        )
        .cost(cached)
        .note(n1),
        Row::new(
            "seccomp_args",
            format!("seccomp: {n} rules loading an argument"),
            "+ tens of ns",
        )
        .cost(loading)
        .note(n2),
    ]
}

/// The getpid loop of a child stopped at every system call entry and exit
/// (`PTRACE_SYSCALL`), against the same loop untraced: tracer and tracee on
/// one CPU, then free to use two.
fn ptrace_rows(plan: &Plan, failed: &mut Vec<String>) -> Vec<Row> {
    let one = on_one_cpu(|| traced(plan)).and_then(|r| r);
    let two = match one_cpu_only() {
        Some(why) => Err(why),
        None => traced(plan),
    };
    let mut row = |row: Row, r: Result<(f64, f64), String>| match r {
        Ok((plain, traced)) => row.cost(Ok(traced)).note(format!(
            "{:.0}x the loop untraced ({:.0} ns)",
            traced / plain,
            plain
        )),
        Err(e) if e.starts_with("FAILED") => {
            failed.push(format!("ptrace: {e}"));
            row.cost(Err(e))
        }
        Err(e) => row.cost(Err(e)),
    };
    vec![
        row(
            Row::new(
                "ptrace_1cpu",
                "ptrace (PTRACE_SYSCALL): 1 CPU",
                "strace: 10-100x",
            ),
            one,
        ),
        row(
            Row::new(
                "ptrace_2cpu",
                "ptrace (PTRACE_SYSCALL): unpinned",
                "strace: 10-100x",
            ),
            two,
        ),
    ]
}

/// (untraced, traced) ns per getpid in a child that a tracer here stops at
/// every system call.
fn traced(plan: &Plan) -> Result<(f64, f64), String> {
    let page = Page::new()?;
    let calls = plan.slow_calls;
    let trials = plan.trials.min(7);
    let pid = fork_into(&page, |p| {
        let mut call = || getpid().map(drop).map_err(|e| e.to_string());
        p.set(0, batches(trials, calls * 10, &mut call)?);
        sysgate::ptrace::traceme().map_err(|e| format!("ptrace refused here: traceme: {e}"))?;
        // Stop until the tracer is ready.
        signal::kill(Target::Pid(process::getpid()), Signal::STOP)
            .map_err(|e| format!("kill: {e}"))?;
        p.set(1, batches(trials, calls, &mut call)?);
        Ok(())
    })?;
    let mut stops = 0u64;
    loop {
        match process::wait4(Target::Pid(pid), WaitOptions::empty()) {
            Err(Errno::EINTR) => continue,
            Err(e) => return Err(format!("FAILED wait4: {e}")),
            Ok(Some((_, WaitStatus::Stopped(_)))) => {
                stops += 1;
                // Each stop (the first SIGSTOP, then every entry and exit)
                // resumes to the next system call, the signal suppressed.
                sysgate::ptrace::syscall(pid, None)
                    .map_err(|e| format!("FAILED PTRACE_SYSCALL: {e}"))?;
            }
            Ok(Some((_, WaitStatus::Exited(0)))) => break,
            Ok(Some((_, WaitStatus::Exited(3)))) => return Err(page.msg()),
            Ok(other) => return Err(format!("FAILED: the tracee ended: {other:?}")),
        }
    }
    if stops < 2 * (trials * calls) as u64 {
        return Err(format!("FAILED: only {stops} ptrace stops"));
    }
    Ok((page.get(0), page.get(1)))
}

/// The selector of the dispatch child.
static SELECTOR: Selector = Selector::new();
/// The pid the handler answers getpid with, and how many calls it trapped.
static PID: AtomicUsize = AtomicUsize::new(0);
static TRAPPED: AtomicUsize = AtomicUsize::new(0);

/// Emulates a trapped getpid: the pid, from memory.
extern "C" fn on_sigsys(_: Signal, info: &SigInfo, uc: *mut c_void) {
    // SAFETY: `uc` is the context the kernel passed to this handler.
    if let Some(mut call) = unsafe { TrappedSyscall::from_ucontext(uc) } {
        if info.code() == dispatch::SYS_USER_DISPATCH && call.nr() == Sysno::getpid as usize {
            // SAFETY: the process's own pid is what getpid returns.
            unsafe { call.set_return(PID.load(Relaxed)) };
            TRAPPED.fetch_add(1, Relaxed);
        }
    }
    // The handler's return (rt_sigreturn) must not trap.
    SELECTOR.allow();
}

/// getpid trapped by syscall user dispatch and answered by a handler.
fn dispatch_row(plan: &Plan) -> Row {
    let row = Row::new("dispatch", "dispatch: getpid trapped, SIGSYS", "~1-2 µs");
    let r = in_child(|p| {
        PID.store(getpid().map_err(|e| e.to_string())?, Relaxed);
        let act = SigAction::new(
            SigHandler::SigInfo(on_sigsys),
            SaFlags::empty(),
            SigSet::EMPTY,
        );
        // SAFETY: the handler touches its context and atomics only.
        unsafe { signal::sigaction(Signal::SYS, Some(&act)) }
            .map_err(|e| format!("sigaction: {e}"))?;
        // SAFETY: SELECTOR is static; the handler answers every call it traps
        // (getpid, the only one made while blocked) and allows its return.
        unsafe { dispatch::enable(Region::Exempt(0..0), Some(&SELECTOR)) }
            .map_err(|e| format!("syscall user dispatch refused here: {e}"))?;
        let mut calls = 0usize;
        let ns = measure(plan, &mut || {
            SELECTOR.block();
            let pid = getpid();
            SELECTOR.allow();
            calls += 1;
            pid
        })?;
        dispatch::disable().map_err(|e| format!("dispatch::disable: {e}"))?;
        let trapped = TRAPPED.load(Relaxed);
        if trapped != calls {
            return Err(format!("FAILED: {trapped} of {calls} calls trapped"));
        }
        p.set(0, ns);
        Ok(())
    });
    row.cost(r.map(|p| p.get(0)))
        .note("block, call, handler emulates, sigreturn, allow")
}

/// One context switch: two processes ping-ponging a byte over two pipes;
/// a round trip is two switches.
fn switch(plan: &Plan) -> Result<f64, String> {
    let (a_r, a_w) = io::pipe2(io::PipeFlags::CLOEXEC).map_err(|e| format!("pipe2: {e}"))?;
    let (b_r, b_w) = io::pipe2(io::PipeFlags::CLOEXEC).map_err(|e| format!("pipe2: {e}"))?;
    let page = Page::new()?;
    let parent_ends = [a_w.as_raw_fd(), b_r.as_raw_fd()];
    let pid = fork_into(&page, |_| {
        for fd in parent_ends {
            // SAFETY: the child's copies of the parent's ends, which nothing
            // in the child uses (it ends with exit_group, dropping nothing).
            let _ = unsafe { syscall!(Sysno::close, fd) };
        }
        let mut byte = [0u8];
        // Echo until the parent closes its end.
        while io::read(&a_r, &mut byte).map_err(|e| format!("read: {e}"))? == 1 {
            io::write(&b_w, &byte).map_err(|e| format!("write: {e}"))?;
        }
        Ok(())
    })?;
    drop((a_r, b_w));
    let mut byte = [0u8];
    let mut round_trip = || {
        io::write(&a_w, &byte).map_err(|e| format!("write: {e}"))?;
        match io::read(&b_r, &mut byte).map_err(|e| format!("read: {e}"))? {
            1 => Ok(()),
            _ => Err("the child closed its pipe".to_string()),
        }
    };
    let ns = batches(plan.trials.min(7), plan.slow_calls * 2, &mut round_trip);
    drop(a_w);
    reap(pid, &page)?;
    Ok(ns? / 2.0)
}

/// The context switch pinned to one CPU and free to use two.
fn switch_rows(plan: &Plan, failed: &mut Vec<String>) -> Vec<Row> {
    let mut check =
        |r: Result<f64, String>| r.inspect_err(|e| failed.push(format!("context switch: {e}")));
    let one = on_one_cpu(|| switch(plan)).and_then(|r| r);
    let two = match one_cpu_only() {
        Some(why) => Err(why),
        None => check(switch(plan)),
    };
    vec![
        Row::new("switch_1cpu", "context switch (pipe): 1 CPU", "~1-2 µs").cost(check(one)),
        Row::new("switch_2cpu", "context switch (pipe): unpinned", "~1-2 µs")
            .cost(two)
            .note("pipe ping-pong between two processes"),
    ]
}

/// A minor page fault: the first write to each page of a fresh anonymous
/// mapping (huge pages off, so each 4 KiB page faults once).
pub fn fault_row(plan: &Plan, failed: &mut Vec<String>) -> Option<Row> {
    const PAGES: usize = 1024;
    let page = mm::page_size();
    let one_trial = || -> Result<f64, String> {
        // SAFETY: a fresh private mapping, unmapped below.
        let p = unsafe {
            mm::mmap_anonymous(
                std::ptr::null_mut(),
                PAGES * page,
                ProtFlags::READ | ProtFlags::WRITE,
                MapFlags::PRIVATE,
            )
        }
        .map_err(|e| format!("mmap: {e}"))?;
        // SAFETY: the mapping above; advice only. EINVAL without THP is fine.
        let _ = unsafe { mm::madvise(p, PAGES * page, Advice::NoHugePage) };
        let t = Instant::now();
        for i in 0..PAGES {
            // SAFETY: page `i` of the mapping, writable.
            unsafe { p.cast::<u8>().add(i * page).write_volatile(1) };
        }
        let ns = t.elapsed().as_nanos() as f64 / PAGES as f64;
        // SAFETY: the mapping above, no longer used.
        unsafe { mm::munmap(p, PAGES * page) }.map_err(|e| format!("munmap: {e}"))?;
        Ok(ns)
    };
    let ns = (0..plan.trials)
        .map(|_| one_trial())
        .collect::<Result<Vec<f64>, String>>()
        .map(|mut v| median(&mut v));
    if let Err(e) = &ns {
        failed.push(format!("page fault: {e}"));
    }
    Some(
        Row::new("fault", "minor page fault (first touch)", "~0.1-1 µs")
            .cost(ns)
            .note(format!(
                "{PAGES} pages of {page} B per trial, huge pages off"
            )),
    )
}
