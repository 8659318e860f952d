//! What each way into the kernel costs on this machine, next to the figures
//! usually quoted: a function call; `getpid` by the architecture's system
//! call instruction; `clock_gettime` through the vDSO and as a system call;
//! `int $0x80` (and, as an i686 program, `sysenter` through
//! `__kernel_vsyscall`); io_uring nops one and 64 per `io_uring_enter` and
//! with a polling kernel thread; `getpid` under seccomp filters; under
//! ptrace (the strace model); trapped by syscall user dispatch; a context
//! switch; a minor page fault; and the CPU's mitigations in one line. Then a
//! log-scale bar chart of the same rows.
//!
//! ```sh
//! cargo run --release --example syscall_cost              # ~10 s
//! cargo run --release --example syscall_cost -- --quick   # a few seconds, rougher
//! cargo run --release --example syscall_cost -- --json    # for tools
//! # as an i686 program (the sysenter row):
//! rustup target add i686-unknown-linux-gnu
//! CARGO_TARGET_I686_UNKNOWN_LINUX_GNU_LINKER=i686-linux-gnu-gcc \
//!   cargo run --release --example syscall_cost --target i686-unknown-linux-gnu
//! ```
//!
//! Each in-process operation is warmed up, then timed in trials of many
//! calls each; the table shows the median trial. Results go through
//! `black_box`, so the compiler cannot drop a call. Filters, tracing and
//! dispatch are set up in forked children (none can be undone), which report
//! through a shared page. A row that cannot run here says why instead of
//! showing a number; a call that fails where it should work ends the program
//! with a non-zero status (a slow one never does).

use std::hint::black_box;
use std::process::ExitCode;
use std::time::{Duration, Instant};
use sysgate::time::{self, ClockId, Timespec};
use sysgate::{syscall, syscall_readonly, Sysno};

mod child;
mod kernel;
mod report;
mod uring;

/// How long to measure.
pub struct Plan {
    /// Trials per time-based measurement (the median is kept).
    pub trials: usize,
    /// About how long one trial lasts.
    pub trial: Duration,
    /// Round trips or traced calls per trial of the count-based rows.
    pub slow_calls: usize,
    /// Whether this is the `--quick` run.
    pub quick: bool,
}

/// Median nanoseconds per call of `f`, or the error of a failed call.
pub fn measure(plan: &Plan, f: &mut dyn FnMut() -> sysgate::Result<usize>) -> Result<f64, String> {
    // Warm up (caches, branch predictors, lazy vDSO lookup) and check.
    for _ in 0..100 {
        f().map_err(|e| e.to_string())?;
    }
    // Calls per trial so that one trial lasts about `plan.trial`.
    let mut n: u64 = 16;
    loop {
        let t = Instant::now();
        for _ in 0..n {
            black_box(f().map_err(|e| e.to_string())?);
        }
        if t.elapsed() >= plan.trial / 4 || n >= 1 << 32 {
            n *= 4;
            break;
        }
        n *= 2;
    }
    let mut samples = Vec::with_capacity(plan.trials);
    for _ in 0..plan.trials {
        let t = Instant::now();
        for _ in 0..n {
            black_box(f().map_err(|e| e.to_string())?);
        }
        samples.push(t.elapsed().as_nanos() as f64 / n as f64);
    }
    Ok(median(&mut samples))
}

/// Median ns per call of `trials` batches of `calls` calls of `f`.
pub fn batches(
    trials: usize,
    calls: usize,
    f: &mut dyn FnMut() -> Result<(), String>,
) -> Result<f64, String> {
    let mut samples = Vec::with_capacity(trials);
    for _ in 0..trials {
        let t = Instant::now();
        for _ in 0..calls {
            f()?;
        }
        samples.push(t.elapsed().as_nanos() as f64 / calls as f64);
    }
    Ok(median(&mut samples))
}

/// The median of `v` (NaN for none).
pub fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(f64::NAN)
}

/// A plain function call the compiler may not inline or elide.
#[inline(never)]
fn plain_function(x: usize) -> sysgate::Result<usize> {
    Ok(black_box(x).wrapping_add(1))
}

/// `getpid` through the crate's default entry.
pub fn getpid() -> sysgate::Result<usize> {
    // SAFETY: getpid takes no arguments.
    unsafe { syscall_readonly!(Sysno::getpid) }
}

/// `clock_gettime` as a raw system call, bypassing the vDSO.
fn clock_gettime_syscall(clock: ClockId) -> sysgate::Result<usize> {
    let mut ts = Timespec::ZERO;
    // 32-bit x86 has a 64-bit-time variant under its own number.
    #[cfg(target_arch = "x86")]
    let nr = Sysno::clock_gettime64;
    #[cfg(not(target_arch = "x86"))]
    let nr = Sysno::clock_gettime;
    // SAFETY: the kernel writes one 64-bit `struct timespec` into `ts`.
    unsafe { syscall!(nr, clock.raw(), &mut ts as *mut Timespec) }?;
    Ok(ts.tv_nsec as usize)
}

/// The instruction `getpid` enters the kernel with here.
const ENTRY: &str = if cfg!(target_arch = "x86_64") {
    "syscall"
} else if cfg!(target_arch = "x86") {
    "__kernel_vsyscall"
} else if cfg!(target_arch = "aarch64") {
    "svc 0"
} else {
    "ecall"
};

/// One row of the table: a measured cost, or why there is none.
pub struct Row {
    /// A stable name for tools (`--json`, `.ci/examples`).
    pub id: &'static str,
    /// What was measured.
    pub name: String,
    /// ns per operation, or why it could not be measured here.
    pub cost: Result<f64, String>,
    /// The figure usually quoted.
    pub quoted: &'static str,
    /// What else the measurement showed (a ratio, a count).
    pub note: String,
}

impl Row {
    pub fn new(id: &'static str, name: impl Into<String>, quoted: &'static str) -> Row {
        Row {
            id,
            name: name.into(),
            cost: Err(String::new()),
            quoted,
            note: String::new(),
        }
    }

    pub fn cost(mut self, cost: Result<f64, String>) -> Row {
        self.cost = cost;
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Row {
        self.note = note.into();
        self
    }
}

/// Whether this program runs under qemu-user (the host kernel's machine
/// differs from the one `uname` reports).
pub fn under_qemu() -> bool {
    let host = std::fs::read_to_string("/proc/sys/kernel/arch").unwrap_or_default();
    let u = sysgate::process::uname();
    let machine = std::str::from_utf8(u.machine()).unwrap_or("");
    !host.trim().is_empty() && host.trim() != machine
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let quick = args.iter().any(|a| a == "--quick") || std::env::var_os("SYSGATE_QUICK").is_some();
    let json = args.iter().any(|a| a == "--json");
    let plan = if quick {
        Plan {
            trials: 3,
            trial: Duration::from_millis(3),
            slow_calls: 100,
            quick,
        }
    } else {
        Plan {
            trials: 11,
            trial: Duration::from_millis(40),
            slow_calls: 1000,
            quick,
        }
    };
    let has_vdso = sysgate::vdso::init();
    let mut failed = Vec::new();
    let mut rows = direct_rows(&plan, has_vdso, &mut failed);
    rows.extend(uring::rows(&plan, &mut failed));
    rows.extend(child::rows(&plan, &mut failed));
    rows.extend(child::fault_row(&plan, &mut failed));
    let mitigations = kernel::mitigations();

    let head = report::Head {
        arch: std::env::consts::ARCH,
        kernel: kernel::release(),
        date: kernel::today(),
        quick,
        has_vdso,
        qemu: under_qemu(),
        mitigations,
    };
    if json {
        report::json(&head, &rows);
    } else {
        report::table(&head, &rows);
        report::chart(&rows);
    }
    for e in &failed {
        eprintln!("syscall_cost: FAILED: {e}");
    }
    if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// The rows measured in this process: calls, the vDSO, reads, the x86
/// entries, the page fault.
fn direct_rows(plan: &Plan, has_vdso: bool, failed: &mut Vec<String>) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut run = |row: Row, f: &mut dyn FnMut() -> sysgate::Result<usize>| {
        let cost = measure(plan, f);
        if let Err(e) = &cost {
            failed.push(format!("{}: {e}", row.name));
        }
        rows.push(row.cost(cost));
    };
    run(
        Row::new("call", "function call (not inlined)", "~1 ns"),
        &mut || plain_function(black_box(41)),
    );
    run(
        Row::new(
            "syscall",
            format!("getpid, system call ({ENTRY})"),
            "~50-100 ns",
        ),
        &mut getpid,
    );
    let via = if has_vdso {
        "vDSO"
    } else {
        "no vDSO: system call"
    };
    run(
        Row::new("vdso", format!("clock_gettime, {via}"), "~20 ns"),
        &mut || time::clock_gettime(ClockId::MONOTONIC).map(|t| t.tv_nsec as usize),
    );
    run(
        Row::new("clock_syscall", "clock_gettime, system call", "~50-100 ns"),
        &mut || clock_gettime_syscall(ClockId::MONOTONIC),
    );
    rows.extend(x86_rows(plan, failed));
    rows
}

/// The i386 number of `getpid` (`arch/x86/syscalls.tbl`), which `int $0x80`
/// looks up on x86_64 too.
#[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
const I386_GETPID: usize = 20;

/// `getpid` through `int $0x80`; the result checked against the pid.
#[cfg(any(target_arch = "x86", target_arch = "x86_64"))]
fn int80_getpid() -> sysgate::Result<usize> {
    // SAFETY: getpid takes no arguments.
    sysgate::raw::check(unsafe { sysgate::raw::int80::syscall0_readonly(I386_GETPID) })
}

/// How to run this example as an i686 program.
#[cfg(target_arch = "x86_64")]
const AS_I686: &str = "run as an i686 program: `rustup target add i686-unknown-linux-gnu`, then \
     `CARGO_TARGET_I686_UNKNOWN_LINUX_GNU_LINKER=i686-linux-gnu-gcc cargo run --release \
     --example syscall_cost --target i686-unknown-linux-gnu`";

/// `int $0x80`, and `sysenter` through `__kernel_vsyscall`.
fn x86_rows(plan: &Plan, failed: &mut Vec<String>) -> Vec<Row> {
    let int80 = Row::new("int80", "getpid, int $0x80", "~2x syscall");
    let sysenter = Row::new(
        "sysenter",
        "getpid, sysenter (__kernel_vsyscall)",
        "~syscall",
    );
    let mut measured = |f: fn() -> sysgate::Result<usize>, name: &str| {
        measure(plan, &mut || f()).inspect_err(|e| failed.push(format!("{name}: {e}")))
    };
    let qemu = if under_qemu() {
        " (emulated by qemu)"
    } else {
        ""
    };
    #[cfg(target_arch = "x86_64")]
    {
        // Without IA32 emulation the instruction faults (SIGSEGV): probe it
        // in a child first.
        let probe = child::probe(|| {
            let pid = int80_getpid().map_err(|e| e.to_string())?;
            let want = getpid().map_err(|e| e.to_string())?;
            if pid == want {
                Ok(())
            } else {
                Err(format!("int $0x80 getpid returned {pid}, not {want}"))
            }
        });
        let int80 = match probe {
            Ok(()) => int80
                .cost(measured(int80_getpid, "int $0x80"))
                .note(format!(
                    "64-bit code into the 32-bit table (getpid = 20){qemu}"
                )),
            Err(e) => int80.cost(Err(format!(
                "no 32-bit entry here ({e}): a kernel without CONFIG_IA32_EMULATION or booted \
                 with ia32_emulation=0 faults"
            ))),
        };
        let sysenter = sysenter.cost(Err(format!(
            "on x86_64 only 32-bit code may use sysenter (through the vDSO's \
             __kernel_vsyscall); {AS_I686}"
        )));
        vec![int80, sysenter]
    }
    #[cfg(target_arch = "x86")]
    {
        let sysenter = if sysgate::auxv::get(sysgate::auxv::AT_SYSINFO).is_some() {
            sysenter
                .cost(measured(getpid, "__kernel_vsyscall"))
                .note(format!("the default entry of an i386 program{qemu}"))
        } else {
            sysenter.cost(Err(
                "the kernel gave no AT_SYSINFO: every call uses int $0x80".into(),
            ))
        };
        let int80 = int80
            .cost(measured(int80_getpid, "int $0x80"))
            .note(format!("i386's fallback entry{qemu}"));
        vec![int80, sysenter]
    }
    #[cfg(not(any(target_arch = "x86", target_arch = "x86_64")))]
    {
        let _ = (plan, &mut measured, qemu);
        let why = format!("x86 only (this is {})", std::env::consts::ARCH);
        vec![int80.cost(Err(why.clone())), sysenter.cost(Err(why))]
    }
}
