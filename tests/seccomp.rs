//! seccomp filters on the real kernel, each installed in a child process (a
//! filter cannot be removed): a forked child that makes only raw system
//! calls, or, where threads are needed, this test binary run again.
//! qemu-user refuses filters: those tests print the errno it gave and skip.

mod common;

use common::{child_unwrap, skip, under_qemu};
use std::sync::atomic::{AtomicI32, AtomicU32, AtomicUsize, Ordering::SeqCst};
use sysgate::fd::BorrowedFd;
use sysgate::process::{Resource, Rlimit, WaitStatus};
use sysgate::seccomp::{
    self, Action, CmpOp, Cond, Filter, FilterFlags, Listener, NoNewPrivs, Program, Response, Rule,
    SockFilter,
};
use sysgate::signal::{sigaction, SaFlags, SigAction, SigHandler, SigInfo, SigSet, Signal};
use sysgate::{syscall, Errno, Sysno};

/// Exit codes of a forked child: 0 passed; `FAILED` a check failed (its
/// message on stderr); `REFUSED + errno` the filter was refused.
const FAILED: i32 = 1;
const REFUSED: i32 = 150;

/// In the child: reports `what` and exits unless `ok`.
fn check(ok: bool, what: &str) {
    if !ok {
        let _ = sysgate::io::write(BorrowedFd::stderr(), what.as_bytes());
        let _ = sysgate::io::write(BorrowedFd::stderr(), b"\n");
        sysgate::process::exit_group(FAILED);
    }
}

/// Installs `program` in the child, or exits with `REFUSED + errno`.
fn install(program: &Program<'_>, flags: FilterFlags) {
    // SAFETY: every filter of this file lets exit_group and the signal
    // return through (the default is allow, or they are allowed).
    if let Err(e) = unsafe { seccomp::install(program, flags, NoNewPrivs::Set) } {
        sysgate::process::exit_group(REFUSED + e.raw().min(100));
    }
}

/// Runs `child` in a forked child (raw system calls only: the test process
/// has threads) and returns how it ended, or `None` after saying why it
/// skips when the platform refuses filters.
fn forked(test: &str, child: impl FnOnce()) -> Option<WaitStatus> {
    let pid = common::fork_child(|| {
        // No core file for the children that die of SIGSYS.
        let _ = sysgate::process::setrlimit(
            Resource::Core,
            Rlimit {
                rlim_cur: 0,
                rlim_max: 0,
            },
        );
        child();
        0
    });
    let status = common::wait_child(pid);
    if let WaitStatus::Exited(code) = status {
        if code >= REFUSED {
            let e = Errno::from_raw(code - REFUSED).unwrap();
            assert!(
                qemu_refused(e),
                "{test}: installing the filter failed with {e}"
            );
            skip(test, &format!("qemu-user refuses seccomp filters ({e:?})"));
            return None;
        }
        assert!(
            code != FAILED && code != common::CHILD_PANICKED,
            "{test}: a check failed in the child (see stderr)"
        );
    }
    Some(status)
}

/// Whether `e` is qemu-user refusing filters: it has no `seccomp` call
/// (`ENOSYS`) and refuses `prctl(PR_SET_SECCOMP)` (`EINVAL`).
fn qemu_refused(e: Errno) -> bool {
    under_qemu() && (e == Errno::ENOSYS || e == Errno::EINVAL)
}

/// A raw call, with all six argument registers set.
fn call(nr: Sysno, a: [usize; 6]) -> Result<usize, Errno> {
    // SAFETY: the calls used here take integers or ignore their arguments.
    unsafe { syscall!(nr, a[0], a[1], a[2], a[3], a[4], a[5]) }
}

#[test]
fn allowed_and_denied_with_errno() {
    let status = forked("allowed_and_denied_with_errno", || {
        let mut rules = [
            Rule::allow(Sysno::getpid),
            Rule::allow(Sysno::write),
            Rule::allow(Sysno::exit_group),
            Rule::new(Sysno::getppid, Action::errno(Errno::ENOTTY)),
        ];
        let filter = child_unwrap(Filter::new(Action::errno(Errno::EHWPOISON), &mut rules));
        let mut buf = [SockFilter::default(); 64];
        let prog = child_unwrap(filter.compile(&mut buf));
        let pid = call(Sysno::getpid, [0; 6]);
        install(&prog, FilterFlags::empty());
        check(call(Sysno::getpid, [0; 6]) == pid, "getpid allowed");
        check(
            call(Sysno::getppid, [0; 6]) == Err(Errno::ENOTTY),
            "getppid ENOTTY",
        );
        check(
            call(Sysno::gettid, [0; 6]) == Err(Errno::EHWPOISON),
            "gettid: default",
        );
        check(
            call(Sysno::getuid, [0; 6]) == Err(Errno::EHWPOISON),
            "getuid: default",
        );
    });
    if let Some(s) = status {
        assert_eq!(s, WaitStatus::Exited(0));
    }
}

#[test]
fn killed() {
    for action in [Action::KillProcess, Action::KillThread] {
        let status = forked("killed", || {
            let mut rules = [Rule::new(Sysno::getppid, action)];
            let filter = child_unwrap(Filter::new(Action::Allow, &mut rules));
            let mut buf = [SockFilter::default(); 16];
            install(
                &child_unwrap(filter.compile(&mut buf)),
                FilterFlags::empty(),
            );
            let _ = call(Sysno::getppid, [0; 6]);
            check(false, "survived a killing filter");
        });
        if let Some(s) = status {
            assert!(
                matches!(
                    s,
                    WaitStatus::Signaled {
                        signal: Signal::SYS,
                        ..
                    }
                ),
                "{action:?}: {s:?}"
            );
        }
    }
}

static TRAP_SIGNO: AtomicI32 = AtomicI32::new(0);
static TRAP_NR: AtomicI32 = AtomicI32::new(-1);
static TRAP_ARCH: AtomicU32 = AtomicU32::new(0);
static TRAP_DATA: AtomicI32 = AtomicI32::new(0);
static TRAP_ADDR: AtomicUsize = AtomicUsize::new(0);

extern "C" fn on_sigsys(sig: Signal, info: &SigInfo, _: *mut core::ffi::c_void) {
    TRAP_SIGNO.store(sig.raw(), SeqCst);
    TRAP_NR.store(info.syscall(), SeqCst);
    TRAP_ARCH.store(info.arch(), SeqCst);
    TRAP_DATA.store(info.errno(), SeqCst);
    TRAP_ADDR.store(info.call_addr() as usize, SeqCst);
}

#[test]
fn trapped_with_the_number() {
    let status = forked("trapped_with_the_number", || {
        let act = SigAction::new(
            SigHandler::SigInfo(on_sigsys),
            SaFlags::empty(),
            SigSet::EMPTY,
        );
        // SAFETY: the handler only stores into atomics.
        child_unwrap(unsafe { sigaction(Signal::SYS, Some(&act)) });
        let mut rules = [Rule::new(Sysno::getppid, Action::Trap(0x1234))];
        let filter = child_unwrap(Filter::new(Action::Allow, &mut rules));
        let mut buf = [SockFilter::default(); 16];
        install(
            &child_unwrap(filter.compile(&mut buf)),
            FilterFlags::empty(),
        );
        let _ = call(Sysno::getppid, [0; 6]);
        check(
            TRAP_SIGNO.load(SeqCst) == Signal::SYS.raw(),
            "SIGSYS delivered",
        );
        check(TRAP_NR.load(SeqCst) == Sysno::getppid as i32, "si_syscall");
        check(TRAP_ARCH.load(SeqCst) == seccomp::AUDIT_ARCH, "si_arch");
        check(TRAP_DATA.load(SeqCst) == 0x1234, "trap data in si_errno");
        check(TRAP_ADDR.load(SeqCst) != 0, "si_call_addr");
    });
    if let Some(s) = status {
        assert_eq!(s, WaitStatus::Exited(0));
    }
}

#[test]
fn argument_conditions_at_both_halves() {
    const E: Errno = Errno::ENOTTY;
    let status = forked("argument_conditions_at_both_halves", || {
        let wide = usize::BITS == 64;
        // arg0 == 0x1_0000_0005 (the high half matters), arg1 masked to its
        // low half == 5, arg2 > 0xffff_ffff (only the high half can tell).
        let c0 = [Cond::new(0, CmpOp::Eq, 0x1_0000_0005)];
        let c1 = [Cond::new(1, CmpOp::MaskedEq(0xffff_ffff), 5)];
        let c2 = [Cond::new(2, CmpOp::Gt, 0xffff_ffff)];
        let mut rules = [
            Rule::new(Sysno::getppid, Action::errno(E)).when(&c0),
            Rule::new(Sysno::getppid, Action::errno(E)).when(&c1),
            Rule::new(Sysno::getppid, Action::errno(E)).when(&c2),
        ];
        let filter = child_unwrap(Filter::new(Action::Allow, &mut rules));
        let mut buf = [SockFilter::default(); 64];
        install(
            &child_unwrap(filter.compile(&mut buf)),
            FilterFlags::empty(),
        );
        let denied = |a: [usize; 6]| call(Sysno::getppid, a) == Err(E);
        check(
            !denied([5, 0, 0, 0, 0, 0]),
            "low half alone does not match arg0",
        );
        check(!denied([0, 6, 0, 0, 0, 0]), "arg1 low half 6");
        check(denied([0, 5, 0, 0, 0, 0]), "arg1 low half 5");
        check(
            !denied([0, 0, usize::MAX >> (usize::BITS - 32), 0, 0, 0]),
            "arg2 0xffffffff",
        );
        if wide {
            let hi = |v: u64| v as usize; // lossless on 64-bit
            check(
                denied([hi(0x1_0000_0005), 0, 0, 0, 0, 0]),
                "arg0 both halves",
            );
            check(
                !denied([hi(0x2_0000_0005), 0, 0, 0, 0, 0]),
                "arg0 other high half",
            );
            check(
                denied([0, hi(0x7_0000_0005), 0, 0, 0, 0]),
                "arg1 masked high half",
            );
            check(denied([0, 0, hi(0x1_0000_0000), 0, 0, 0]), "arg2 high half");
        }
    });
    if let Some(s) = status {
        assert_eq!(s, WaitStatus::Exited(0));
    }
}

#[test]
fn foreign_calls_are_refused() {
    if !cfg!(target_arch = "x86_64") {
        skip(
            "foreign_calls_are_refused",
            "only x86_64 has a second ABI (x32) to call through here",
        );
        return;
    }
    let status = forked("foreign_calls_are_refused", || {
        let mut rules = [Rule::allow(Sysno::getpid)];
        let filter = child_unwrap(Filter::new(Action::Allow, &mut rules))
            .foreign(Action::errno(Errno::EXDEV));
        let mut buf = [SockFilter::default(); 16];
        install(
            &child_unwrap(filter.compile(&mut buf)),
            FilterFlags::empty(),
        );
        // An x32 getpid: the x32 bit set on the number.
        // SAFETY: getpid takes no arguments.
        let r = unsafe { syscall!(Sysno::getpid as usize | 0x4000_0000) };
        check(
            r == Err(Errno::EXDEV),
            "x32 call refused with the foreign action",
        );
        check(call(Sysno::getpid, [0; 6]).is_ok(), "native call allowed");
    });
    if let Some(s) = status {
        assert_eq!(s, WaitStatus::Exited(0));
    }
}

/// The environment variable that makes a re-run of this binary the child.
const CHILD: &str = "SYSGATE_SECCOMP_CHILD";

/// In the parent, runs `test` again in a new process and checks that it
/// passed, printing what it said; `true` in that child, which runs the body.
fn rerun(test: &str) -> bool {
    if std::env::var_os(CHILD).is_some() {
        return true;
    }
    let out = common::reexec(test, CHILD);
    let stdout = String::from_utf8_lossy(&out.stdout);
    print!("{stdout}");
    eprint!("{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success(), "{test} failed in its own process");
    assert!(
        stdout.contains("test result: ok. 1 passed"),
        "{test} did not run"
    );
    false
}

/// Installs in this (re-run) process, or says why it skips.
fn install_here(program: &Program<'_>, flags: FilterFlags) -> Option<Option<sysgate::OwnedFd>> {
    // SAFETY: the filters of the re-run tests allow all but one call, which
    // no code relies on not returning.
    match unsafe { seccomp::install(program, flags, NoNewPrivs::Set) } {
        Ok(fd) => Some(fd),
        Err(e) if qemu_refused(e) => {
            skip(
                "seccomp",
                &format!("qemu-user refuses seccomp filters ({e:?})"),
            );
            None
        }
        Err(e) => panic!("installing the filter failed with {e}"),
    }
}

#[test]
fn tsync_reaches_other_threads() {
    if !rerun("tsync_reaches_other_threads") {
        return;
    }
    let (go_tx, go_rx) = std::sync::mpsc::channel::<()>();
    let other = std::thread::spawn(move || {
        go_rx.recv().unwrap();
        call(Sysno::getppid, [0; 6])
    });
    let mut rules = [Rule::new(Sysno::getppid, Action::errno(Errno::ENOTTY))];
    let filter = Filter::new(Action::Allow, &mut rules).unwrap();
    let mut buf = [SockFilter::default(); 16];
    let prog = filter.compile(&mut buf).unwrap();
    if install_here(&prog, FilterFlags::TSYNC | FilterFlags::TSYNC_ESRCH).is_none() {
        go_tx.send(()).unwrap();
        other.join().unwrap().unwrap();
        return;
    }
    go_tx.send(()).unwrap();
    assert_eq!(other.join().unwrap(), Err(Errno::ENOTTY));
    assert_eq!(call(Sysno::getppid, [0; 6]), Err(Errno::ENOTTY));
}

#[test]
fn queries() {
    match seccomp::action_available(Action::Allow) {
        Ok(yes) => {
            assert!(yes);
            // This crate needs Linux 5.x; every action is older (Linux 4.14).
            for a in [
                Action::KillProcess,
                Action::KillThread,
                Action::Trap(1),
                Action::errno(Errno::EPERM),
                Action::UserNotif,
                Action::Trace(1),
                Action::Log,
            ] {
                assert_eq!(seccomp::action_available(a), Ok(true), "{a}");
            }
        }
        Err(e) => {
            assert!(under_qemu(), "SECCOMP_GET_ACTION_AVAIL failed with {e}");
            skip("action_available", &format!("qemu-user: {e:?}"));
        }
    }
    match seccomp::notif_sizes() {
        Ok(s) => {
            assert!(s.notif >= 80 && s.resp >= 24 && s.data >= 64, "{s:?}");
        }
        Err(e) => {
            assert!(under_qemu(), "SECCOMP_GET_NOTIF_SIZES failed with {e}");
            skip("notif_sizes", &format!("qemu-user: {e:?}"));
        }
    }
    // Strict mode: read, write and exit still work; anything else kills.
    let status = forked("strict", || {
        if let Err(e) = seccomp::install_strict() {
            sysgate::process::exit_group(REFUSED + e.raw().min(100));
        }
        let _ = sysgate::io::write(BorrowedFd::stderr(), b"");
        // SAFETY: getpid takes no arguments; the process dies here.
        let _ = unsafe { syscall!(Sysno::getpid) };
        // SAFETY: exit ends the thread (allowed in strict mode).
        unsafe { sysgate::raw::syscall1_noreturn(Sysno::exit as usize, 3) }
    });
    if let Some(s) = status {
        assert!(
            matches!(
                s,
                WaitStatus::Signaled {
                    signal: Signal::KILL,
                    ..
                }
            ),
            "{s:?}"
        );
    }
}

#[test]
fn user_notification_supervisor() {
    if !rerun("user_notification_supervisor") {
        return;
    }
    // getppid(n) with n in 1..=5 goes to the supervisor.
    let range = [Cond::new(0, CmpOp::Ge, 1), Cond::new(0, CmpOp::Le, 5)];
    let mut rules = [Rule::new(Sysno::getppid, Action::UserNotif).when(&range)];
    let filter = Filter::new(Action::Allow, &mut rules).unwrap();
    let mut buf = [SockFilter::default(); 32];
    let prog = filter.compile(&mut buf).unwrap();
    let Some(fd) = install_here(&prog, FilterFlags::NEW_LISTENER) else {
        return;
    };
    let listener = Listener::new(fd.unwrap()).unwrap();
    let (r, w) = sysgate::io::pipe2(sysgate::io::PipeFlags::CLOEXEC).unwrap();
    // The supervisor thread inherits the filter, but never calls getppid(1..=5).
    let supervisor = std::thread::spawn(move || {
        for _ in 0..5 {
            let n = listener.recv().unwrap();
            assert_eq!(n.data.nr, Sysno::getppid as i32);
            assert_eq!(n.data.arch, seccomp::AUDIT_ARCH);
            assert!(listener.id_valid(n.id).unwrap());
            match n.data.args[0] {
                1 => listener.respond(n.id, Response::Value(4242)).unwrap(),
                2 => listener
                    .respond(n.id, Response::Errno(Errno::EXDEV))
                    .unwrap(),
                3 => listener.respond(n.id, Response::Continue).unwrap(),
                4 => {
                    let fd = listener.add_fd_send(n.id, &w, true).unwrap();
                    assert!(fd > 2);
                }
                _ => {
                    let fd = listener.add_fd(n.id, &w, false).unwrap();
                    listener.respond(n.id, Response::Value(fd.into())).unwrap();
                }
            }
            assert!(!listener.id_valid(n.id).unwrap());
            // Answered (EINPROGRESS) or gone once the caller woke (ENOENT).
            let again = listener.respond(n.id, Response::Value(0));
            assert!(
                again == Err(Errno::EINPROGRESS) || again == Err(Errno::ENOENT),
                "{again:?}"
            );
        }
    });
    let arg = |n: usize| [n, 0, 0, 0, 0, 0];
    assert_eq!(call(Sysno::getppid, arg(1)), Ok(4242));
    assert_eq!(call(Sysno::getppid, arg(2)), Err(Errno::EXDEV));
    let parent = call(Sysno::getppid, [0; 6]).unwrap();
    assert_eq!(call(Sysno::getppid, arg(3)), Ok(parent));
    for n in [4, 5] {
        let fd = call(Sysno::getppid, arg(n)).unwrap();
        // SAFETY: the supervisor just put this fd into this process for us.
        let fd = unsafe { sysgate::OwnedFd::from_raw_fd(fd as i32) };
        sysgate::io::write(&fd, &[n as u8]).unwrap();
        let mut b = [0u8; 1];
        sysgate::io::read(&r, &mut b).unwrap();
        assert_eq!(b[0], n as u8, "the injected fd is the pipe's write end");
    }
    supervisor.join().unwrap();
}

#[test]
fn large_filter_with_long_jumps() {
    let status = forked("large_filter_with_long_jumps", || {
        // The first 300 numbers of the table, every one but getppid's
        // conditioned, a program long enough (3,300 instructions) that
        // the search needs `ja` trampolines; 400 would pass the kernel's
        // 4,096 and be refused with E2BIG (src/seccomp/tests.rs).
        let c = [
            Cond::new(0, CmpOp::Eq, 7),
            Cond::new(1, CmpOp::Lt, 0x1_0000_0000),
        ];
        let mut rules = [Rule::raw(0, Action::Allow); 300];
        let mut n = 0;
        for (i, s) in Sysno::iter().enumerate().take(rules.len()) {
            let r = Rule::new(s, Action::errno(Errno::EXDEV)).when(&c);
            rules[i] = if s == Sysno::getppid {
                Rule::new(s, Action::errno(Errno::ENOTTY))
            } else {
                r
            };
            n = i + 1;
        }
        let filter = child_unwrap(Filter::new(Action::Allow, &mut rules[..n]));
        let mut buf = [SockFilter::default(); seccomp::MAX_INSNS];
        let prog = child_unwrap(filter.compile(&mut buf));
        check(prog.len() > 1000, "a long program");
        install(&prog, FilterFlags::empty());
        check(
            call(Sysno::getppid, [7, 0, 0, 0, 0, 0]) == Err(Errno::ENOTTY),
            "getppid",
        );
        check(
            call(Sysno::getpid, [7, 0, 0, 0, 0, 0]) == Err(Errno::EXDEV),
            "getpid(7)",
        );
        check(call(Sysno::getpid, [8, 0, 0, 0, 0, 0]).is_ok(), "getpid(8)");
        check(
            call(Sysno::gettid, [7, 1, 0, 0, 0, 0]) == Err(Errno::EXDEV),
            "gettid(7, 1)",
        );
    });
    if let Some(s) = status {
        assert_eq!(s, WaitStatus::Exited(0));
    }
}
