//! What a seccomp filter costs an allowed system call: sysgate's filters
//! beside libseccomp's, same run, same machine.
//!
//! `cargo bench --bench seccomp`; `SYSGATE_BENCH_QUICK=1` for a short run.
//!
//! Each filter is installed in its own forked child (a filter cannot be
//! removed), which times `getpid` and reports through shared memory (the
//! fastest of its samples); every configuration runs in many children,
//! interleaved, and the table shows the median over them. The filters' default is to kill the process: the child ends
//! by being killed, or exits where `exit_group` is allowed.
//!
//! libseccomp (`libseccomp-dev`) is linked through the few declarations
//! below, on x86_64 glibc only.

use std::hint::black_box;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};
use sysgate::seccomp::{
    self, Action, CmpOp, Cond, Filter, FilterFlags, NoNewPrivs, Program, Rule, SockFilter,
};
use sysgate::{syscall, Sysno};

/// The call measured: `getpid` with argument 0 (which an argument
/// condition checks).
#[inline(always)]
fn getpid() -> usize {
    // SAFETY: getpid ignores its argument.
    unsafe { syscall!(Sysno::getpid, 0) }.unwrap_or(0)
}

struct Settings {
    trials: usize,
    sample: Duration,
    rounds: usize,
}

/// ns per `getpid`: the fastest of `trials` samples of about `sample`
/// each (on a shared machine, the least disturbed one).
fn measure(s: &Settings) -> f64 {
    let mut n = 1u64;
    loop {
        let t = Instant::now();
        for _ in 0..n {
            black_box(getpid());
        }
        if t.elapsed() >= s.sample / 4 {
            n *= 4;
            break;
        }
        n *= 2;
    }
    // A fixed array: under a filter allowing only getpid, an allocation
    // that needed the kernel would kill the child.
    let mut samples = [0f64; 64];
    let samples = &mut samples[..s.trials.min(64)];
    for x in samples.iter_mut() {
        let t = Instant::now();
        for _ in 0..n {
            black_box(getpid());
        }
        *x = t.elapsed().as_nanos() as f64 / n as f64;
    }
    samples.iter().copied().fold(f64::INFINITY, f64::min)
}

/// How a child sets up its filter: `Err` says why it could not.
type Setup = Box<dyn Fn() -> Result<(), String>>;

/// Runs `setup` then the measurement in a forked child; ns per call.
fn in_child(setup: &Setup, s: &Settings) -> Result<f64, String> {
    // SAFETY: a fresh shared anonymous page, unmapped below.
    let page = unsafe {
        libc::mmap(
            std::ptr::null_mut(),
            4096,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_SHARED | libc::MAP_ANONYMOUS,
            -1,
            0,
        )
    };
    assert_ne!(page, libc::MAP_FAILED);
    // SAFETY: the page is mapped, aligned, and shared with the child only.
    let result = unsafe { &*(page as *const AtomicU64) };
    result.store(u64::MAX, Ordering::SeqCst);
    // SAFETY: this program has one thread when it forks.
    let pid = unsafe { libc::fork() };
    assert!(pid >= 0, "fork failed");
    if pid == 0 {
        let no_core = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: setrlimit reads the struct.
        unsafe { libc::setrlimit(libc::RLIMIT_CORE, &no_core) };
        if let Err(e) = setup() {
            eprintln!("{e}");
            // SAFETY: ends the child.
            unsafe { libc::_exit(2) };
        }
        let ns = measure(s);
        result.store(ns.to_bits(), Ordering::SeqCst);
        // SAFETY: ends the child (or the filter kills it here).
        unsafe { libc::_exit(0) };
    }
    let mut status = 0;
    // SAFETY: waits for our child.
    unsafe { libc::waitpid(pid, &mut status, 0) };
    let bits = result.load(Ordering::SeqCst);
    // SAFETY: the page mapped above.
    unsafe { libc::munmap(page, 4096) };
    if bits == u64::MAX {
        return Err(format!("the child failed (status {status:#x})"));
    }
    Ok(f64::from_bits(bits))
}

/// `n` distinct system call numbers spread over the table, `getpid` among
/// them at position `at` (0: first, `n - 1`: last) in the returned order.
fn calls(n: usize, at: usize) -> Vec<u32> {
    let all: Vec<u32> = Sysno::iter()
        .map(|s| s as u32)
        .filter(|&nr| nr != Sysno::getpid as u32)
        .collect();
    let mut v: Vec<u32> = (0..n - 1).map(|i| all[i * all.len() / n]).collect();
    v.insert(at.min(v.len()), Sysno::getpid as u32);
    v
}

const ARG0_IS_0: [Cond; 1] = [Cond::new(0, CmpOp::Eq, 0)];

/// sysgate's filter for `nrs`, all allowed (getpid only when its argument
/// is 0 if `cond`), everything else killing the process.
fn sysgate_filter(nrs: &[u32], cond: bool) -> Setup {
    let nrs = nrs.to_vec();
    Box::new(move || {
        let mut rules: Vec<Rule> = nrs
            .iter()
            .map(|&nr| {
                let r = Rule::raw(nr, Action::Allow);
                if cond && nr == Sysno::getpid as u32 {
                    r.when(&ARG0_IS_0)
                } else {
                    r
                }
            })
            .collect();
        let filter = Filter::new(Action::KillProcess, &mut rules).map_err(|e| e.to_string())?;
        let mut buf = [SockFilter::default(); seccomp::MAX_INSNS];
        let prog = filter.compile(&mut buf).map_err(|e| e.to_string())?;
        install(&prog)
    })
}

fn install(prog: &Program<'_>) -> Result<(), String> {
    // SAFETY: the child ends with `_exit`, which the filter allows or which
    // kills it; nothing else relies on a call not returning.
    unsafe { seccomp::install(prog, FilterFlags::empty(), NoNewPrivs::Set) }
        .map(drop)
        .map_err(|e| format!("install: {e}"))
}

/// The smallest filter that checks anything: the architecture, then one
/// rule, hand-written.
fn minimal() -> Setup {
    Box::new(|| {
        use sysgate::seccomp::Action::{Allow, KillProcess};
        const LD: u16 = 0x20;
        const JEQ: u16 = 0x15;
        const RET: u16 = 0x06;
        let p = [
            SockFilter::stmt(LD, 4),
            SockFilter::jump(JEQ, seccomp::AUDIT_ARCH, 0, 3),
            SockFilter::stmt(LD, 0),
            SockFilter::jump(JEQ, Sysno::getpid as u32, 0, 1),
            SockFilter::stmt(RET, Allow.raw()),
            SockFilter::stmt(RET, KillProcess.raw()),
        ];
        install(&Program::new(&p).map_err(|e| e.to_string())?)
    })
}

#[cfg(all(target_arch = "x86_64", target_env = "gnu"))]
mod libseccomp {
    //! The part of libseccomp's API this benchmark uses (`seccomp.h`).
    use std::ffi::{c_int, c_uint, c_void};

    #[repr(C)]
    pub struct ArgCmp {
        pub arg: c_uint,
        pub op: c_int,
        pub datum_a: u64,
        pub datum_b: u64,
    }

    pub const ACT_KILL_PROCESS: u32 = 0x8000_0000;
    pub const ACT_ALLOW: u32 = 0x7fff_0000;
    pub const CMP_EQ: c_int = 4;
    pub const FLTATR_CTL_OPTIMIZE: c_int = 8;

    #[link(name = "seccomp")]
    extern "C" {
        pub fn seccomp_init(def_action: u32) -> *mut c_void;
        pub fn seccomp_release(ctx: *mut c_void);
        pub fn seccomp_rule_add_array(
            ctx: *mut c_void,
            action: u32,
            syscall: c_int,
            arg_cnt: c_uint,
            arg_array: *const ArgCmp,
        ) -> c_int;
        pub fn seccomp_attr_set(ctx: *mut c_void, attr: c_int, value: u32) -> c_int;
        pub fn seccomp_load(ctx: *const c_void) -> c_int;
        pub fn seccomp_export_bpf(ctx: *const c_void, fd: c_int) -> c_int;
    }

    /// A context with `nrs` allowed in this order (getpid only when its
    /// argument is 0 if `cond`), at optimization level `optimize` (1:
    /// default layout, 2: binary tree).
    pub fn build(nrs: &[u32], cond: bool, optimize: u32) -> Result<*mut c_void, String> {
        // SAFETY: plain calls on a context we own; the argument array lives
        // through each call.
        unsafe {
            let ctx = seccomp_init(ACT_KILL_PROCESS);
            if ctx.is_null() {
                return Err("seccomp_init failed".into());
            }
            let rc = seccomp_attr_set(ctx, FLTATR_CTL_OPTIMIZE, optimize);
            if rc != 0 {
                return Err(format!("seccomp_attr_set: {rc}"));
            }
            let cmp = ArgCmp {
                arg: 0,
                op: CMP_EQ,
                datum_a: 0,
                datum_b: 0,
            };
            for &nr in nrs {
                let n = u32::from(cond && nr == sysgate::Sysno::getpid as u32);
                let rc = seccomp_rule_add_array(ctx, ACT_ALLOW, nr as c_int, n, &cmp);
                if rc != 0 {
                    return Err(format!("seccomp_rule_add {nr}: {rc}"));
                }
            }
            Ok(ctx)
        }
    }

    pub fn filter(nrs: &[u32], cond: bool, optimize: u32) -> super::Setup {
        let nrs = nrs.to_vec();
        Box::new(move || {
            let ctx = build(&nrs, cond, optimize)?;
            // SAFETY: a context built above.
            let rc = unsafe { seccomp_load(ctx) };
            if rc != 0 {
                return Err(format!("seccomp_load: {rc}"));
            }
            Ok(())
        })
    }

    /// CPU ns to build and generate a filter of `nrs` (written to /dev/null).
    pub fn compile_ns(nrs: &[u32], reps: u32) -> f64 {
        let null = std::fs::File::create("/dev/null").unwrap();
        let fd = std::os::fd::AsRawFd::as_raw_fd(&null);
        let t = super::cpu_time();
        for _ in 0..reps {
            let ctx = build(nrs, true, 2).unwrap();
            // SAFETY: a context built above, released once.
            unsafe {
                assert_eq!(seccomp_export_bpf(ctx, fd), 0);
                seccomp_release(ctx);
            }
        }
        (super::cpu_time() - t).as_nanos() as f64 / f64::from(reps)
    }
}

/// The calling thread's CPU time: what a compilation costs, without the
/// time other processes of a shared machine take from it.
fn cpu_time() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: writes one timespec.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// CPU ns to sort and compile a sysgate filter of `nrs`.
fn sysgate_compile_ns(nrs: &[u32], reps: u32) -> f64 {
    let mut rules: Vec<Rule> = nrs.iter().map(|&nr| Rule::raw(nr, Action::Allow)).collect();
    rules[0] = rules[0].when(&ARG0_IS_0);
    let mut buf = vec![SockFilter::default(); seccomp::MAX_INSNS];
    let t = cpu_time();
    for _ in 0..reps {
        // Reverse each time, so every compilation sorts.
        rules.reverse();
        let filter = Filter::new(Action::KillProcess, black_box(&mut rules)).unwrap();
        black_box(filter.compile(&mut buf).unwrap().len());
    }
    (cpu_time() - t).as_nanos() as f64 / f64::from(reps)
}

fn main() -> std::process::ExitCode {
    let quick = std::env::var_os("SYSGATE_BENCH_QUICK").is_some();
    let s = Settings {
        // Short samples, many: some fall between two preemptions.
        trials: if quick { 10 } else { 64 },
        sample: Duration::from_micros(300),
        rounds: if quick { 1 } else { 21 },
    };
    let probe: Setup = Box::new(|| {
        let mut rules = [Rule::allow(Sysno::getpid), Rule::allow(Sysno::exit_group)];
        let f = Filter::new(Action::KillProcess, &mut rules).map_err(|e| e.to_string())?;
        let mut buf = [SockFilter::default(); 16];
        install(&f.compile(&mut buf).map_err(|e| e.to_string())?)
    });
    if let Err(e) = in_child(
        &probe,
        &Settings {
            trials: 1,
            sample: Duration::from_micros(100),
            rounds: 1,
        },
    ) {
        println!("SKIP seccomp bench: filters cannot be installed here ({e})");
        return std::process::ExitCode::SUCCESS;
    }

    let mut configs: Vec<(String, Setup)> = vec![
        ("no filter".into(), Box::new(|| Ok(()))),
        ("minimal (arch + 1 rule, by hand)".into(), minimal()),
    ];
    for n in [1, 100, 300] {
        configs.push((
            format!("sysgate, {n} allowed"),
            sysgate_filter(&calls(n, 0), false),
        ));
    }
    #[cfg(all(target_arch = "x86_64", target_env = "gnu"))]
    for (opt, name) in [(1, "default"), (2, "bintree")] {
        for n in [1, 100, 300] {
            let f = libseccomp::filter(&calls(n, 0), false, opt);
            configs.push((format!("libseccomp {name}, {n} allowed"), f));
        }
    }
    for (at, pos) in [(0, "first"), (299, "last")] {
        let nrs = calls(300, at);
        configs.push((
            format!("sysgate, 300, arg cond, {pos}"),
            sysgate_filter(&nrs, true),
        ));
        #[cfg(all(target_arch = "x86_64", target_env = "gnu"))]
        for (opt, name) in [(1, "default"), (2, "bintree")] {
            let f = libseccomp::filter(&nrs, true, opt);
            configs.push((format!("libseccomp {name}, 300, arg cond, {pos}"), f));
        }
    }

    // Interleaved rounds: every configuration once per round.
    let mut results: Vec<Vec<f64>> = vec![Vec::new(); configs.len()];
    let mut failed = false;
    for _ in 0..s.rounds {
        for (i, (name, setup)) in configs.iter().enumerate() {
            match in_child(setup, &s) {
                Ok(ns) => results[i].push(ns),
                Err(e) => {
                    println!("{name}: FAILED: {e}");
                    failed = true;
                }
            }
        }
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
    };
    let medians: Vec<f64> = results.iter_mut().map(median).collect();
    let find = |name: &str| {
        configs
            .iter()
            .position(|(n, _)| n == name)
            .map_or(f64::NAN, |i| medians[i])
    };
    let base = find("minimal (arch + 1 rule, by hand)");
    let none = find("no filter");
    println!(
        "{:<44} {:>10} {:>9} {:>9}",
        "getpid under", "ns/call", "/none", "/minimal"
    );
    for ((name, _), m) in configs.iter().zip(&medians) {
        println!("{name:<44} {m:>10.1} {:>9.3} {:>9.3}", m / none, m / base);
    }
    println!();
    let s300 = find("sysgate, 300 allowed");
    println!(
        "sysgate 300 allowed / minimal: {:.3} (target <= 1.02)",
        s300 / base
    );
    #[cfg(all(target_arch = "x86_64", target_env = "gnu"))]
    for pos in ["first", "last"] {
        let ours = find(&format!("sysgate, 300, arg cond, {pos}"));
        let tree = find(&format!("libseccomp bintree, 300, arg cond, {pos}"));
        let dflt = find(&format!("libseccomp default, 300, arg cond, {pos}"));
        println!(
            "arg cond ({pos}): sysgate / libseccomp bintree {:.3} (target <= 1.00), / default {:.3} (target <= 0.90)",
            ours / tree,
            ours / dflt
        );
    }
    let nrs = calls(300, 0);
    let reps = if quick { 100 } else { 2000 };
    let ours = sysgate_compile_ns(&nrs, reps);
    println!(
        "compile 300 rules: sysgate {:.1} us of CPU (target <= 50)",
        ours / 1000.0
    );
    #[cfg(all(target_arch = "x86_64", target_env = "gnu"))]
    {
        let theirs = libseccomp::compile_ns(&nrs, reps / 20);
        println!(
            "compile 300 rules: libseccomp (bintree, to /dev/null) {:.1} us of CPU",
            theirs / 1000.0
        );
    }
    if failed {
        std::process::ExitCode::FAILURE
    } else {
        std::process::ExitCode::SUCCESS
    }
}
