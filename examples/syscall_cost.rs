//! What a system call costs on this machine, next to the figures usually
//! quoted: a plain function call, `getpid` as a raw system call,
//! `clock_gettime` through the vDSO and as a raw system call, 1-byte and
//! 64 KiB reads from `/dev/zero` (the cost per call against the cost per
//! byte) and, on i386, `int $0x80` against `__kernel_vsyscall`.
//!
//! ```sh
//! cargo run --release --example syscall_cost            # a few seconds
//! cargo run --release --example syscall_cost -- --quick # under a second, rougher
//! ```
//!
//! Each operation is warmed up, then timed in trials of many calls each;
//! the table shows the median trial. Results go through `black_box`, so
//! the compiler cannot drop a call. Every call is checked: a failed one
//! ends the program with a non-zero status (a slow one never does).

use std::hint::black_box;
use std::process::ExitCode;
use std::time::{Duration, Instant};
use sysgate::time::{self, ClockId, Timespec};
use sysgate::{syscall, syscall_readonly, Sysno};

/// How long to measure.
struct Plan {
    trials: usize,
    trial: Duration,
}

/// Median nanoseconds per call of `f`, or the error of a failed call.
fn measure(plan: &Plan, f: &mut dyn FnMut() -> sysgate::Result<usize>) -> Result<f64, String> {
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
    samples.sort_by(f64::total_cmp);
    Ok(samples[samples.len() / 2])
}

/// A plain function call the compiler may not inline or elide.
#[inline(never)]
fn plain_function(x: usize) -> sysgate::Result<usize> {
    Ok(black_box(x).wrapping_add(1))
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

/// An operation to time: its name, the figure usually quoted, one call.
type Op<'a> = (
    String,
    &'static str,
    Box<dyn FnMut() -> sysgate::Result<usize> + 'a>,
);

/// One row of the table.
struct Row {
    name: String,
    ns: f64,
    quoted: &'static str,
}

fn main() -> ExitCode {
    let quick =
        std::env::args().any(|a| a == "--quick") || std::env::var_os("SYSGATE_QUICK").is_some();
    let plan = if quick {
        Plan {
            trials: 3,
            trial: Duration::from_millis(3),
        }
    } else {
        Plan {
            trials: 11,
            trial: Duration::from_millis(40),
        }
    };
    let has_vdso = sysgate::vdso::init();

    // /dev/zero, opened with a raw system call.
    const O_RDONLY_CLOEXEC: usize = 0o2000000;
    const AT_FDCWD: isize = -100;
    // SAFETY: the path is NUL-terminated; the fd is closed at the end.
    let zero = match unsafe {
        syscall!(
            Sysno::openat,
            AT_FDCWD,
            c"/dev/zero".as_ptr(),
            O_RDONLY_CLOEXEC,
            0
        )
    } {
        Ok(fd) => fd,
        Err(e) => {
            eprintln!("syscall_cost: cannot open /dev/zero: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut big = vec![0u8; 64 * 1024];
    let mut byte = [0u8; 1];

    let read_into = |buf: &mut [u8]| {
        // SAFETY: read(2) writes at most `buf.len()` bytes into `buf`.
        let n = unsafe { syscall!(Sysno::read, zero, buf.as_mut_ptr(), buf.len()) }?;
        // /dev/zero fills the whole buffer; anything else is a failed call.
        if n == buf.len() {
            Ok(n)
        } else {
            Err(sysgate::Errno::EIO)
        }
    };

    let clock_via = if has_vdso {
        "vDSO"
    } else {
        "no vDSO here: system call"
    };
    let mut ops: Vec<Op<'_>> = vec![
        (
            "function call (not inlined)".into(),
            "~1 ns",
            Box::new(|| plain_function(black_box(41))),
        ),
        (
            "getpid, raw system call".into(),
            "~50 ns",
            // SAFETY: getpid takes no arguments.
            Box::new(|| unsafe { syscall_readonly!(Sysno::getpid) }),
        ),
        (
            format!("clock_gettime(MONOTONIC), {clock_via}"),
            "~10 ns",
            Box::new(|| time::clock_gettime(ClockId::MONOTONIC).map(|t| t.tv_nsec as usize)),
        ),
        (
            "clock_gettime(MONOTONIC), system call".into(),
            "~50 ns",
            Box::new(|| clock_gettime_syscall(ClockId::MONOTONIC)),
        ),
        (
            "read 1 B from /dev/zero".into(),
            "",
            Box::new(|| read_into(&mut byte)),
        ),
    ];
    #[cfg(target_arch = "x86")]
    {
        ops.push((
            "getpid via int $0x80".into(),
            "",
            // SAFETY: getpid takes no arguments.
            Box::new(|| {
                sysgate::raw::check(unsafe {
                    sysgate::raw::int80::syscall0_readonly(Sysno::getpid as usize)
                })
            }),
        ));
        ops.push((
            "getpid via __kernel_vsyscall".into(),
            "",
            // SAFETY: as above; `syscall0` goes through AT_SYSINFO.
            Box::new(|| {
                sysgate::raw::check(unsafe {
                    sysgate::raw::syscall0_readonly(Sysno::getpid as usize)
                })
            }),
        ));
    }

    let mut rows = Vec::new();
    let mut failed = false;
    for (name, quoted, f) in &mut ops {
        match measure(&plan, f.as_mut()) {
            Ok(ns) => rows.push(Row {
                name: name.clone(),
                ns,
                quoted,
            }),
            Err(e) => {
                eprintln!("syscall_cost: {name}: failed: {e}");
                failed = true;
            }
        }
    }
    drop(ops);
    // The big read last, on its own: its buffer is borrowed separately.
    let big_ns = match measure(&plan, &mut || read_into(&mut big)) {
        Ok(ns) => Some(ns),
        Err(e) => {
            eprintln!("syscall_cost: read 64 KiB: failed: {e}");
            failed = true;
            None
        }
    };
    // SAFETY: closes the fd opened above, used by nothing else now.
    let _ = unsafe { syscall!(Sysno::close, zero) };

    print_table(&rows, big_ns, has_vdso, quick);
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn print_table(rows: &[Row], big_ns: Option<f64>, has_vdso: bool, quick: bool) {
    let call = rows.first().map_or(f64::NAN, |r| r.ns);
    println!(
        "syscall_cost: {} on Linux {}, {} ({}{})",
        std::env::consts::ARCH,
        kernel_release(),
        today(),
        if quick {
            "quick run: rough figures"
        } else {
            "median of 11 trials"
        },
        if has_vdso { "" } else { "; no vDSO" },
    );
    println!();
    println!(
        "{:<40} {:>10} {:>10}   usually quoted",
        "operation", "ns/op", "x call"
    );
    let line = |name: &str, ns: f64, quoted: &str| {
        let row = format!(
            "{name:<40} {:>10} {:>10}   {quoted}",
            fmt(ns),
            fmt(ns / call)
        );
        println!("{}", row.trim_end());
    };
    for r in rows {
        line(&r.name, r.ns, r.quoted);
    }
    let one = rows.iter().find(|r| r.name.starts_with("read 1 B"));
    if let Some(big) = big_ns {
        line("read 64 KiB from /dev/zero", big, "");
        if let Some(one) = one {
            let per_byte = (big - one.ns).max(0.0) / (64.0 * 1024.0 - 1.0);
            println!();
            println!(
                "a read costs ~{} ns per call plus ~{} ns per byte ({:.1} GB/s): \
                 the call costs as much as copying ~{} bytes",
                fmt(one.ns),
                fmt(per_byte),
                1.0 / per_byte,
                (one.ns / per_byte).round()
            );
        }
    }
    println!();
    println!(
        "Every row includes the measuring loop's own cost (an indirect call), which the \
         function-call row shows alone."
    );
    #[cfg(target_arch = "x86")]
    {
        let find = |p: &str| rows.iter().find(|r| r.name.contains(p)).map(|r| r.ns);
        if let (Some(int80), Some(vsys)) = (find("int $0x80"), find("__kernel_vsyscall")) {
            println!(
                "i386: int $0x80 costs {:.2}x __kernel_vsyscall (sysenter)",
                int80 / vsys
            );
        }
    }
}

fn fmt(x: f64) -> String {
    if !x.is_finite() {
        "-".into()
    } else if x >= 100.0 {
        format!("{x:.0}")
    } else if x >= 1.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.3}")
    }
}

/// The kernel's release string, from `uname(2)`.
fn kernel_release() -> String {
    let mut uts = [[0u8; 65]; 6];
    // SAFETY: the kernel fills a `struct new_utsname`: six 65-byte fields.
    if unsafe { syscall!(Sysno::uname, uts.as_mut_ptr()) }.is_err() {
        return "?".into();
    }
    let release = &uts[2];
    let end = release.iter().position(|&b| b == 0).unwrap_or(65);
    String::from_utf8_lossy(&release[..end]).into_owned()
}

/// Today's UTC date as YYYY-MM-DD, from `CLOCK_REALTIME`.
fn today() -> String {
    let Ok(now) = time::clock_gettime(ClockId::REALTIME) else {
        return "?".into();
    };
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = now.tv_sec.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}
