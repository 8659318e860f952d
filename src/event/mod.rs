//! Readiness and wake-up: `epoll`, `eventfd`, `timerfd`, `poll`, `select`.
//!
//! Every fd made here is close-on-exec.

mod epoll;
mod eventfd;
mod poll;
mod select;
mod timerfd;

pub use epoll::*;
pub use eventfd::*;
pub use poll::*;
pub use select::*;
pub use timerfd::*;

use crate::fd::AsFd;
use crate::{syscall, Result, Sysno};

/// `O_CLOEXEC`, which `EPOLL_CLOEXEC`, `EFD_CLOEXEC` and `TFD_CLOEXEC` equal.
const CLOEXEC: i32 = crate::base::fs::O_CLOEXEC as i32;

/// Reads the 8-byte counter an eventfd or timerfd hands out.
fn read_u64(fd: impl AsFd) -> Result<u64> {
    let mut value = 0u64;
    // SAFETY: `value` is 8 writable bytes.
    unsafe {
        syscall!(
            Sysno::read,
            fd.as_fd().as_raw_fd(),
            &mut value as *mut u64,
            8
        )
    }?;
    Ok(value)
}

/// Milliseconds for a timeout argument: `None` waits forever (-1), a
/// duration rounds up to whole milliseconds and saturates at `i32::MAX`.
fn timeout_ms(timeout: Option<core::time::Duration>) -> i32 {
    match timeout {
        None => -1,
        Some(d) => {
            let ms = d.as_millis() + u128::from(d.subsec_nanos() % 1_000_000 != 0);
            if ms > i32::MAX as u128 {
                i32::MAX
            } else {
                ms as i32
            }
        }
    }
}
