//! The read and write family: `read(2)`, `write(2)`, their positional
//! and vectored forms, and `lseek(2)`.

use crate::fd::AsFd;
use crate::{syscall, syscall_readonly, Result, Sysno};

use crate::raw::syscall_off;

use super::*;

/// Reads up to `buf.len()` bytes at the file position (`read(2)`); returns
/// how many arrived, 0 at end of file (or for an empty `buf`).
///
/// # Errors
///
/// `EAGAIN` when a non-blocking fd has nothing, `EINTR` when a signal
/// interrupts a blocked read before any byte arrived, `EBADF`, `EISDIR`, …
#[inline]
pub fn read(fd: impl AsFd, buf: &mut [u8]) -> Result<usize> {
    // SAFETY: the kernel writes at most `buf.len()` bytes into `buf`.
    unsafe { syscall!(Sysno::read, raw(fd.as_fd()), buf.as_mut_ptr(), buf.len()) }
}

/// Like [`read()`], into the unfilled part of `buf`, which may be
/// uninitialized memory; returns how many bytes were appended.
#[inline]
pub fn read_buf(fd: impl AsFd, buf: &mut ReadBuf<'_>) -> Result<usize> {
    let (ptr, room) = buf.spare();
    // SAFETY: the kernel writes at most `room` bytes at `ptr`.
    let n = unsafe { syscall!(Sysno::read, raw(fd.as_fd()), ptr, room) }?;
    // SAFETY: the kernel initialized exactly `n <= room` bytes.
    unsafe { buf.assume_filled(n) };
    Ok(n)
}

/// Writes up to `buf.len()` bytes at the file position (`write(2)`); returns
/// how many the kernel took, possibly fewer than asked.
///
/// # Errors
///
/// `EAGAIN` when a non-blocking fd is full, `EPIPE` when a pipe has no
/// reader (with `SIGPIPE`, unless ignored), `EINTR`, `EBADF`, `ENOSPC`, …
#[inline]
pub fn write(fd: impl AsFd, buf: &[u8]) -> Result<usize> {
    // SAFETY: the kernel reads at most `buf.len()` bytes from `buf`.
    unsafe { syscall_readonly!(Sysno::write, raw(fd.as_fd()), buf.as_ptr(), buf.len()) }
}

/// Reads at `offset` without moving the file position (`pread(2)`).
///
/// # Errors
///
/// As [`read()`]; `ESPIPE` on a pipe or socket, `EINVAL` for an offset past
/// `i64::MAX`.
#[inline]
pub fn pread(fd: impl AsFd, buf: &mut [u8], offset: u64) -> Result<usize> {
    // SAFETY: the kernel writes at most `buf.len()` bytes into `buf`.
    unsafe {
        syscall_off!(
            Sysno::pread64,
            raw(fd.as_fd()),
            buf.as_mut_ptr(),
            buf.len(),
            off(offset)
        )
    }
}

/// Writes at `offset` without moving the file position (`pwrite(2)`; on an
/// fd opened with `O_APPEND` the data goes to the end regardless).
///
/// # Errors
///
/// As [`write()`]; `ESPIPE` on a pipe or socket.
#[inline]
pub fn pwrite(fd: impl AsFd, buf: &[u8], offset: u64) -> Result<usize> {
    // SAFETY: the kernel reads at most `buf.len()` bytes from `buf`.
    unsafe {
        syscall_off!(
            Sysno::pwrite64,
            raw(fd.as_fd()),
            buf.as_ptr(),
            buf.len(),
            off(offset)
        )
    }
}

/// Reads into several buffers in order (`readv(2)`); returns the total.
///
/// # Errors
///
/// As [`read()`]; `EINVAL` for more than [`IOV_MAX`] buffers.
#[inline]
pub fn readv(fd: impl AsFd, bufs: &mut [IoSliceMut<'_>]) -> Result<usize> {
    // SAFETY: `IoSliceMut` has iovec layout and each describes a writable buffer.
    unsafe { syscall!(Sysno::readv, raw(fd.as_fd()), bufs.as_mut_ptr(), bufs.len()) }
}

/// Writes several buffers in order (`writev(2)`); returns the total taken.
///
/// # Errors
///
/// As [`write()`]; `EINVAL` for more than [`IOV_MAX`] buffers.
#[inline]
pub fn writev(fd: impl AsFd, bufs: &[IoSlice<'_>]) -> Result<usize> {
    // SAFETY: `IoSlice` has iovec layout and each describes a readable buffer.
    unsafe { syscall_readonly!(Sysno::writev, raw(fd.as_fd()), bufs.as_ptr(), bufs.len()) }
}

crate::flags::bitflags! {
    /// Per-call flags of [`preadv2`] and [`pwritev2`] (`RWF_*`).
    pub struct ReadWriteFlags: u32 {
        /// High-priority (polled) I/O.
        const HIPRI = 0x1;
        /// Per-write `O_DSYNC`.
        const DSYNC = 0x2;
        /// Per-write `O_SYNC`.
        const SYNC = 0x4;
        /// Fail with `EAGAIN` rather than block (page cache reads).
        const NOWAIT = 0x8;
        /// Per-write `O_APPEND`.
        const APPEND = 0x10;
        /// Ignore `O_APPEND` for this write (Linux 6.9).
        const NOAPPEND = 0x20;
        /// Write all or nothing (Linux 6.11, some filesystems).
        const ATOMIC = 0x40;
        /// Drop the pages from the cache after the I/O (Linux 6.14).
        const DONTCACHE = 0x80;
        const _ = !0;
    }
}

/// [`readv`] at `offset` (or at the file position for `None`, which it then
/// advances), with per-call flags (`preadv2(2)`).
///
/// # Errors
///
/// As [`readv`]; `EOPNOTSUPP` for a flag the fd does not support, `EAGAIN`
/// with [`ReadWriteFlags::NOWAIT`] when the data is not cached.
#[inline]
pub fn preadv2(
    fd: impl AsFd,
    bufs: &mut [IoSliceMut<'_>],
    offset: Option<u64>,
    flags: ReadWriteFlags,
) -> Result<usize> {
    let offset = offset.unwrap_or(u64::MAX);
    // SAFETY: as in `readv`; an offset of -1 means the file position.
    unsafe {
        syscall_off!(
            Sysno::preadv2,
            raw(fd.as_fd()),
            bufs.as_mut_ptr(),
            bufs.len(),
            hilo(offset),
            flags.bits()
        )
    }
}

/// [`writev`] at `offset` (or at the file position for `None`), with
/// per-call flags (`pwritev2(2)`).
///
/// # Errors
///
/// As [`writev`]; `EOPNOTSUPP` for a flag the fd does not support.
#[inline]
pub fn pwritev2(
    fd: impl AsFd,
    bufs: &[IoSlice<'_>],
    offset: Option<u64>,
    flags: ReadWriteFlags,
) -> Result<usize> {
    let offset = offset.unwrap_or(u64::MAX);
    // SAFETY: as in `writev`; an offset of -1 means the file position.
    unsafe {
        syscall_off!(
            Sysno::pwritev2,
            raw(fd.as_fd()),
            bufs.as_ptr(),
            bufs.len(),
            hilo(offset),
            flags.bits()
        )
    }
}

/// Where [`lseek`] moves the file position to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SeekFrom {
    /// To this offset (`SEEK_SET`).
    Start(u64),
    /// To the end plus this (`SEEK_END`).
    End(i64),
    /// To the current position plus this (`SEEK_CUR`).
    Current(i64),
    /// To the first data at or after this offset (`SEEK_DATA`).
    Data(u64),
    /// To the first hole at or after this offset (`SEEK_HOLE`).
    Hole(u64),
}

/// Moves the file position (`lseek(2)`, `_llseek` on 32-bit architectures);
/// returns the new position.
///
/// # Errors
///
/// `ESPIPE` on a pipe or socket, `EINVAL` for a negative result, `ENXIO`
/// for `Data`/`Hole` past the end.
#[inline]
pub fn lseek(fd: impl AsFd, pos: SeekFrom) -> Result<u64> {
    let (offset, whence) = match pos {
        SeekFrom::Start(o) => (o, 0u32),
        SeekFrom::Current(o) => (o as u64, 1),
        SeekFrom::End(o) => (o as u64, 2),
        SeekFrom::Data(o) => (o, 3),
        SeekFrom::Hole(o) => (o, 4),
    };
    #[cfg(target_pointer_width = "64")]
    {
        // SAFETY: lseek takes no pointers.
        unsafe { syscall_readonly!(Sysno::lseek, raw(fd.as_fd()), offset, whence) }
            .map(|p| p as u64)
    }
    #[cfg(target_pointer_width = "32")]
    {
        let mut result = 0u64;
        // SAFETY: _llseek(fd, high, low, &result, whence) writes one loff_t.
        unsafe {
            syscall!(
                Sysno::_llseek,
                raw(fd.as_fd()),
                (offset >> 32) as u32,
                offset as u32,
                &mut result as *mut u64,
                whence
            )
        }?;
        Ok(result)
    }
}
