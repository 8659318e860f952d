//! Clocks and time values.

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

/// A clock: one of the fixed `CLOCK_*` ids, or a dynamic clock (a posix CPU
/// clock from `clock_getcpuclockid`, a PTP device's fd clock) given raw.
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

    /// Any clock id, including dynamic ones; the kernel says `EINVAL` to
    /// ids it does not know.
    #[inline]
    pub const fn from_raw(id: i32) -> Self {
        ClockId(id)
    }

    /// The id passed to the kernel.
    #[inline]
    pub const fn raw(self) -> i32 {
        self.0
    }
}
