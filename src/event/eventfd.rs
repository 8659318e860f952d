//! `eventfd(2)`.

use crate::fd::{AsFd, OwnedFd};
use crate::{syscall_readonly, Result, Sysno};

crate::flags::bitflags! {
    /// Flags of [`eventfd`]; close-on-exec is always set.
    pub struct EventfdFlags: i32 {
        /// `EFD_NONBLOCK`: reads of a zero counter fail with `EAGAIN`.
        const NONBLOCK = 0o4000;
        /// `EFD_SEMAPHORE`: each read takes 1 instead of the whole counter.
        const SEMAPHORE = 1;
        const _ = !0;
    }
}

/// A new event counter starting at `initval` (`eventfd2(2)`), close-on-exec.
///
/// # Errors
///
/// `EINVAL` for unknown flags; `EMFILE`/`ENFILE` when out of fds.
pub fn eventfd(initval: u32, flags: EventfdFlags) -> Result<OwnedFd> {
    // SAFETY: plain integers.
    let fd = unsafe { syscall_readonly!(Sysno::eventfd2, initval, flags.bits() | super::CLOEXEC) }?;
    // SAFETY: the kernel returned a new fd that nothing else owns.
    Ok(unsafe { crate::raw::owned_fd(fd) })
}

/// Takes the counter (or 1 of it, in semaphore mode) and resets it
/// (`read(2)` of 8 bytes); waits while it is zero unless non-blocking.
///
/// # Errors
///
/// `EAGAIN` when the counter is zero on a non-blocking eventfd; `EINVAL` if
/// `fd` is not an eventfd-like fd that reads 8 bytes.
pub fn eventfd_read(fd: impl AsFd) -> Result<u64> {
    super::read_u64(fd)
}

/// Adds `value` to the counter (`write(2)` of 8 bytes); waits while that
/// would pass `u64::MAX - 1` unless non-blocking.
///
/// # Errors
///
/// `EINVAL` for `value == u64::MAX`; `EAGAIN` when it would overflow on a
/// non-blocking eventfd.
pub fn eventfd_write(fd: impl AsFd, value: u64) -> Result<()> {
    // SAFETY: `value` is 8 readable bytes.
    unsafe {
        syscall_readonly!(
            Sysno::write,
            fd.as_fd().as_raw_fd(),
            &value as *const u64,
            8
        )
    }?;
    Ok(())
}
