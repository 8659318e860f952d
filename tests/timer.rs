//! POSIX timers and `clock_settime` against the real kernel.

use std::time::Duration;
use sysgate::event::Itimerspec;
use sysgate::process::{gettid, Pid};
use sysgate::signal::{sigprocmask, sigtimedwait, SiCode, SigSet, SigmaskHow, Signal};
use sysgate::time::*;
use sysgate::Errno;

mod common;
use common::skip;

fn ms(n: i64) -> Timespec {
    Timespec {
        tv_sec: n / 1000,
        tv_nsec: n % 1000 * 1_000_000,
    }
}

#[test]
fn timer_without_notification_arms_reads_and_disarms() {
    let t = timer_create(ClockId::MONOTONIC, TimerNotify::None).unwrap();
    let t2 = timer_create(ClockId::MONOTONIC, TimerNotify::None).unwrap();
    assert_ne!(t, t2);
    timer_delete(t2).unwrap();
    assert_eq!(timer_gettime(t).unwrap(), Itimerspec::default(), "disarmed");
    let set = Itimerspec {
        interval: ms(500),
        value: ms(10_000),
    };
    assert_eq!(
        timer_settime(t, TimerFlags::empty(), &set).unwrap(),
        Itimerspec::default()
    );
    let cur = timer_gettime(t).unwrap();
    assert_eq!(cur.interval, ms(500));
    assert!(cur.value > ms(9_000) && cur.value <= ms(10_000), "{cur:?}");
    // An absolute expiry an hour ahead.
    let mut at = clock_gettime(ClockId::MONOTONIC).unwrap();
    at.tv_sec += 3600;
    let abs = Itimerspec {
        interval: Timespec::ZERO,
        value: at,
    };
    let old = timer_settime(t, TimerFlags::ABSTIME, &abs).unwrap();
    assert_eq!(old.interval, ms(500), "the previous setting comes back");
    let left = timer_gettime(t).unwrap().value;
    assert!(left.tv_sec >= 3598 && left.tv_sec <= 3600, "{left:?}");
    // Bad times.
    let bad = Itimerspec {
        interval: Timespec::ZERO,
        value: Timespec {
            tv_sec: 1,
            tv_nsec: 1_000_000_000,
        },
    };
    assert_eq!(
        timer_settime(t, TimerFlags::empty(), &bad),
        Err(Errno::EINVAL)
    );
    timer_settime(t, TimerFlags::empty(), &Itimerspec::default()).unwrap();
    // A disarmed SIGEV_NONE timer still reports its old expiry (6.18):
    // the disarm shows in the setting the next set returns instead.
    let was = timer_settime(t, TimerFlags::empty(), &Itimerspec::default()).unwrap();
    assert_eq!(was.interval, Timespec::ZERO);
    assert_eq!(timer_getoverrun(t).unwrap(), 0);
    timer_delete(t).unwrap();
    assert_eq!(timer_gettime(t), Err(Errno::EINVAL), "deleted");
    assert_eq!(timer_delete(t), Err(Errno::EINVAL));
    assert_eq!(timer_getoverrun(t), Err(Errno::EINVAL));
    assert_eq!(
        timer_create(ClockId::from_raw(100).unwrap(), TimerNotify::None),
        Err(Errno::EINVAL)
    );
}

#[test]
fn timer_signals_this_thread_and_counts_overruns() {
    let sig = Signal::rt(7).unwrap();
    let set = SigSet::of(&[sig]);
    let old = sigprocmask(SigmaskHow::Block, Some(&set)).unwrap();
    // Another process's thread is not a target.
    assert_eq!(
        timer_create(
            ClockId::MONOTONIC,
            TimerNotify::ThreadId {
                signal: sig,
                value: 1,
                tid: Pid::INIT,
            },
        ),
        Err(Errno::EINVAL)
    );
    let t = timer_create(
        ClockId::MONOTONIC,
        TimerNotify::ThreadId {
            signal: sig,
            value: 0x5157,
            tid: gettid(),
        },
    )
    .unwrap();
    // A signalling timer reads as zero once disarmed.
    let later = Itimerspec {
        interval: Timespec::ZERO,
        value: ms(10_000),
    };
    timer_settime(t, TimerFlags::empty(), &later).unwrap();
    assert!(timer_gettime(t).unwrap().value > ms(9_000));
    let was = timer_settime(t, TimerFlags::empty(), &Itimerspec::default()).unwrap();
    assert!(was.value > ms(9_000));
    assert_eq!(timer_gettime(t).unwrap(), Itimerspec::default());
    let every = Itimerspec {
        interval: ms(1),
        value: ms(1),
    };
    timer_settime(t, TimerFlags::empty(), &every).unwrap();
    // The signal stays pending (blocked) while expiries pile up.
    std::thread::sleep(Duration::from_millis(50));
    let info = sigtimedwait(&set, Some(&ms(5_000))).unwrap();
    timer_delete(t).unwrap();
    sigprocmask(SigmaskHow::SetMask, Some(&old)).unwrap();
    assert_eq!(info.signo(), Some(sig));
    assert_eq!(info.code(), SiCode::TIMER);
    assert_eq!(info.value() as usize, 0x5157);
    assert!(
        info.overrun() > 5,
        "50 ms of 1 ms expiries: {}",
        info.overrun()
    );
}

#[test]
fn timer_signal_to_the_process() {
    // A process-directed signal may land on any thread that does not block
    // it: run in a child, which has only this one thread.
    let status = common::in_child(|| {
        let sig = Signal::USR2;
        let set = SigSet::of(&[sig]);
        if sigprocmask(SigmaskHow::Block, Some(&set)).is_err() {
            return 10;
        }
        let notify = TimerNotify::Signal {
            signal: sig,
            value: 77,
        };
        let Ok(t) = timer_create(ClockId::REALTIME, notify) else {
            return 11;
        };
        let once = Itimerspec {
            interval: Timespec::ZERO,
            value: ms(1),
        };
        if timer_settime(t, TimerFlags::empty(), &once).is_err() {
            return 12;
        }
        match sigtimedwait(&set, Some(&ms(5_000))) {
            Ok(i) if i.code() == SiCode::TIMER && i.value() as usize == 77 => 0,
            _ => 13,
        }
    });
    assert_eq!(status, sysgate::process::WaitStatus::Exited(0));
}

#[test]
fn clock_settime_errors_and_a_no_op_set() {
    let now = clock_gettime(ClockId::MONOTONIC).unwrap();
    assert_eq!(
        clock_settime(ClockId::MONOTONIC, &now),
        Err(Errno::EINVAL),
        "not settable"
    );
    let bad = Timespec {
        tv_sec: 1,
        tv_nsec: -1,
    };
    assert_eq!(clock_settime(ClockId::REALTIME, &bad), Err(Errno::EINVAL));
    assert_eq!(
        clock_settime(ClockId::from_raw(100).unwrap(), &now),
        Err(Errno::EINVAL)
    );
    // Set REALTIME to what it is: read it with the monotonic clock beside
    // it and add the monotonic time that passed before the set.
    let real0 = clock_gettime(ClockId::REALTIME).unwrap();
    let mono0 = clock_gettime(ClockId::MONOTONIC).unwrap();
    let mono1 = clock_gettime(ClockId::MONOTONIC).unwrap();
    let elapsed = (mono1.tv_sec - mono0.tv_sec) * 1_000_000_000 + (mono1.tv_nsec - mono0.tv_nsec);
    let mut same = real0;
    same.tv_nsec += elapsed;
    same.tv_sec += same.tv_nsec / 1_000_000_000;
    same.tv_nsec %= 1_000_000_000;
    match clock_settime(ClockId::REALTIME, &same) {
        Ok(()) => {
            let after = clock_gettime(ClockId::REALTIME).unwrap();
            let diff = (after.tv_sec - real0.tv_sec).abs();
            assert!(diff <= 1, "the clock stayed put: {real0:?} {after:?}");
        }
        Err(Errno::EPERM) => skip("clock_settime(REALTIME)", "EPERM (no CAP_SYS_TIME)"),
        Err(e) => panic!("clock_settime(REALTIME): {e:?}"),
    }
}
