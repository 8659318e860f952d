//! Random bytes from the kernel: `getrandom(2)`.

use crate::io::ReadBuf;
use crate::{syscall, Result, Sysno};

crate::flags::bitflags! {
    /// Flags of [`getrandom`] (`GRND_*`).
    pub struct GetRandomFlags: u32 {
        /// Fail with `EAGAIN` rather than wait for the pool to be initialized.
        const NONBLOCK = 0x1;
        /// Draw from the (historical) blocking pool; now the same source.
        const RANDOM = 0x2;
        /// Never wait, even before the pool is initialized (Linux 5.6);
        /// not for keys.
        const INSECURE = 0x4;
        const _ = !0;
    }
}

/// Fills `buf` with random bytes (`getrandom(2)`); returns how many.
/// Requests up to 256 bytes are never short once the pool is ready; longer
/// ones may be cut short by a signal.
///
/// # Errors
///
/// `EAGAIN` (`NONBLOCK` before the pool is ready), `EINTR` (a signal while
/// waiting), `EINVAL` (unknown flags, or `INSECURE` with `RANDOM`), `EFAULT`.
#[inline]
pub fn getrandom(buf: &mut [u8], flags: GetRandomFlags) -> Result<usize> {
    // SAFETY: the kernel writes at most `buf.len()` bytes.
    unsafe { syscall!(Sysno::getrandom, buf.as_mut_ptr(), buf.len(), flags.bits()) }
}

/// Like [`getrandom`], into the unfilled part of a [`ReadBuf`] (which may
/// be uninitialized memory); returns how many bytes were appended.
#[inline]
pub fn getrandom_buf(buf: &mut ReadBuf<'_>, flags: GetRandomFlags) -> Result<usize> {
    let (ptr, room) = buf.spare();
    // SAFETY: the kernel writes at most `room` bytes at `ptr`.
    let n = unsafe { syscall!(Sysno::getrandom, ptr, room, flags.bits()) }?;
    // SAFETY: the kernel initialized exactly `n <= room` bytes.
    unsafe { buf.assume_filled(n) };
    Ok(n)
}
