//! Copies inside the kernel: `sendfile(2)`, `copy_file_range(2)`,
//! `splice(2)`.

use crate::fd::AsFd;
use crate::{syscall, Result, Sysno};

use super::*;

/// The offset argument of the copy calls: a pointer to a `loff_t` the
/// kernel reads and advances, or null to use (and move) the file position.
#[inline(always)]
fn off_ptr(off: Option<&mut u64>) -> *mut u64 {
    match off {
        Some(o) => o,
        None => core::ptr::null_mut(),
    }
}

/// Copies up to `count` bytes from `in_fd` to `out_fd` inside the kernel
/// (`sendfile(2)`, `sendfile64` on 32-bit). With `offset`, reads there and
/// advances `*offset` instead of the file position of `in_fd`.
///
/// # Errors
///
/// `EINVAL` when `in_fd` cannot be mmap'd-like read (e.g. a socket) or
/// `out_fd` is opened with `O_APPEND`, `EAGAIN`, `EBADF`, `ESPIPE`.
#[inline]
pub fn sendfile(
    out_fd: impl AsFd,
    in_fd: impl AsFd,
    offset: Option<&mut u64>,
    count: usize,
) -> Result<usize> {
    const NR: Sysno = crate::sysno::call::SENDFILE;
    // SAFETY: the offset pointer is null or a valid loff_t.
    unsafe {
        syscall!(
            NR,
            raw(out_fd.as_fd()),
            raw(in_fd.as_fd()),
            off_ptr(offset),
            count
        )
    }
}

/// Copies up to `len` bytes between two files inside the kernel, possibly
/// sharing extents (`copy_file_range(2)`). Each offset, when given, is used
/// and advanced instead of that fd's file position.
///
/// # Errors
///
/// `EXDEV` (older kernels, across filesystems), `EINVAL` for overlapping
/// ranges in one file or a non-regular file, `EBADF`, `EFBIG`.
#[inline]
pub fn copy_file_range(
    fd_in: impl AsFd,
    off_in: Option<&mut u64>,
    fd_out: impl AsFd,
    off_out: Option<&mut u64>,
    len: usize,
) -> Result<usize> {
    // SAFETY: each offset pointer is null or a valid loff_t; flags must be 0.
    unsafe {
        syscall!(
            Sysno::copy_file_range,
            raw(fd_in.as_fd()),
            off_ptr(off_in),
            raw(fd_out.as_fd()),
            off_ptr(off_out),
            len,
            0u32
        )
    }
}

crate::flags::bitflags! {
    /// Flags of [`splice`] (`SPLICE_F_*`).
    pub struct SpliceFlags: u32 {
        /// A hint to move pages rather than copy.
        const MOVE = 1;
        /// Do not block on the pipe (the other fd's own mode still applies).
        const NONBLOCK = 2;
        /// More data follows (a hint for sockets).
        const MORE = 4;
        /// For `vmsplice(2)`: the pages are a gift.
        const GIFT = 8;
        const _ = !0;
    }
}

/// Moves up to `len` bytes between two fds, at least one of them a pipe,
/// without copying through user memory (`splice(2)`). An offset must be
/// `None` for the pipe side; for a file it is used and advanced.
///
/// # Errors
///
/// `EINVAL` when neither fd is a pipe or an offset is given for a pipe,
/// `ESPIPE`, `EAGAIN` with [`SpliceFlags::NONBLOCK`], `EBADF`.
#[inline]
pub fn splice(
    fd_in: impl AsFd,
    off_in: Option<&mut u64>,
    fd_out: impl AsFd,
    off_out: Option<&mut u64>,
    len: usize,
    flags: SpliceFlags,
) -> Result<usize> {
    // SAFETY: each offset pointer is null or a valid loff_t.
    unsafe {
        syscall!(
            Sysno::splice,
            raw(fd_in.as_fd()),
            off_ptr(off_in),
            raw(fd_out.as_fd()),
            off_ptr(off_out),
            len,
            flags.bits()
        )
    }
}
