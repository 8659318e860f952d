//! POSIX per-process timers: `timer_create(2)`, `timer_settime(2)`,
//! `timer_gettime(2)`, `timer_getoverrun(2)`, `timer_delete(2)`.
//!
//! On i386 the set and get calls are the 64-bit-time forms
//! (`timer_settime64`, `timer_gettime64`), so [`Itimerspec`] has 64-bit
//! seconds everywhere.

use super::ClockId;
use crate::base::ids::Pid;
use crate::base::signal::Signal;
use crate::base::time::Itimerspec;
use crate::sysno::call;
use crate::{syscall, syscall_readonly, Result, Sysno};
use core::mem::{align_of, offset_of, size_of, MaybeUninit};
use static_assertions::{assert_eq_size, const_assert_eq};

/// A POSIX timer of this process, as [`timer_create`] makes it (the
/// kernel's `timer_t`, an `int`). Timers are not inherited by `fork` and
/// are deleted by `execve`; using an id after [`timer_delete`] gives
/// `EINVAL`, or reaches a later timer that reused the number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(transparent)]
pub struct TimerId(i32);

impl TimerId {
    /// The id the kernel hands out.
    #[inline]
    pub const fn as_raw(self) -> i32 {
        self.0
    }

    /// Any id (such as one read from `SigInfo`); the calls answer `EINVAL`
    /// to ids that name no timer.
    #[inline]
    pub const fn from_raw(id: i32) -> TimerId {
        TimerId(id)
    }
}

/// How an expiry of a timer made by [`timer_create`] is told: the
/// `sigev_notify` of its `struct sigevent`. (`SIGEV_THREAD`, a new thread
/// per expiry, is a libc construction, not a kernel one.)
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TimerNotify {
    /// `SIGEV_NONE`: nothing; the state is read with [`timer_gettime`].
    /// (Once disarmed, such a timer still reports its last expiry there,
    /// as seen on Linux 6.18; signalling timers report zero.)
    None,
    /// `SIGEV_SIGNAL`: `signal` to the process, with `value` as `si_value`
    /// (read back as [`SigInfo::value`](crate::signal::SigInfo::value)) and
    /// `si_code` [`SiCode::TIMER`](crate::signal::SiCode::TIMER).
    Signal {
        /// The signal sent.
        signal: Signal,
        /// The `sigval` passed along (an integer or an address; the kernel
        /// never dereferences it).
        value: usize,
    },
    /// `SIGEV_THREAD_ID`: as [`Signal`](TimerNotify::Signal), to thread
    /// `tid` of this process only.
    ThreadId {
        /// The signal sent.
        signal: Signal,
        /// The `sigval` passed along.
        value: usize,
        /// The thread, one of the calling process's
        /// ([`gettid`](crate::process::gettid)).
        tid: Pid,
    },
}

// The `sigev_notify` values the kernel knows (`SIGEV_THREAD` is libc's).
const SIGEV_SIGNAL: i32 = 0;
const SIGEV_NONE: i32 = 1;
const SIGEV_THREAD_ID: i32 = 4;

/// The kernel's 64-byte `struct sigevent` (`include/uapi/asm-generic/siginfo.h`):
/// `sigval`, signal, notify, then a union padded to 64 bytes whose `int`
/// `_tid` is the only member the kernel reads.
#[repr(C)]
struct SigEvent {
    value: usize,
    signo: i32,
    notify: i32,
    tid: i32,
    pad: [i32; (64 - 8 - size_of::<usize>()) / 4 - 1],
}

assert_eq_size!(SigEvent, [u8; 64]);
const_assert_eq!(align_of::<SigEvent>(), align_of::<usize>());
const_assert_eq!(offset_of!(SigEvent, signo), size_of::<usize>());
const_assert_eq!(offset_of!(SigEvent, notify), size_of::<usize>() + 4);
const_assert_eq!(offset_of!(SigEvent, tid), size_of::<usize>() + 8);

impl SigEvent {
    fn new(notify: TimerNotify) -> SigEvent {
        let (value, signo, notify, tid) = match notify {
            TimerNotify::None => (0, 0, SIGEV_NONE, 0),
            TimerNotify::Signal { signal, value } => (value, signal.raw(), SIGEV_SIGNAL, 0),
            TimerNotify::ThreadId { signal, value, tid } => {
                (value, signal.raw(), SIGEV_THREAD_ID, tid.as_raw())
            }
        };
        SigEvent {
            value,
            signo,
            notify,
            tid,
            pad: [0; (64 - 8 - size_of::<usize>()) / 4 - 1],
        }
    }
}

/// Creates a disarmed timer on `clock` that notifies as `notify` says
/// (`timer_create(2)`); arm it with [`timer_settime`].
///
/// # Errors
///
/// `EINVAL` for a clock with no timers or a `tid` that is not a thread of
/// this process; `EAGAIN` when out of timers (`RLIMIT_SIGPENDING`);
/// `EPERM` for an `_ALARM` clock without `CAP_WAKE_ALARM`.
#[inline]
pub fn timer_create(clock: ClockId, notify: TimerNotify) -> Result<TimerId> {
    let event = SigEvent::new(notify);
    let mut id = MaybeUninit::<i32>::uninit();
    // SAFETY: the kernel reads one `struct sigevent` and writes one `int`.
    unsafe {
        syscall!(
            Sysno::timer_create,
            clock.raw(),
            &event as *const SigEvent,
            id.as_mut_ptr()
        )?;
        Ok(TimerId(id.assume_init()))
    }
}

crate::flags::bitflags! {
    /// Flags of [`timer_settime`].
    #[derive(Default)]
    pub struct TimerFlags: i32 {
        /// `TIMER_ABSTIME`: `value` is an absolute time on the timer's clock.
        const ABSTIME = 1;
        const _ = !0;
    }
}

/// Arms the timer (a zero `new.value` disarms it) and returns its previous
/// setting (`timer_settime(2)`; `timer_settime64` on i386).
///
/// # Errors
///
/// `EINVAL` for an id that names no timer, or a time with nanoseconds out
/// of `[0, 999_999_999]` or negative seconds.
#[inline]
pub fn timer_settime(timer: TimerId, flags: TimerFlags, new: &Itimerspec) -> Result<Itimerspec> {
    let mut old = MaybeUninit::<Itimerspec>::uninit();
    // SAFETY: the kernel reads one `__kernel_itimerspec` and writes one.
    unsafe {
        syscall!(
            call::TIMER_SETTIME,
            timer.0,
            flags.bits(),
            new as *const Itimerspec,
            old.as_mut_ptr()
        )?;
        Ok(old.assume_init())
    }
}

/// The time left to the next expiry (zero: disarmed) and the period
/// (`timer_gettime(2)`; `timer_gettime64` on i386).
///
/// # Errors
///
/// `EINVAL` for an id that names no timer.
#[inline]
pub fn timer_gettime(timer: TimerId) -> Result<Itimerspec> {
    let mut cur = MaybeUninit::<Itimerspec>::uninit();
    // SAFETY: the kernel writes one `__kernel_itimerspec`.
    unsafe {
        syscall!(call::TIMER_GETTIME, timer.0, cur.as_mut_ptr())?;
        Ok(cur.assume_init())
    }
}

/// How many expiries the last signal delivered for this timer stood for
/// beyond the first (`timer_getoverrun(2)`): while a timer's signal is
/// pending, later expiries queue no second signal but count here.
///
/// # Errors
///
/// `EINVAL` for an id that names no timer.
#[inline]
pub fn timer_getoverrun(timer: TimerId) -> Result<u32> {
    // SAFETY: no memory is passed.
    // The count is an `int` the kernel caps at `INT_MAX`: it fits.
    unsafe { syscall_readonly!(Sysno::timer_getoverrun, timer.0) }.map(|n| n as u32)
}

/// Deletes the timer (`timer_delete(2)`); a pending signal of it stays
/// pending.
///
/// # Errors
///
/// `EINVAL` for an id that names no timer.
#[inline]
pub fn timer_delete(timer: TimerId) -> Result<()> {
    // SAFETY: no memory is passed.
    unsafe { syscall_readonly!(Sysno::timer_delete, timer.0) }.map(drop)
}
