//! The time calls: clock_gettime(CLOCK_MONOTONIC) through sysgate's vDSO
//! path, glibc (which uses the vDSO too), rustix, and the bare system call;
//! and what finding the vDSO's functions costs.

use crate::harness::{ok, Bench};
use std::hint::black_box;
use std::time::Instant;
use sysgate::time::{self, ClockId, Timespec};
use sysgate::vdso::Vdso;
use sysgate::{syscall, Sysno};

/// Every (name, version) the time calls resolve, on any architecture: what
/// `vdso::init` looks up, for timing the whole resolve again and again.
const NAMES: &[(&str, &str)] = &[
    ("__vdso_clock_gettime", "LINUX_2.6"),
    ("__vdso_clock_getres", "LINUX_2.6"),
    ("__vdso_gettimeofday", "LINUX_2.6"),
    ("__vdso_time", "LINUX_2.6"),
    ("__vdso_getcpu", "LINUX_2.6"),
];

fn raw_clock_gettime(clock: ClockId) -> Result<Timespec, sysgate::Errno> {
    let mut ts = Timespec::default();
    #[cfg(target_arch = "x86")]
    let nr = Sysno::clock_gettime64;
    #[cfg(not(target_arch = "x86"))]
    let nr = Sysno::clock_gettime;
    // SAFETY: the kernel writes one __kernel_timespec to `ts`.
    unsafe { syscall!(nr, clock.raw(), &mut ts as *mut Timespec) }?;
    Ok(ts)
}

pub fn run(b: &mut Bench) {
    // The true first resolve of this process, timed once before any other
    // use (nothing earlier in this program touches auxv or the vDSO): the
    // first auxv read (prctl(PR_GET_AUXV) or /proc), which every auxv user
    // pays once, then vdso::init itself: the image checked, every function
    // the time calls use looked up and cached, with cold caches.
    let t = Instant::now();
    let ehdr = sysgate::auxv::get(sysgate::auxv::AT_SYSINFO_EHDR);
    let auxv_ns = t.elapsed().as_nanos();
    let t = Instant::now();
    let found = sysgate::vdso::init();
    let init_ns = t.elapsed().as_nanos();
    println!(
        "{:<28} {:<14} {:>12} ns (once: first auxv read, AT_SYSINFO_EHDR found: {})",
        "time/auxv first read (1x)",
        "sysgate",
        auxv_ns,
        ehdr.is_some()
    );
    println!(
        "{:<28} {:<14} {:>12} ns (once, cold: parse + resolve all, vDSO found: {found})",
        "time/vdso::init (cold, 1x)", "sysgate", init_ns
    );
    println!();
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
                ("(raw syscall)", &mut || ok(raw_clock_gettime(clock))),
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
