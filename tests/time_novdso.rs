//! The time calls with the vDSO forced off (`vdso::disable`, before anything
//! else in this process): every call still works, through its system call —
//! which a seccomp filter proves by making those calls fail.

mod common;
mod time_support;

use sysgate::time::{self, ClockId};
use sysgate::vdso;
use time_support::*;

/// Every test starts here; the first to run turns the vDSO off for the
/// whole process (tests are threads of one process).
fn off() {
    vdso::disable();
}

#[test]
fn every_call_works_through_the_system_call() {
    off();
    for clock in [
        ClockId::REALTIME,
        ClockId::MONOTONIC,
        ClockId::MONOTONIC_RAW,
        ClockId::BOOTTIME,
        ClockId::MONOTONIC_COARSE,
        ClockId::PROCESS_CPUTIME_ID,
    ] {
        let a = raw_gettime(clock).unwrap();
        let b = time::clock_gettime(clock).unwrap();
        let c = raw_gettime(clock).unwrap();
        assert!(
            ns(a) <= ns(b) && ns(b) <= ns(c),
            "{clock:?}: {a:?} {b:?} {c:?}"
        );
        assert_eq!(time::clock_getres(clock), raw_getres(clock), "{clock:?}");
    }
    assert_eq!(
        time::clock_gettime(ClockId::from_raw(100).unwrap()),
        Err(sysgate::Errno::EINVAL)
    );
    assert_eq!(
        time::clock_getres(ClockId::from_raw(100).unwrap()),
        Err(sysgate::Errno::EINVAL)
    );
    let a = raw_gettime(ClockId::REALTIME).unwrap();
    let tv = time::gettimeofday().unwrap();
    let t = time::time().unwrap();
    let c = raw_gettime(ClockId::REALTIME).unwrap();
    let us = tv.tv_sec as i128 * 1_000_000 + tv.tv_usec as i128;
    assert!(ns(a) / 1000 - 1_000_000 <= us && us <= ns(c) / 1000 + 1_000_000);
    assert!(a.tv_sec - 1 <= t && t <= c.tv_sec + 1);
    let cpu = time::getcpu().unwrap();
    assert!(cpu.cpu < 1 << 20);
}

#[test]
fn the_system_call_is_what_answers() {
    off();
    // Nothing is resolved any more, and init cannot bring it back.
    assert!(!vdso::init());
    // The image is still there to read: only the time calls are affected.
    let live = vdso::Vdso::from_auxv().is_some();
    println!("vDSO present: {live}");
    with_time_syscalls_forbidden(|| {
        for clock in [
            ClockId::REALTIME,
            ClockId::MONOTONIC,
            ClockId::BOOTTIME,
            ClockId::MONOTONIC_COARSE,
        ] {
            assert_eq!(time::clock_gettime(clock), Err(TELLTALE), "{clock:?}");
            assert_eq!(time::clock_getres(clock), Err(TELLTALE), "{clock:?}");
        }
        assert_eq!(time::gettimeofday(), Err(TELLTALE));
        assert_eq!(time::time(), Err(TELLTALE));
        assert_eq!(time::getcpu(), Err(TELLTALE));
    });
}
