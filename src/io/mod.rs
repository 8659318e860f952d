//! Reading, writing and managing file descriptors: `read(2)`, `write(2)` and
//! their positional and vectored forms, `lseek(2)`, `dup(2)`, `fcntl(2)`,
//! `ioctl(2)`, pipes, and the in-kernel copies `sendfile(2)`,
//! `copy_file_range(2)` and `splice(2)`.
//!
//! File offsets are `u64` on every architecture; on 32-bit ones the wrappers
//! split them into the register pairs the kernel expects.
//!
//! The kernel may move fewer bytes than asked without an error, and may stop a
//! blocked call with `EINTR` when a signal arrives. The calls here report
//! exactly what the kernel did; the helpers [`retry_on_intr`], [`read_exact`],
//! [`write_all`] and their relatives retry for you and never lose count.

mod dup;
mod retry;

pub use dup::*;

pub use retry::{
    pread_exact, pwrite_all, read_exact, readv_exact, retry_on_intr, write_all, writev_all, Cause,
    PartialError,
};

use crate::base::fs::OFlags;
use crate::fd::{BorrowedFd, OwnedFd, RawFd};
use crate::{syscall, syscall_readonly, Result, Sysno};

mod buf;
mod copy;
mod fcntl;
mod ioctl;
mod rw;
pub use buf::*;
pub use copy::*;
pub use fcntl::*;
pub use ioctl::*;
pub use rw::*;

#[inline(always)]
fn raw(fd: BorrowedFd<'_>) -> RawFd {
    fd.as_raw_fd()
}

crate::flags::bitflags! {
    /// Flags of [`pipe2`]. Close-on-exec is always set.
    pub struct PipeFlags: u32 {
        /// Non-blocking ends (`O_NONBLOCK`).
        const NONBLOCK = OFlags::NONBLOCK.bits();
        /// Packet mode: each write is one message (`O_DIRECT`).
        const DIRECT = OFlags::DIRECT.bits();
        /// Close-on-exec (`O_CLOEXEC`): set whether given or not.
        const CLOEXEC = OFlags::CLOEXEC.bits();
        const _ = !0;
    }
}

/// A pipe: `(read end, write end)`, both close-on-exec (`pipe2(2)`).
///
/// # Errors
///
/// `EMFILE`/`ENFILE` when out of fds, `EINVAL` for unknown flags.
#[inline]
pub fn pipe2(flags: PipeFlags) -> Result<(OwnedFd, OwnedFd)> {
    let mut fds = [-1 as RawFd; 2];
    let flags = flags | PipeFlags::CLOEXEC;
    // SAFETY: pipe2 writes two ints.
    unsafe { syscall!(Sysno::pipe2, fds.as_mut_ptr(), flags.bits()) }?;
    // SAFETY: the kernel just created both fds for us.
    Ok(unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) })
}

/// Closes an fd and reports what `close(2)` says, which dropping an
/// [`OwnedFd`] ignores. The fd is closed even on error (Linux never leaves
/// it open); an `EIO` here can mean earlier writes were lost.
///
/// # Errors
///
/// `EIO`, `ENOSPC`, `EDQUOT` from deferred writes on some filesystems; `EINTR`.
#[inline]
pub fn close(fd: OwnedFd) -> Result<()> {
    let fd = fd.into_raw_fd();
    // SAFETY: we owned `fd` and give it up here.
    unsafe { syscall_readonly!(Sysno::close, fd) }.map(drop)
}

crate::flags::bitflags! {
    /// Flags of [`close_range`].
    pub struct CloseRangeFlags: u32 {
        /// Unshare the fd table first, then close in the copy (`CLOSE_RANGE_UNSHARE`).
        const UNSHARE = 1 << 1;
        /// Set close-on-exec instead of closing (`CLOSE_RANGE_CLOEXEC`).
        const CLOEXEC = 1 << 2;
        const _ = !0;
    }
}

/// Closes (or, with [`CloseRangeFlags::CLOEXEC`], marks close-on-exec) every
/// fd from `first` to `last` inclusive (`close_range(2)`, Linux 5.9).
///
/// # Safety
///
/// Without `CLOEXEC` this closes fds that `OwnedFd`s and other code in the
/// process may own: nothing may use them afterwards.
///
/// # Errors
///
/// `EINVAL` for `first > last` or unknown flags, `ENOSYS` before Linux 5.9.
#[inline]
pub unsafe fn close_range(first: u32, last: u32, flags: CloseRangeFlags) -> Result<()> {
    // SAFETY: the caller vouches for ownership of the closed fds.
    unsafe { syscall_readonly!(Sysno::close_range, first, last, flags.bits()) }.map(drop)
}

impl OwnedFd {
    /// A second fd for the same open file, close-on-exec, the lowest free
    /// number (`fcntl(2)` `F_DUPFD_CLOEXEC`, as [`dup`]).
    ///
    /// # Errors
    ///
    /// `EMFILE` when the process is out of fds.
    #[inline]
    pub fn try_clone(&self) -> Result<OwnedFd> {
        dup(self)
    }
}

impl BorrowedFd<'_> {
    /// An owned fd for the same open file, close-on-exec (as [`dup`]).
    ///
    /// # Errors
    ///
    /// `EMFILE` when the process is out of fds, `EBADF`.
    #[inline]
    pub fn try_clone_to_owned(&self) -> Result<OwnedFd> {
        dup(self)
    }
}
