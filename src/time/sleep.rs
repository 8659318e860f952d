//! Sleeping: `nanosleep(2)` and `clock_nanosleep(2)`.

use crate::base::time::{ClockId, Timespec};
use crate::sysno::call::CLOCK_NANOSLEEP as SYS_CLOCK_NANOSLEEP;
use crate::{syscall, syscall_readonly, Errno, Result};

/// How a relative sleep ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sleep {
    /// The whole time passed.
    Complete,
    /// A signal handler interrupted the sleep (`EINTR`) with this much left.
    Interrupted(Timespec),
}

/// Sleeps for `req` on `CLOCK_MONOTONIC` (`nanosleep(2)`; on i386 the
/// 64-bit-time `clock_nanosleep_time64` on the same clock).
///
/// # Errors
///
/// `EINVAL` for a negative time or nanoseconds outside `[0, 999_999_999]`.
/// `EINTR` is not an error: it is [`Sleep::Interrupted`].
pub fn nanosleep(req: &Timespec) -> Result<Sleep> {
    // A 32-bit architecture's nanosleep takes a 32-bit-time timespec.
    #[cfg(target_pointer_width = "32")]
    return clock_nanosleep(ClockId::MONOTONIC, req);
    #[cfg(target_pointer_width = "64")]
    {
        let mut left = Timespec::ZERO;
        // SAFETY: `req` is readable, `left` writable.
        sleep_result(
            unsafe {
                syscall!(
                    crate::Sysno::nanosleep,
                    req as *const Timespec,
                    &mut left as *mut Timespec
                )
            },
            left,
        )
    }
}

/// Sleeps for `req` measured on `clock` (`clock_nanosleep(2)`, relative).
///
/// # Errors
///
/// `EINVAL` for a bad time or an unknown clock; `EOPNOTSUPP` for a clock
/// that cannot sleep (`THREAD_CPUTIME_ID`). `EINTR` is not an error: it is
/// [`Sleep::Interrupted`].
pub fn clock_nanosleep(clock: ClockId, req: &Timespec) -> Result<Sleep> {
    let mut left = Timespec::ZERO;
    // SAFETY: `req` is readable, `left` writable.
    let ret = unsafe {
        syscall!(
            SYS_CLOCK_NANOSLEEP,
            clock.raw(),
            0,
            req as *const Timespec,
            &mut left as *mut Timespec
        )
    };
    sleep_result(ret, left)
}

fn sleep_result(ret: Result<usize>, left: Timespec) -> Result<Sleep> {
    match ret {
        Ok(_) => Ok(Sleep::Complete),
        Err(Errno::EINTR) => Ok(Sleep::Interrupted(left)),
        Err(e) => Err(e),
    }
}

/// Sleeps until `clock` reads `deadline` (`clock_nanosleep(2)` with
/// `TIMER_ABSTIME`); a deadline in the past returns at once.
///
/// # Errors
///
/// `EINTR` if a signal handler ran (call again with the same deadline);
/// `EINVAL` for a bad time or clock.
pub fn clock_nanosleep_until(clock: ClockId, deadline: &Timespec) -> Result<()> {
    const TIMER_ABSTIME: i32 = 1;
    // SAFETY: `deadline` is readable; no remaining time is written.
    unsafe {
        syscall_readonly!(
            SYS_CLOCK_NANOSLEEP,
            clock.raw(),
            TIMER_ABSTIME,
            deadline as *const Timespec,
            0
        )
    }?;
    Ok(())
}
