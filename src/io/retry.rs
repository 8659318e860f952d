//! Retrying what the kernel leaves half done: `EINTR`, and transfers shorter
//! than asked.

use super::{pread, pwrite, read, readv, write, writev, IoSlice, IoSliceMut, IOV_MAX};
use crate::fd::AsFd;
use crate::{Errno, Result};
use core::fmt;

/// Calls `f` until it returns anything but `Err(EINTR)`.
///
/// For calls that can be restarted as they are: a read into a buffer that
/// the interrupted attempt left untouched, a wait, an `open`. `f` may borrow
/// what it needs mutably — a [`ReadBuf`](super::ReadBuf) over uninitialized
/// memory, for instance, and read its result afterwards:
///
/// ```no_run
/// # use sysgate::io::{read, retry_on_intr};
/// # use sysgate::BorrowedFd;
/// let mut buf = [0u8; 512];
/// let n = retry_on_intr(|| read(BorrowedFd::stdin(), &mut buf))?;
/// # Ok::<(), sysgate::Errno>(())
/// ```
#[inline]
pub fn retry_on_intr<T>(mut f: impl FnMut() -> Result<T>) -> Result<T> {
    loop {
        match f() {
            Err(Errno::EINTR) => {}
            r => return r,
        }
    }
}

/// Why a transfer helper stopped before the end.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Cause {
    /// A read returned 0: end of file, or the writer of a pipe or socket
    /// closed its end.
    Eof,
    /// A write returned 0 for a non-empty buffer: the fd accepts no more
    /// (a full device, for instance).
    WriteZero,
    /// The call failed: `EAGAIN` on a non-blocking fd with no room or no
    /// data, `EPIPE`, `EBADF`, `EFAULT`, … (never `EINTR`, which is retried).
    Errno(Errno),
}

/// A transfer that stopped early, and how far it got: bytes `0..done` were
/// moved; the caller resumes from `done`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PartialError {
    /// Bytes transferred before the stop, all of them accounted for.
    pub done: usize,
    /// Why it stopped.
    pub cause: Cause,
}

impl PartialError {
    /// The error number, if the stop was an error rather than end of file or
    /// a zero-length write.
    #[inline]
    pub const fn errno(&self) -> Option<Errno> {
        match self.cause {
            Cause::Errno(e) => Some(e),
            _ => None,
        }
    }
}

impl fmt::Display for PartialError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.cause {
            Cause::Eof => write!(f, "end of file after {} bytes", self.done),
            Cause::WriteZero => write!(f, "write accepted 0 bytes after {} bytes", self.done),
            Cause::Errno(e) => write!(f, "{e} after {} bytes", self.done),
        }
    }
}

impl core::error::Error for PartialError {}

#[cfg(feature = "std")]
impl From<PartialError> for std::io::Error {
    /// `Eof` becomes `UnexpectedEof`, `WriteZero` becomes `WriteZero`, an
    /// error number becomes that OS error; the byte count is dropped.
    fn from(e: PartialError) -> Self {
        match e.cause {
            Cause::Eof => std::io::ErrorKind::UnexpectedEof.into(),
            Cause::WriteZero => std::io::ErrorKind::WriteZero.into(),
            Cause::Errno(errno) => errno.into(),
        }
    }
}

/// Moves `len` bytes with `step(done)`, which transfers from byte `done`
/// on and returns how many it moved. `EINTR` is retried; 0 stops with `zero`.
#[inline]
fn transfer(
    len: usize,
    zero: Cause,
    mut step: impl FnMut(usize) -> Result<usize>,
) -> core::result::Result<(), PartialError> {
    let mut done = 0;
    while done < len {
        match step(done) {
            Ok(0) => return Err(PartialError { done, cause: zero }),
            // The kernel never moves more than asked; `min` keeps `done <= len`.
            Ok(n) => done += n.min(len - done),
            Err(Errno::EINTR) => {}
            Err(e) => {
                return Err(PartialError {
                    done,
                    cause: Cause::Errno(e),
                })
            }
        }
    }
    Ok(())
}

/// Fills all of `buf` from the file position (`read(2)` until done).
///
/// Retries `EINTR` and continues after short reads. Stops with a
/// [`PartialError`] whose `done` bytes at the front of `buf` are valid data:
/// [`Cause::Eof`] when the file ends first, [`Cause::Errno`] on an error —
/// including `EAGAIN` when a non-blocking fd runs dry. The file position has
/// advanced by exactly `done` bytes.
#[inline]
pub fn read_exact(fd: impl AsFd, buf: &mut [u8]) -> core::result::Result<(), PartialError> {
    let fd = fd.as_fd();
    let len = buf.len();
    transfer(len, Cause::Eof, |done| read(fd, &mut buf[done..]))
}

/// Writes all of `buf` at the file position (`write(2)` until done).
///
/// Retries `EINTR` and continues after short writes. Stops with a
/// [`PartialError`] when the fd refuses more: `buf[..done]` was written and
/// `buf[done..]` was not. [`Cause::Errno`] carries the error — `EAGAIN`
/// when a non-blocking fd is full (wait for it to drain, then write
/// `buf[done..]`), `EPIPE`, `ENOSPC`, …; [`Cause::WriteZero`] when a write
/// took nothing.
#[inline]
pub fn write_all(fd: impl AsFd, buf: &[u8]) -> core::result::Result<(), PartialError> {
    let fd = fd.as_fd();
    transfer(buf.len(), Cause::WriteZero, |done| write(fd, &buf[done..]))
}

/// Fills all of `buf` from `offset` on (`pread(2)` until done, advancing the
/// offset by what each call read); the file position does not move.
///
/// Retries `EINTR`, continues after short reads; a [`PartialError`] says how
/// many bytes at the front of `buf` (from `offset`) are valid:
/// [`Cause::Eof`] when `offset + done` is the end of the file.
#[inline]
pub fn pread_exact(
    fd: impl AsFd,
    buf: &mut [u8],
    offset: u64,
) -> core::result::Result<(), PartialError> {
    let fd = fd.as_fd();
    let len = buf.len();
    transfer(len, Cause::Eof, |done| {
        pread(fd, &mut buf[done..], offset.saturating_add(done as u64))
    })
}

/// Writes all of `buf` at `offset` on (`pwrite(2)` until done, advancing the
/// offset); the file position does not move.
///
/// Retries `EINTR`, continues after short writes; a [`PartialError`] says
/// `buf[..done]` is on file at `offset..offset + done` and the rest is not.
#[inline]
pub fn pwrite_all(
    fd: impl AsFd,
    buf: &[u8],
    offset: u64,
) -> core::result::Result<(), PartialError> {
    let fd = fd.as_fd();
    transfer(buf.len(), Cause::WriteZero, |done| {
        pwrite(fd, &buf[done..], offset.saturating_add(done as u64))
    })
}

/// Moves every byte of a list of slices with a vectored call, advancing
/// `*bufs` as it goes; shared by `readv_exact` and `writev_all`.
macro_rules! vectored_all {
    ($bufs:ident, $zero:expr, |$chunk:ident| $call:expr) => {{
        let mut done = 0usize;
        loop {
            // Skip empty slices, so an empty list means done.
            while $bufs.first().is_some_and(|b| b.is_empty()) {
                *$bufs = &mut core::mem::take($bufs)[1..];
            }
            if $bufs.is_empty() {
                return Ok(());
            }
            let n = $bufs.len().min(IOV_MAX);
            let $chunk = &mut $bufs[..n];
            match $call {
                Ok(0) => return Err(PartialError { done, cause: $zero }),
                Ok(k) => {
                    done += k;
                    Advance::advance_slices($bufs, k);
                }
                Err(Errno::EINTR) => {}
                Err(e) => {
                    return Err(PartialError {
                        done,
                        cause: Cause::Errno(e),
                    })
                }
            }
        }
    }};
}

/// Lets `vectored_all!` name either slice type's `advance_slices`.
trait Advance<'a>: Sized {
    fn advance_slices(bufs: &mut &mut [Self], n: usize);
}
impl<'a> Advance<'a> for IoSlice<'a> {
    #[inline]
    fn advance_slices(bufs: &mut &mut [Self], n: usize) {
        IoSlice::advance_slices(bufs, n)
    }
}
impl<'a> Advance<'a> for IoSliceMut<'a> {
    #[inline]
    fn advance_slices(bufs: &mut &mut [Self], n: usize) {
        IoSliceMut::advance_slices(bufs, n)
    }
}

/// Fills every slice of `*bufs` in order from the file position (`readv(2)`
/// until done; at most [`IOV_MAX`] slices per call).
///
/// `*bufs` advances as data arrives: fully filled slices leave the front of
/// the list and a partly filled one is shortened to its unfilled tail. On
/// success `*bufs` ends empty. On a [`PartialError`] (as for
/// [`read_exact`]), `done` bytes were read and `*bufs` is exactly the part
/// still to fill, so calling again resumes.
pub fn readv_exact<'a>(
    fd: impl AsFd,
    bufs: &mut &mut [IoSliceMut<'a>],
) -> core::result::Result<(), PartialError> {
    let fd = fd.as_fd();
    vectored_all!(bufs, Cause::Eof, |chunk| readv(fd, chunk))
}

/// Writes every slice of `*bufs` in order at the file position (`writev(2)`
/// until done; at most [`IOV_MAX`] slices per call).
///
/// `*bufs` advances as data is taken: written slices leave the front of the
/// list and a partly written one is shortened to its unwritten tail. On
/// success `*bufs` ends empty. On a [`PartialError`] (as for [`write_all`]),
/// `done` bytes were written and `*bufs` is exactly what was not, so
/// calling again resumes.
pub fn writev_all<'a>(
    fd: impl AsFd,
    bufs: &mut &mut [IoSlice<'a>],
) -> core::result::Result<(), PartialError> {
    let fd = fd.as_fd();
    vectored_all!(bufs, Cause::WriteZero, |chunk| writev(fd, chunk))
}
