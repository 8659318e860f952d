//! `timerfd_create(2)` and friends.

use crate::base::time::ClockId;
pub use crate::base::time::Itimerspec;
use crate::fd::{AsFd, OwnedFd};
use crate::{syscall, syscall_readonly, Result, Sysno};

crate::flags::bitflags! {
    /// Flags of [`timerfd_create`]; close-on-exec is always set.
    pub struct TimerfdFlags: i32 {
        /// `TFD_NONBLOCK`: reads before an expiry fail with `EAGAIN`.
        const NONBLOCK = 0o4000;
        const _ = !0;
    }
}

crate::flags::bitflags! {
    /// Flags of [`timerfd_settime`].
    pub struct TimerfdTimerFlags: i32 {
        /// `TFD_TIMER_ABSTIME`: `value` is an absolute time on the clock.
        const ABSTIME = 1;
        /// `TFD_TIMER_CANCEL_ON_SET`: with a realtime clock and `ABSTIME`,
        /// reads fail with `ECANCELED` when the clock is set.
        const CANCEL_ON_SET = 2;
        const _ = !0;
    }
}

use crate::sysno::call::{TIMERFD_GETTIME as SYS_GETTIME, TIMERFD_SETTIME as SYS_SETTIME};

/// A new, disarmed timer on `clock` whose expiries are read from an fd
/// (`timerfd_create(2)`), close-on-exec.
///
/// # Errors
///
/// `EINVAL` for a clock timerfd does not support (only `REALTIME`,
/// `MONOTONIC`, `BOOTTIME` and their `_ALARM` forms); `EPERM` for an alarm
/// clock without `CAP_WAKE_ALARM`.
pub fn timerfd_create(clock: ClockId, flags: TimerfdFlags) -> Result<OwnedFd> {
    // SAFETY: plain integers.
    let fd = unsafe {
        syscall_readonly!(
            Sysno::timerfd_create,
            clock.raw(),
            flags.bits() | super::CLOEXEC
        )
    }?;
    // SAFETY: the kernel returned a new fd that nothing else owns.
    Ok(unsafe { crate::raw::owned_fd(fd) })
}

/// Arms (or, with a zero `value`, disarms) the timer and returns its
/// previous setting (`timerfd_settime(2)`; the 64-bit-time call on i386).
///
/// # Errors
///
/// `EINVAL` for nanoseconds outside `[0, 999_999_999]` or unknown flags;
/// `EBADF`/`EINVAL` if `fd` is not a timerfd.
pub fn timerfd_settime(
    fd: impl AsFd,
    flags: TimerfdTimerFlags,
    new: &Itimerspec,
) -> Result<Itimerspec> {
    let mut old = Itimerspec::default();
    // SAFETY: `new` is readable, `old` writable, both itimerspecs.
    unsafe {
        syscall!(
            SYS_SETTIME,
            fd.as_fd().as_raw_fd(),
            flags.bits(),
            new as *const Itimerspec,
            &mut old as *mut Itimerspec
        )
    }?;
    Ok(old)
}

/// The timer's current setting, with `value` the time left to the next
/// expiry (`timerfd_gettime(2)`; the 64-bit-time call on i386).
pub fn timerfd_gettime(fd: impl AsFd) -> Result<Itimerspec> {
    let mut cur = Itimerspec::default();
    // SAFETY: `cur` is a writable itimerspec.
    unsafe {
        syscall!(
            SYS_GETTIME,
            fd.as_fd().as_raw_fd(),
            &mut cur as *mut Itimerspec
        )
    }?;
    Ok(cur)
}

/// The number of expiries since the last read (`read(2)` of 8 bytes);
/// waits for one unless non-blocking.
///
/// # Errors
///
/// `EAGAIN` before the first expiry on a non-blocking timerfd;
/// `ECANCELED` with [`TimerfdTimerFlags::CANCEL_ON_SET`] when the clock was set.
pub fn timerfd_read(fd: impl AsFd) -> Result<u64> {
    super::read_u64(fd)
}
