//! Waiting and sleeping threads: `futex(2)` wait and wake, `nanosleep(2)`,
//! `clock_nanosleep(2)`.

use crate::base::time::Timespec;
use crate::sysno::call::FUTEX as SYS_FUTEX;
use crate::{syscall_readonly, Result};
use core::ptr::null;
use core::sync::atomic::AtomicU32;

// The sleeps are defined in `time`, next to the clocks they measure.
pub use crate::time::{clock_nanosleep, clock_nanosleep_until, nanosleep, Sleep};

/// `FUTEX_WAIT | FUTEX_PRIVATE_FLAG`.
const FUTEX_WAIT_PRIVATE: u32 = 128;
/// `FUTEX_WAKE | FUTEX_PRIVATE_FLAG`.
const FUTEX_WAKE_PRIVATE: u32 = 1 | 128;

/// Sleeps while `*futex == expected`, until a [`futex_wake`] on it or the
/// relative `timeout` (on `CLOCK_MONOTONIC`; `None`: forever)
/// (`futex(2)` `FUTEX_WAIT_PRIVATE`; `futex_time64` on i386). Private: only
/// threads of this process can wake it. Returns `Ok` when woken, which may
/// also be spurious: re-check the value.
///
/// # Errors
///
/// `EAGAIN` if the value was not `expected` to begin with; `ETIMEDOUT`;
/// `EINTR` if a signal handler ran; `EINVAL` for a bad timeout.
pub fn futex_wait(futex: &AtomicU32, expected: u32, timeout: Option<&Timespec>) -> Result<()> {
    let timeout = timeout.map_or(null(), |t| t as *const Timespec);
    // SAFETY: `futex` is a valid aligned u32 that outlives the call; the
    // timeout is null or valid and only read.
    unsafe {
        syscall_readonly!(
            SYS_FUTEX,
            futex.as_ptr(),
            FUTEX_WAIT_PRIVATE,
            expected,
            timeout
        )
    }?;
    Ok(())
}

/// Wakes up to `n` threads waiting in [`futex_wait`] on `futex`; returns
/// how many woke (`futex(2)` `FUTEX_WAKE_PRIVATE`). `n` above `i32::MAX`
/// means all.
pub fn futex_wake(futex: &AtomicU32, n: u32) -> Result<usize> {
    let n = n.min(i32::MAX as u32);
    // SAFETY: `futex` is a valid aligned u32; wake reads no memory.
    unsafe { syscall_readonly!(SYS_FUTEX, futex.as_ptr(), FUTEX_WAKE_PRIVATE, n) }
}
