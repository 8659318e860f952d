//! sysgate side by side with libc and rustix, in one process, alternating.
//!
//! `cargo bench --bench compare [filter]`; `SYSGATE_BENCH_QUICK=1` for a
//! short run. Exits non-zero only when a call fails, never when one is slow.

mod event;
mod harness;
mod io;
mod raw;
mod time;

/// The operations this program must measure, with the words their names
/// contain (see `Bench::report_coverage`).
const REQUIRED: &[(&str, &[&str])] = &[
    ("getpid", &["getpid"]),
    ("clock_gettime monotonic", &["clock_gettime", "mono"]),
    ("clock_gettime realtime", &["clock_gettime", "real"]),
    ("1-byte read", &["read 1 b"]),
    ("64 KiB read", &["read 64 k"]),
    ("write_all of 16 MiB", &["write_all", "16 m"]),
    ("open+close", &["open", "close"]),
    ("statx", &["statx"]),
    ("socketpair ping-pong", &["socketpair"]),
    ("eventfd round trip", &["eventfd"]),
];

fn main() -> std::process::ExitCode {
    time::first_resolve_child();
    let mut b = harness::Bench::from_env();
    println!("{:<28} {:<14} {:>12}", "operation", "via", "median");
    raw::run(&mut b);
    time::run(&mut b);
    io::run(&mut b);
    event::run(&mut b);
    b.report_coverage(REQUIRED);
    b.finish()
}
