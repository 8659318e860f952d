//! The time calls: clock_gettime(CLOCK_MONOTONIC) through sysgate's vDSO
//! path, glibc (which uses the vDSO too), rustix, and the bare system call;
//! and what finding the vDSO's functions costs.

use crate::harness::{ok, Bench};
use std::hint::black_box;
use std::time::Instant;
use sysgate::time::{self, ClockId};
use sysgate::vdso::Vdso;

/// Every (name, version) the time calls resolve, on any architecture: what
/// `vdso::init` looks up, for timing the whole resolve again and again.
const NAMES: &[(&str, &str)] = &[
    ("__vdso_clock_gettime", "LINUX_2.6"),
    ("__vdso_clock_getres", "LINUX_2.6"),
    ("__vdso_gettimeofday", "LINUX_2.6"),
    ("__vdso_time", "LINUX_2.6"),
    ("__vdso_getcpu", "LINUX_2.6"),
];

/// Set in the environment of the children that time a process's first
/// resolve; the value says whether to map the program's code first.
const FIRST_RESOLVE: &str = "SYSGATE_BENCH_FIRST_RESOLVE";

/// In a child started by [`run`]: the first auxv read and the first
/// `vdso::init` of this fresh process, each timed once (nothing before
/// them touches auxv or sysgate's vDSO code; the clock is warmed first),
/// and the page faults `vdso::init` took; printed as three numbers, then
/// exits. With `code-mapped`, every page of the program's code is mapped
/// beforehand, so no page fault falls into the timing (caches stay cold:
/// mapping reads no code). Returns at once in any other process.
pub fn first_resolve_child() {
    let Some(mode) = std::env::var_os(FIRST_RESOLVE) else {
        return;
    };
    if mode == "code-mapped" {
        map_own_code();
    }
    black_box(Instant::now());
    let t = Instant::now();
    let ehdr = black_box(sysgate::auxv::get(sysgate::auxv::AT_SYSINFO_EHDR));
    let auxv_ns = t.elapsed().as_nanos();
    let faults = minor_faults();
    let t = Instant::now();
    let found = black_box(sysgate::vdso::init());
    let init_ns = t.elapsed().as_nanos();
    let faults = minor_faults() - faults;
    if ehdr.is_none() || !found {
        eprintln!("no vDSO in this process");
        std::process::exit(1);
    }
    println!("{auxv_ns} {init_ns} {faults}");
    std::process::exit(0);
}

/// Minor page faults of this process so far (`getrusage(2)`).
fn minor_faults() -> i64 {
    sysgate::process::getrusage(sysgate::process::RusageWho::Process)
        .map_or(0, |r| r.ru_minflt as i64)
}

/// Reads one byte of every page of this program's executable mappings, so
/// the page tables map them all.
fn map_own_code() {
    let maps = std::fs::read_to_string("/proc/self/maps").unwrap_or_default();
    let exe = std::env::current_exe().unwrap_or_default();
    for line in maps.lines() {
        let mut f = line.split_whitespace();
        let (Some(range), Some(perms)) = (f.next(), f.next()) else {
            continue;
        };
        if !perms.starts_with("r-x") || !line.ends_with(exe.to_str().unwrap_or("-")) {
            continue;
        }
        let Some((lo, hi)) = range.split_once('-') else {
            continue;
        };
        let (Ok(lo), Ok(hi)) = (usize::from_str_radix(lo, 16), usize::from_str_radix(hi, 16))
        else {
            continue;
        };
        for page in (lo..hi).step_by(4096) {
            // SAFETY: the page is part of a readable mapping of this
            // program's file, which stays mapped for the process's life.
            black_box(unsafe { std::ptr::read_volatile(page as *const u8) });
        }
    }
}

pub fn run(b: &mut Bench) {
    // What a process pays once: its first auxv read (prctl(PR_GET_AUXV) or
    // /proc), and then vdso::init: the image checked and every function the
    // time calls use looked up and cached, with cold caches, as in any
    // program's first call. One sample per process, so many processes: as
    // the program is laid out, and with its code mapped beforehand, which
    // leaves out the page faults that any first-run code of a large
    // program may take.
    for (mode, what) in [("as-is", ""), ("code-mapped", ", mapped")] {
        b.fresh_processes(
            (FIRST_RESOLVE, mode),
            31,
            &[
                (&format!("time/auxv first read{what}"), "ns", "auxv::get"),
                (
                    &format!("time/vdso::init first{what}"),
                    "ns",
                    "parse + resolve all",
                ),
                (
                    &format!("time/vdso::init faults{what}"),
                    "  ",
                    "minor page faults in it",
                ),
            ],
        );
    }
    time_calls(b);
}

fn time_calls(b: &mut Bench) {
    let clocks = [
        (
            "time/clock_gettime(MONO)",
            ClockId::MONOTONIC,
            libc::CLOCK_MONOTONIC,
            rustix::time::ClockId::Monotonic,
        ),
        (
            "time/clock_gettime(REAL)",
            ClockId::REALTIME,
            libc::CLOCK_REALTIME,
            rustix::time::ClockId::Realtime,
        ),
    ];
    for (op, clock, libc_clock, rustix_clock) in clocks {
        b.compare(
            op,
            &mut [
                ("sysgate", &mut || ok(time::clock_gettime(clock))),
                ("libc", &mut || {
                    let mut ts = libc::timespec {
                        tv_sec: 0,
                        tv_nsec: 0,
                    };
                    // SAFETY: `ts` is valid for writes.
                    let r = unsafe { libc::clock_gettime(libc_clock, &mut ts) };
                    if r == 0 {
                        black_box(ts);
                        Ok(())
                    } else {
                        Err("clock_gettime failed".into())
                    }
                }),
                ("rustix", &mut || {
                    ok(Ok::<_, ()>(rustix::time::clock_gettime(rustix_clock)))
                }),
                ("(raw syscall)", &mut || {
                    ok(time::clock_gettime_syscall(clock))
                }),
            ],
        );
    }

    // Parsing the image and looking up every function the time calls use,
    // warm (auxv already cached), as vdso::init does it.
    b.compare(
        "time/vdso resolve (warm)",
        &mut [
            ("sysgate", &mut || {
                let v = Vdso::from_auxv().ok_or("no vDSO")?;
                for &(name, version) in NAMES {
                    black_box(v.lookup(black_box(name), version));
                }
                Ok(())
            }),
            ("(from_auxv only)", &mut || {
                black_box(Vdso::from_auxv())
                    .map(|_| ())
                    .ok_or_else(|| "no vDSO".into())
            }),
            ("(all symbols)", &mut || {
                let v = Vdso::from_auxv().ok_or("no vDSO")?;
                black_box(v.symbols().count());
                Ok(())
            }),
        ],
    );
}
