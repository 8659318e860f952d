//! sysgate side by side with libc and rustix, in one process, alternating.
//!
//! `cargo bench --bench compare [filter]`; `SYSGATE_BENCH_QUICK=1` for a
//! short run. Exits non-zero only when a call fails, never when one is slow.

mod harness;
mod raw;
mod time;

fn main() -> std::process::ExitCode {
    let mut b = harness::Bench::from_env();
    println!("{:<28} {:<14} {:>12}", "operation", "via", "median");
    raw::run(&mut b);
    time::run(&mut b);
    b.finish()
}
