//! Calls on open files: size and space, syncing, advisory locks,
//! memfds, and the umask.

use crate::fd::{AsFd, OwnedFd};
use crate::path::Arg;
use crate::raw::syscall_off;
use crate::{syscall_readonly, Result, Sysno};

use super::*;

/// Sets the size of a file (`ftruncate(2)`; `ftruncate64` on 32-bit),
/// zero-filling if it grows.
///
/// # Errors
///
/// `EINVAL` (not a regular file open for writing, or a length past
/// `i64::MAX`), `EFBIG`, `EPERM` (append-only or sealed), `EBADF`.
#[inline]
pub fn ftruncate(fd: impl AsFd, len: u64) -> Result<()> {
    // SAFETY: ftruncate takes integers.
    unsafe { syscall_off!(crate::sysno::call::FTRUNCATE, raw(fd.as_fd()), off(len)) }.map(drop)
}

crate::flags::bitflags! {
    /// Modes of [`fallocate`] (`FALLOC_FL_*`); empty allocates and extends.
    pub struct FallocateFlags: u32 {
        /// Do not change the file size.
        const KEEP_SIZE = 0x01;
        /// Free the range (with `KEEP_SIZE`).
        const PUNCH_HOLE = 0x02;
        /// Unused by the kernel; kept for completeness.
        const NO_HIDE_STALE = 0x04;
        /// Remove the range, shifting what follows down.
        const COLLAPSE_RANGE = 0x08;
        /// Zero the range.
        const ZERO_RANGE = 0x10;
        /// Insert a hole, shifting what follows up.
        const INSERT_RANGE = 0x20;
        /// Unshare shared extents.
        const UNSHARE_RANGE = 0x40;
        const _ = !0;
    }
}

/// Allocates or manipulates the disk space of `offset..offset + len`
/// (`fallocate(2)`).
///
/// # Errors
///
/// `EOPNOTSUPP` (the filesystem lacks the mode), `EINVAL` (`len` 0, bad
/// flag combination), `ENOSPC`, `EBADF`, `ENODEV`/`ESPIPE` (not a file).
#[inline]
pub fn fallocate(fd: impl AsFd, flags: FallocateFlags, offset: u64, len: u64) -> Result<()> {
    // SAFETY: fallocate takes integers.
    unsafe {
        syscall_off!(
            Sysno::fallocate,
            raw(fd.as_fd()),
            flags.bits(),
            off(offset),
            off(len)
        )
    }
    .map(drop)
}

/// Calls that take just an fd and return nothing.
macro_rules! fd_calls {
    ($($(#[$doc:meta])* $name:ident => $nr:ident;)*) => {$(
        $(#[$doc])*
        #[inline]
        pub fn $name(fd: impl AsFd) -> Result<()> {
            // SAFETY: the call takes one fd and no pointers.
            unsafe { syscall_readonly!(Sysno::$nr, raw(fd.as_fd())) }.map(drop)
        }
    )*};
}

fd_calls! {
    /// Flushes a file's data and metadata to the device (`fsync(2)`).
    ///
    /// # Errors
    ///
    /// `EIO` (data was lost), `ENOSPC`, `EROFS`/`EINVAL` (fd does not support syncing), `EBADF`.
    fsync => fsync;
    /// Flushes a file's data, and only the metadata needed to read it back
    /// (`fdatasync(2)`).
    ///
    /// # Errors
    ///
    /// As [`fsync`].
    fdatasync => fdatasync;
    /// Makes the directory `fd` the current directory (`fchdir(2)`).
    ///
    /// # Errors
    ///
    /// `ENOTDIR`, `EACCES` (no search permission), `EBADF`.
    fchdir => fchdir;
}

/// An advisory lock on a whole open file: what [`flock`] does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum FlockOperation {
    /// Take a shared lock, waiting (`LOCK_SH`).
    LockShared = 1,
    /// Take an exclusive lock, waiting (`LOCK_EX`).
    LockExclusive = 2,
    /// Release (`LOCK_UN`).
    Unlock = 8,
    /// Take a shared lock or fail with `EWOULDBLOCK` (`LOCK_SH | LOCK_NB`).
    NonBlockingLockShared = 5,
    /// Take an exclusive lock or fail with `EWOULDBLOCK` (`LOCK_EX | LOCK_NB`).
    NonBlockingLockExclusive = 6,
}

/// Takes or releases an advisory lock on the open file of `fd` (`flock(2)`).
/// The lock belongs to the open file description: dups share it.
///
/// # Errors
///
/// `EWOULDBLOCK` (non-blocking, held elsewhere), `EINTR` (waiting), `EBADF`.
#[inline]
pub fn flock(fd: impl AsFd, op: FlockOperation) -> Result<()> {
    // SAFETY: flock takes integers.
    unsafe { syscall_readonly!(Sysno::flock, raw(fd.as_fd()), op as u32) }.map(drop)
}

crate::flags::bitflags! {
    /// Flags of [`memfd_create`] (`MFD_*`). Close-on-exec is always set.
    pub struct MemfdFlags: u32 {
        /// Close-on-exec: set whether given or not.
        const CLOEXEC = 0x1;
        /// Allow `F_ADD_SEALS`.
        const ALLOW_SEALING = 0x2;
        /// Back with huge pages.
        const HUGETLB = 0x4;
        /// Not executable, sealed so (Linux 6.3).
        const NOEXEC_SEAL = 0x8;
        /// Executable (Linux 6.3).
        const EXEC = 0x10;
        const _ = !0;
    }
}

/// An anonymous in-memory file, close-on-exec (`memfd_create(2)`); `name`
/// (at most 249 bytes) shows in `/proc/self/fd` as `memfd:name`.
///
/// # Errors
///
/// `EINVAL` (name too long, unknown flags), `EMFILE`, `ENOMEM`.
#[inline]
pub fn memfd_create(name: impl Arg, flags: MemfdFlags) -> Result<OwnedFd> {
    name.with_c_str(|n| {
        let flags = flags | MemfdFlags::CLOEXEC;
        // SAFETY: `n` is NUL-terminated; memfd_create returns a new fd we own.
        let fd = unsafe { syscall_readonly!(Sysno::memfd_create, n.as_ptr(), flags.bits()) }?;
        // SAFETY: the kernel just created fd `fd` for us.
        Ok(unsafe { crate::raw::owned_fd(fd) })
    })
}

/// Sets the process's file creation mask, returning the previous one
/// (`umask(2)`; never fails).
#[inline]
pub fn umask(mask: Mode) -> Mode {
    // SAFETY: umask takes an integer and cannot fail.
    let old = unsafe { crate::raw::syscall1_readonly(Sysno::umask as usize, mask.bits() as usize) };
    Mode::from_bits_retain(old as u32)
}
