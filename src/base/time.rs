//! Time values and clock ids: what the clocks, sleeps, timers, polls and
//! waits share, 64-bit time on every architecture.

use super::ids::{pid_or_self, Pid};
use core::marker::PhantomData;
use core::mem::offset_of;
use static_assertions::{assert_eq_align, assert_eq_size, const_assert_eq};

/// A time value with 64-bit seconds on every architecture: the kernel's
/// `struct __kernel_timespec` (`include/uapi/linux/time_types.h`), which the
/// `*_time64` calls on 32-bit architectures and all calls on 64-bit ones take.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(C)]
pub struct Timespec {
    /// Seconds.
    pub tv_sec: i64,
    /// Nanoseconds, in `[0, 999_999_999]` for a valid value.
    pub tv_nsec: i64,
}

assert_eq_size!(Timespec, [u64; 2]);
assert_eq_align!(Timespec, u64);
const_assert_eq!(core::mem::offset_of!(Timespec, tv_nsec), 8);

impl Timespec {
    /// Zero seconds.
    pub const ZERO: Timespec = Timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };

    /// The value as a `core::time::Duration`; `None` if it is negative or
    /// its nanoseconds are out of range.
    pub const fn to_duration(self) -> Option<core::time::Duration> {
        if self.tv_sec < 0 || self.tv_nsec < 0 || self.tv_nsec >= 1_000_000_000 {
            None
        } else {
            Some(core::time::Duration::new(
                self.tv_sec as u64,
                self.tv_nsec as u32,
            ))
        }
    }

    /// The value of a `Duration`, saturating at `i64::MAX` seconds.
    pub const fn from_duration(d: core::time::Duration) -> Self {
        let secs = d.as_secs();
        Timespec {
            tv_sec: if secs > i64::MAX as u64 {
                i64::MAX
            } else {
                secs as i64
            },
            tv_nsec: d.subsec_nanos() as i64,
        }
    }
}

/// A clock: one of the fixed `CLOCK_*` ids, or the CPU-time clock of a
/// process or thread. Never an fd's clock, whose id is only good while the
/// fd is open: that is a [`DynamicClockId`], which borrows the fd.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(transparent)]
pub struct ClockId(i32);

impl ClockId {
    /// Wall-clock time, settable, jumps.
    pub const REALTIME: ClockId = ClockId(0);
    /// Time since an unspecified start, never jumps, slewed by NTP.
    pub const MONOTONIC: ClockId = ClockId(1);
    /// CPU time of the process.
    pub const PROCESS_CPUTIME_ID: ClockId = ClockId(2);
    /// CPU time of the thread.
    pub const THREAD_CPUTIME_ID: ClockId = ClockId(3);
    /// Like `MONOTONIC`, without NTP slewing.
    pub const MONOTONIC_RAW: ClockId = ClockId(4);
    /// `REALTIME` at tick resolution, faster.
    pub const REALTIME_COARSE: ClockId = ClockId(5);
    /// `MONOTONIC` at tick resolution, faster.
    pub const MONOTONIC_COARSE: ClockId = ClockId(6);
    /// Like `MONOTONIC`, counting time suspended.
    pub const BOOTTIME: ClockId = ClockId(7);
    /// `REALTIME` that wakes a suspended system (timers; needs CAP_WAKE_ALARM).
    pub const REALTIME_ALARM: ClockId = ClockId(8);
    /// `BOOTTIME` that wakes a suspended system (timers; needs CAP_WAKE_ALARM).
    pub const BOOTTIME_ALARM: ClockId = ClockId(9);
    /// International Atomic Time.
    pub const TAI: ClockId = ClockId(11);

    /// Any clock id but an fd's: `None` for an id that encodes a file
    /// descriptor (`FD_TO_CLOCKID`: negative, low three bits `CLOCKFD`),
    /// which [`DynamicClockId::from_fd`] makes from a borrowed fd instead.
    /// The kernel says `EINVAL` to other ids it does not know.
    #[inline]
    pub const fn from_raw(id: i32) -> Option<Self> {
        if id < 0 && id & CLOCKFD_MASK == CLOCKFD {
            None
        } else {
            Some(ClockId(id))
        }
    }

    /// The id passed to the kernel.
    #[inline]
    pub const fn raw(self) -> i32 {
        self.0
    }
}

impl ClockId {
    /// The first auxiliary clock (`CLOCK_AUX`, Linux 6.17): independently
    /// steered clocks `CLOCK_AUX..=CLOCK_AUX_LAST`, enabled through sysfs.
    pub const AUX: ClockId = ClockId(16);
    /// The number of auxiliary clocks (`MAX_AUX_CLOCKS`).
    pub const AUX_COUNT: u32 = 8;

    /// Auxiliary clock `n` (`CLOCK_AUX + n`), `None` for `n >= 8`.
    pub const fn aux(n: u32) -> Option<ClockId> {
        if n < Self::AUX_COUNT {
            Some(ClockId(Self::AUX.0 + n as i32))
        } else {
            None
        }
    }

    /// The CPU-time clock of process `pid` (`None`: the caller), as
    /// `clock_getcpuclockid(3)` makes it: `((~pid) << 3) | CPUCLOCK_SCHED`.
    pub const fn process_cputime(pid: Option<Pid>) -> ClockId {
        ClockId(((!pid_or_self(pid)) << 3) | CPUCLOCK_SCHED)
    }

    /// The CPU-time clock of thread `tid` (`None`: the caller), as
    /// `pthread_getcpuclockid(3)` makes it.
    pub const fn thread_cputime(tid: Option<Pid>) -> ClockId {
        ClockId(((!pid_or_self(tid)) << 3) | CPUCLOCK_SCHED | CPUCLOCK_PERTHREAD)
    }
}

/// A clock that may be an open clock device's (`/dev/ptp0`): a
/// [`ClockId`], or an fd's clock that borrows the fd for `'fd`, so the id
/// cannot outlive it (the number could name another file by then).
/// [`clock_gettime`](crate::time::clock_gettime) and [`clock_getres`](crate::time::clock_getres) take either.
///
/// ```compile_fail,E0505
/// use sysgate::fs::{openat, Mode, OFlags, CWD};
/// use sysgate::time::{clock_gettime, DynamicClockId};
/// use sysgate::AsFd;
/// let ptp = openat(CWD, "/dev/ptp0", OFlags::RDONLY, Mode::empty()).unwrap();
/// let clock = DynamicClockId::from_fd(ptp.as_fd());
/// drop(ptp); // the fd closes while `clock` borrows it: does not compile
/// let _ = clock_gettime(clock);
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct DynamicClockId<'fd> {
    id: i32,
    _fd: PhantomData<crate::BorrowedFd<'fd>>,
}

impl<'fd> DynamicClockId<'fd> {
    /// The clock of an open clock device: `FD_TO_CLOCKID(fd)`.
    #[inline]
    pub const fn from_fd(fd: crate::BorrowedFd<'fd>) -> Self {
        DynamicClockId {
            id: ((!fd.as_raw_fd()) << 3) | CLOCKFD,
            _fd: PhantomData,
        }
    }

    /// The id passed to the kernel.
    #[inline]
    pub const fn raw(self) -> i32 {
        self.id
    }
}

impl From<ClockId> for DynamicClockId<'_> {
    #[inline]
    fn from(clock: ClockId) -> Self {
        DynamicClockId {
            id: clock.0,
            _fd: PhantomData,
        }
    }
}

/// `CPUCLOCK_SCHED`: scheduler CPU time (`include/linux/posix-timers.h`).
const CPUCLOCK_SCHED: i32 = 2;
/// `CPUCLOCK_PERTHREAD_MASK`.
const CPUCLOCK_PERTHREAD: i32 = 4;
/// `CLOCKFD`: the low bits of a clock id made from an fd.
const CLOCKFD: i32 = 3;
/// `CLOCKFD_MASK`: the bits that tell an fd's clock from a CPU-time clock.
const CLOCKFD_MASK: i32 = 7;

/// A time value in seconds and microseconds with 64-bit fields: what
/// [`gettimeofday`](crate::time::gettimeofday) returns. On 64-bit architectures it is the kernel's
/// `struct __kernel_old_timeval`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(C)]
pub struct Timeval {
    /// Seconds.
    pub tv_sec: i64,
    /// Microseconds, in `[0, 999_999]`.
    pub tv_usec: i64,
}

assert_eq_size!(Timeval, [u64; 2]);
assert_eq_align!(Timeval, u64);
const_assert_eq!(core::mem::offset_of!(Timeval, tv_usec), 8);
#[cfg(target_pointer_width = "64")]
const_assert_eq!(
    core::mem::size_of::<Timeval>(),
    2 * core::mem::size_of::<usize>()
);

/// A time value in seconds and microseconds with `long` fields (32-bit on
/// i386): the kernel's `struct __kernel_old_timeval`. Used by the times in
/// [`Rusage`](crate::process::Rusage) (`getrusage(2)`, which has no
/// 64-bit-time form) and by the `SO_RCVTIMEO`/`SO_SNDTIMEO` socket options
/// ([`sockopt::RCVTIMEO`](crate::net::sockopt::RCVTIMEO); the `_OLD`
/// numbers 20/21). On i386 its seconds overflow in 2038; [`Timeval`] has
/// 64-bit fields everywhere.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(C)]
pub struct OldTimeval {
    /// Seconds.
    pub tv_sec: isize,
    /// Microseconds, in `[0, 999_999]`.
    pub tv_usec: isize,
}

assert_eq_size!(OldTimeval, [usize; 2]);
assert_eq_align!(OldTimeval, usize);
const_assert_eq!(
    core::mem::offset_of!(OldTimeval, tv_usec),
    core::mem::size_of::<usize>()
);

/// A timer setting: the first expiry and the period after it
/// (`struct __kernel_itimerspec`, 64-bit time on every architecture).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct Itimerspec {
    /// The period; zero for a one-shot timer.
    pub interval: Timespec,
    /// The time to the first expiry (or, with
    /// [`TimerfdTimerFlags::ABSTIME`](crate::event::TimerfdTimerFlags::ABSTIME), its absolute time); zero disarms.
    pub value: Timespec,
}

assert_eq_size!(Itimerspec, [u64; 4]);
assert_eq_align!(Itimerspec, u64);
const_assert_eq!(offset_of!(Itimerspec, value), 16);
