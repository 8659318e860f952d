//! Clocks and time values, and the calls that read them: through the vDSO
//! (see [`crate::vdso`]) when it has the function, else the system call.

pub use crate::base::time::{ClockId, DynamicClockId, Itimerspec, OldTimeval, Timespec, Timeval};

mod calls;
mod sleep;
mod timer;
pub use calls::{
    clock_getres, clock_getres_syscall, clock_gettime, clock_gettime_syscall, getcpu, gettimeofday,
    time,
};
pub use timer::*;

// The sleeps: defined here, next to the clocks they measure, and
// reachable from `thread` too.
pub use sleep::{clock_nanosleep, clock_nanosleep_until, nanosleep, Sleep};

/// Where the calling thread ran when [`getcpu`] looked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct CpuLocation {
    /// The CPU number.
    pub cpu: u32,
    /// The NUMA node of that CPU.
    pub node: u32,
}

/// Sets `clock` to `time` (`clock_settime(2)`; `clock_settime64` on
/// i386). Of the fixed clocks only `REALTIME` is settable;
/// setting it needs `CAP_SYS_TIME` and moves every realtime timer and sleep.
///
/// # Errors
///
/// `EINVAL` for a clock that cannot be set (`MONOTONIC`, …) or a `time`
/// with `tv_nsec` outside `[0, 999_999_999]` or negative seconds; `EPERM`
/// without `CAP_SYS_TIME`.
#[inline]
pub fn clock_settime(clock: ClockId, time: &Timespec) -> crate::Result<()> {
    // SAFETY: the kernel reads one `__kernel_timespec`.
    unsafe {
        crate::syscall_readonly!(
            crate::sysno::call::CLOCK_SETTIME,
            clock.raw(),
            time as *const Timespec
        )
    }
    .map(drop)
}
