//! The time calls against the kernel, with the vDSO in use: each agrees with
//! the bare system call, errors come back as the kernel gives them, and
//! (where seccomp can tell) the vDSO path really skips the kernel.

mod common;
mod time_support;

use sysgate::process::Pid;
use sysgate::time::{self, ClockId, DynamicClockId, Timespec};
use sysgate::{BorrowedFd, Errno};
use time_support::*;

/// Every fixed clock Linux has, the dynamic CPU-time clocks of this
/// process and thread, an auxiliary clock, and ids no kernel knows.
fn clocks() -> Vec<(&'static str, ClockId)> {
    vec![
        ("REALTIME", ClockId::REALTIME),
        ("MONOTONIC", ClockId::MONOTONIC),
        ("PROCESS_CPUTIME_ID", ClockId::PROCESS_CPUTIME_ID),
        ("THREAD_CPUTIME_ID", ClockId::THREAD_CPUTIME_ID),
        ("MONOTONIC_RAW", ClockId::MONOTONIC_RAW),
        ("REALTIME_COARSE", ClockId::REALTIME_COARSE),
        ("MONOTONIC_COARSE", ClockId::MONOTONIC_COARSE),
        ("BOOTTIME", ClockId::BOOTTIME),
        ("REALTIME_ALARM", ClockId::REALTIME_ALARM),
        ("BOOTTIME_ALARM", ClockId::BOOTTIME_ALARM),
        ("TAI", ClockId::TAI),
        ("process_cputime(None)", ClockId::process_cputime(None)),
        ("thread_cputime(None)", ClockId::thread_cputime(None)),
        ("AUX+0", ClockId::aux(0).unwrap()),
        ("10 (SGI_CYCLE, gone)", ClockId::from_raw(10).unwrap()),
        ("12", ClockId::from_raw(12).unwrap()),
        ("-1", ClockId::from_raw(-1).unwrap()),
        ("i32::MAX", ClockId::from_raw(i32::MAX).unwrap()),
    ]
}

/// Wall clocks may be set while the test runs: compared within a second.
fn is_wall(clock: ClockId) -> bool {
    [
        ClockId::REALTIME,
        ClockId::REALTIME_COARSE,
        ClockId::TAI,
        ClockId::REALTIME_ALARM,
    ]
    .contains(&clock)
}

#[test]
fn clock_gettime_agrees_with_the_system_call() {
    let mut served = 0;
    for (name, clock) in clocks() {
        for _ in 0..100 {
            let before = raw_gettime(clock);
            let ours = time::clock_gettime(clock);
            let after = raw_gettime(clock);
            match (before, ours, after) {
                (Ok(a), Ok(b), Ok(c)) => {
                    assert!((0..1_000_000_000).contains(&b.tv_nsec), "{name}: {b:?}");
                    if is_wall(clock) {
                        let slack = 1_000_000_000;
                        assert!(
                            ns(a) - slack <= ns(b) && ns(b) <= ns(c) + slack,
                            "{name}: {a:?} {b:?} {c:?}"
                        );
                    } else {
                        // Never backwards across the two paths.
                        assert!(
                            ns(a) <= ns(b) && ns(b) <= ns(c),
                            "{name}: {a:?} {b:?} {c:?}"
                        );
                    }
                    served += 1;
                }
                (Err(a), Err(b), Err(c)) => {
                    assert_eq!((a, c), (b, b), "{name}");
                    assert!(
                        b == Errno::EINVAL || b == Errno::ENOTSUP || b == Errno::ENODEV,
                        "{name}: {b}"
                    );
                }
                other => panic!("{name}: the paths disagree: {other:?}"),
            }
        }
    }
    assert!(served >= 900, "only {served} clock reads worked");
    // The common clocks always work; unknown ids always fail.
    for c in [
        ClockId::REALTIME,
        ClockId::MONOTONIC,
        ClockId::BOOTTIME,
        ClockId::process_cputime(None),
    ] {
        assert!(time::clock_gettime(c).is_ok());
    }
    for raw in [12, 100, -1, i32::MAX] {
        assert_eq!(
            time::clock_gettime(ClockId::from_raw(raw).unwrap()),
            Err(Errno::EINVAL),
            "{raw}"
        );
    }
}

#[test]
fn dynamic_clock_errors() {
    // An fd that is not a clock device, a closed fd, a process that does not exist.
    let file = std::fs::File::open("/dev/null").unwrap();
    // SAFETY: `file` stays open for the borrow.
    let fd = unsafe { BorrowedFd::borrow_raw(std::os::fd::AsRawFd::as_raw_fd(&file)) };
    for clock in [
        DynamicClockId::from_fd(fd),
        ClockId::process_cputime(Pid::from_raw(0x0fff_ffff)).into(),
        ClockId::thread_cputime(Pid::from_raw(0x0fff_ffff)).into(),
    ] {
        let want = raw_gettime(clock);
        assert!(want.is_err(), "{clock:?}");
        assert_eq!(time::clock_gettime(clock), want, "{clock:?}");
        assert_eq!(time::clock_getres(clock), raw_getres(clock), "{clock:?}");
    }
    // The dynamic CPU clock of this process counts what the fixed id does.
    let a = time::clock_gettime(ClockId::PROCESS_CPUTIME_ID).unwrap();
    let b = time::clock_gettime(ClockId::process_cputime(Pid::from_raw(
        std::process::id() as i32
    )))
    .unwrap();
    let c = time::clock_gettime(ClockId::PROCESS_CPUTIME_ID).unwrap();
    assert!(ns(a) <= ns(b) && ns(b) <= ns(c));
    assert_eq!(ClockId::aux(8), None);
    assert_eq!(ClockId::aux(7), Some(ClockId::from_raw(23).unwrap()));
    // An fd's clock id cannot be made from a number, only from a borrowed
    // fd, so that it cannot outlive the fd.
    let fd_clock = DynamicClockId::from_fd(fd).raw();
    assert_eq!(ClockId::from_raw(fd_clock), None);
    assert_eq!(ClockId::from_raw(!0 << 3 | 3), None, "FD_TO_CLOCKID(0)");
    assert!(ClockId::from_raw(!0 << 3 | 2).is_some(), "a CPU-time clock");
    assert_eq!(
        DynamicClockId::from(ClockId::MONOTONIC).raw(),
        ClockId::MONOTONIC.raw()
    );
}

#[test]
fn clock_getres_agrees_with_the_system_call() {
    for (name, clock) in clocks() {
        let ours = time::clock_getres(clock);
        let raw = raw_getres(clock);
        if clock == ClockId::AUX && ours.is_ok() && raw == Err(Errno::EINVAL) {
            // Linux 6.17+'s vDSO answers clock_getres for every auxiliary
            // clock id, while the system call says EINVAL for a disabled
            // one (or a kernel without CONFIG_POSIX_AUX_CLOCKS): the
            // kernel's own two paths differ here.
            println!("note: {name}: the vDSO gives {ours:?}, the system call {raw:?}");
            continue;
        }
        assert_eq!(ours, raw, "{name}");
    }
    let res = time::clock_getres(ClockId::MONOTONIC).unwrap();
    assert!(res > Timespec::ZERO && res.tv_sec == 0, "{res:?}");
}

#[test]
fn gettimeofday_and_time_agree_with_realtime() {
    for _ in 0..100 {
        let a = raw_gettime(ClockId::REALTIME).unwrap();
        let tv = time::gettimeofday().unwrap();
        let c = raw_gettime(ClockId::REALTIME).unwrap();
        assert!((0..1_000_000).contains(&tv.tv_usec), "{tv:?}");
        let us = tv.tv_sec as i128 * 1_000_000 + tv.tv_usec as i128;
        assert!(
            ns(a) / 1000 - 1_000_000 <= us && us <= ns(c) / 1000 + 1_000_000,
            "{a:?} {tv:?} {c:?}"
        );

        let a = raw_gettime(ClockId::REALTIME_COARSE).unwrap();
        let t = time::time().unwrap();
        let c = raw_gettime(ClockId::REALTIME_COARSE).unwrap();
        assert!(a.tv_sec - 1 <= t && t <= c.tv_sec + 1, "{a:?} {t} {c:?}");
        assert!(t > 1_700_000_000, "{t}: the clock is set to before 2023");
    }
}

#[test]
fn getcpu_agrees_with_the_system_call_when_pinned() {
    // SAFETY: cpu_set_t is plain data; the calls act on this thread only.
    unsafe {
        let mut old: libc::cpu_set_t = std::mem::zeroed();
        assert_eq!(
            libc::sched_getaffinity(0, std::mem::size_of_val(&old), &mut old),
            0
        );
        let allowed: Vec<usize> = (0..libc::CPU_SETSIZE as usize)
            .filter(|&c| libc::CPU_ISSET(c, &old))
            .collect();
        assert!(!allowed.is_empty());
        for &cpu in allowed.iter().take(8) {
            let mut one: libc::cpu_set_t = std::mem::zeroed();
            libc::CPU_SET(cpu, &mut one);
            assert_eq!(
                libc::sched_setaffinity(0, std::mem::size_of_val(&one), &one),
                0
            );
            let ours = time::getcpu().unwrap();
            let (raw_cpu, raw_node) = raw_getcpu().unwrap();
            assert_eq!(raw_cpu as usize, cpu);
            if cfg!(target_arch = "x86") && under_qemu() && ours.cpu as usize != cpu {
                // qemu-i386's replacement vDSO wires __vdso_getcpu to the
                // gettimeofday system call (linux-user/i386/vdso.S), so what
                // it writes is the time. sysgate, like glibc, calls it.
                println!("SKIP vDSO getcpu check: qemu-i386 10's __vdso_getcpu runs gettimeofday: got cpu {}", ours.cpu);
                continue;
            }
            assert_eq!(ours.cpu as usize, cpu);
            assert_eq!((ours.cpu, ours.node), (raw_cpu, raw_node));
        }
        assert_eq!(
            libc::sched_setaffinity(0, std::mem::size_of_val(&old), &old),
            0
        );
    }
}

/// Clock sources whose time the vDSO reads without entering the kernel.
const VDSO_CLOCKSOURCES: &[&str] = &[
    "tsc",
    "kvm-clock",
    "hyperv_clocksource_tsc_page",
    "arch_sys_counter",
    "riscv_clocksource",
];

#[test]
fn vdso_path_skips_the_kernel() {
    assert!(sysgate::vdso::init(), "this process has no vDSO");
    let source =
        std::fs::read_to_string("/sys/devices/system/clocksource/clocksource0/current_clocksource")
            .unwrap_or_default();
    let source = source.trim().to_string();
    let ran = with_time_syscalls_forbidden(move || {
        // The filter works: the bare system call is refused...
        assert_eq!(raw_gettime(ClockId::MONOTONIC), Err(TELLTALE));
        // ...and clocks the vDSO cannot serve take the system call.
        assert_eq!(
            time::clock_gettime(ClockId::PROCESS_CPUTIME_ID),
            Err(TELLTALE)
        );
        if VDSO_CLOCKSOURCES.contains(&source.as_str()) {
            // The common clocks are answered without it.
            for c in [
                ClockId::REALTIME,
                ClockId::MONOTONIC,
                ClockId::MONOTONIC_RAW,
                ClockId::BOOTTIME,
                ClockId::MONOTONIC_COARSE,
            ] {
                assert!(time::clock_gettime(c).is_ok(), "{c:?} entered the kernel");
            }
            assert!(time::clock_getres(ClockId::MONOTONIC).is_ok());
            assert!(time::gettimeofday().is_ok());
            assert!(time::time().is_ok());
            #[cfg(any(target_arch = "x86_64", target_arch = "x86"))]
            assert!(time::getcpu().is_ok());
        } else {
            println!("SKIPPED fast-path check: clock source {source:?} is not one the vDSO reads");
        }
    });
    if !ran {
        // Without seccomp, still check the vDSO functions are in use.
        let v = sysgate::vdso::Vdso::from_auxv().expect("no vDSO");
        assert!(v.symbols().any(|s| s.is_function()));
    }
}

#[test]
fn sleeps_are_reachable_from_time() {
    // One definition: the value from `time` compares with `thread`'s type.
    let zero = sysgate::time::Timespec::ZERO;
    assert_eq!(
        sysgate::time::nanosleep(&zero).unwrap(),
        sysgate::thread::Sleep::Complete
    );
    assert_eq!(
        sysgate::time::clock_nanosleep(sysgate::time::ClockId::MONOTONIC, &zero).unwrap(),
        sysgate::thread::Sleep::Complete
    );
    let bad = sysgate::time::Timespec {
        tv_sec: 0,
        tv_nsec: 1_000_000_000,
    };
    assert_eq!(
        sysgate::time::clock_nanosleep_until(sysgate::time::ClockId::MONOTONIC, &bad),
        Err(sysgate::Errno::EINVAL)
    );
}
