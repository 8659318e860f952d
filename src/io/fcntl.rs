//! `fcntl(2)`: fd flags, file status flags, pipe sizes, record locks.

use crate::base::fs::OFlags;
use crate::fd::{AsFd, OwnedFd, RawFd};
use crate::{syscall, syscall_readonly, Result};

use super::*;

/// `fcntl64` where there is one: it knows the 64-bit lock structures.
use crate::sysno::call::FCNTL;

/// `fcntl(2)` with any command and argument, raw.
///
/// # Safety
///
/// `arg` must be what `cmd` expects: a pointer valid for the structure it
/// reads or writes, or an integer. Commands that create or close fds must
/// respect who owns them.
#[inline]
pub unsafe fn fcntl(fd: impl AsFd, cmd: u32, arg: usize) -> Result<usize> {
    // SAFETY: forwarded from the caller.
    unsafe { syscall!(FCNTL, raw(fd.as_fd()), cmd, arg) }
}

/// A new fd for the same open file, numbered at least `min`, with
/// close-on-exec set (`fcntl(2)` `F_DUPFD_CLOEXEC`).
///
/// # Errors
///
/// `EBADF`, `EINVAL` for `min` out of range, `EMFILE`.
#[inline]
pub fn fcntl_dupfd_cloexec(fd: impl AsFd, min: RawFd) -> Result<OwnedFd> {
    // SAFETY: F_DUPFD_CLOEXEC takes an int and returns a new fd we own.
    let n = unsafe { syscall_readonly!(FCNTL, raw(fd.as_fd()), 1030u32, min) }?;
    // SAFETY: the kernel just created fd `n` for us.
    Ok(unsafe { crate::raw::owned_fd(n) })
}

crate::flags::bitflags! {
    /// Flags of the fd itself (not of the open file): [`fcntl_getfd`].
    pub struct FdFlags: u32 {
        /// Close the fd on `execve(2)` (`FD_CLOEXEC`).
        const CLOEXEC = 1;
        const _ = !0;
    }
}

/// The fd's flags (`fcntl(2)` `F_GETFD`).
///
/// # Errors
///
/// `EBADF`.
#[inline]
pub fn fcntl_getfd(fd: impl AsFd) -> Result<FdFlags> {
    // SAFETY: F_GETFD takes no argument.
    unsafe { syscall_readonly!(FCNTL, raw(fd.as_fd()), 1u32) }
        .map(|f| FdFlags::from_bits_retain(f as u32))
}

/// Sets the fd's flags (`fcntl(2)` `F_SETFD`); `FdFlags::empty()` lets the fd
/// survive `execve(2)` — the explicit opt-out from close-on-exec.
///
/// # Errors
///
/// `EBADF`.
#[inline]
pub fn fcntl_setfd(fd: impl AsFd, flags: FdFlags) -> Result<()> {
    // SAFETY: F_SETFD takes an int.
    unsafe { syscall_readonly!(FCNTL, raw(fd.as_fd()), 2u32, flags.bits()) }.map(drop)
}

/// The open file's status flags and access mode (`fcntl(2)` `F_GETFL`).
///
/// # Errors
///
/// `EBADF`.
#[inline]
pub fn fcntl_getfl(fd: impl AsFd) -> Result<OFlags> {
    // SAFETY: F_GETFL takes no argument.
    unsafe { syscall_readonly!(FCNTL, raw(fd.as_fd()), 3u32) }
        .map(|f| OFlags::from_bits_retain(f as u32))
}

/// Sets the open file's status flags (`fcntl(2)` `F_SETFL`): only
/// `APPEND`, `ASYNC`, `DIRECT`, `NOATIME` and `NONBLOCK` change; the access
/// mode and creation flags are ignored.
///
/// # Errors
///
/// `EBADF`, `EPERM` (clearing `APPEND` on an append-only file), `EINVAL`.
#[inline]
pub fn fcntl_setfl(fd: impl AsFd, flags: OFlags) -> Result<()> {
    // SAFETY: F_SETFL takes an int.
    unsafe { syscall_readonly!(FCNTL, raw(fd.as_fd()), 4u32, flags.bits()) }.map(drop)
}

/// The capacity of a pipe in bytes (`fcntl(2)` `F_GETPIPE_SZ`).
///
/// # Errors
///
/// `EBADF`; `EBADF` too for an fd that is not a pipe.
#[inline]
pub fn fcntl_get_pipe_size(fd: impl AsFd) -> Result<usize> {
    // SAFETY: F_GETPIPE_SZ takes no argument.
    unsafe { syscall_readonly!(FCNTL, raw(fd.as_fd()), 1032u32) }
}

/// Sets the capacity of a pipe to at least `size` bytes, rounded up to a
/// power of two pages (`fcntl(2)` `F_SETPIPE_SZ`); returns the capacity set.
///
/// # Errors
///
/// `EBUSY` when the pipe holds more than `size`, `EPERM` above
/// `/proc/sys/fs/pipe-max-size` without `CAP_SYS_RESOURCE`, `EBADF`;
/// `EINVAL` for a `size` above `i32::MAX`, which the kernel's `int`
/// argument cannot hold (it would keep only the low bits).
#[inline]
pub fn fcntl_set_pipe_size(fd: impl AsFd, size: usize) -> Result<usize> {
    let size = i32::try_from(size).map_err(|_| crate::Errno::EINVAL)?;
    // SAFETY: F_SETPIPE_SZ takes an int.
    unsafe { syscall_readonly!(FCNTL, raw(fd.as_fd()), 1031u32, size) }
}

/// A record lock, the kernel's `struct flock` (`struct flock64` on 32-bit
/// architectures): what [`fcntl_lock`] sets, tests, or reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct Flock {
    /// `F_RDLCK` (0), `F_WRLCK` (1) or `F_UNLCK` (2): see [`LockType`].
    pub l_type: i16,
    /// How `l_start` is measured: `SEEK_SET` (0), `SEEK_CUR` (1), `SEEK_END` (2).
    pub l_whence: i16,
    /// First byte of the range.
    pub l_start: i64,
    /// Length of the range; 0 means to the end of the file, whatever it grows to.
    pub l_len: i64,
    /// The holder of a conflicting lock ([`LockCmd::GetLk`]); -1 for open
    /// file description locks. Must be 0 when setting OFD locks.
    pub l_pid: i32,
}

// `struct flock64`: its 64-bit fields sit at their type's alignment (4 bytes
// on i386, where the struct has no holes; 8 elsewhere).
mod flock_layout {
    use super::Flock;
    use core::mem::{align_of, offset_of, size_of};
    static_assertions::assert_eq_align!(Flock, i64);
    static_assertions::const_assert_eq!(offset_of!(Flock, l_start), align_of::<i64>());
    static_assertions::const_assert_eq!(offset_of!(Flock, l_len), align_of::<i64>() + 8);
    static_assertions::const_assert_eq!(offset_of!(Flock, l_pid), align_of::<i64>() + 16);
    static_assertions::const_assert_eq!(
        size_of::<Flock>(),
        (align_of::<i64>() + 20).next_multiple_of(align_of::<i64>())
    );
}

/// The kind of a record lock.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(i16)]
pub enum LockType {
    /// Shared (`F_RDLCK`).
    Read = 0,
    /// Exclusive (`F_WRLCK`).
    Write = 1,
    /// No lock / release (`F_UNLCK`).
    Unlock = 2,
}

impl Flock {
    /// A lock of `len` bytes from absolute offset `start` (`len` 0: to the end).
    #[inline]
    pub const fn new(kind: LockType, start: i64, len: i64) -> Self {
        Flock {
            l_type: kind as i16,
            l_whence: 0,
            l_start: start,
            l_len: len,
            l_pid: 0,
        }
    }

    /// `l_type` as a [`LockType`]; `None` for a value the kernel never reports.
    #[inline]
    pub const fn lock_type(&self) -> Option<LockType> {
        match self.l_type {
            0 => Some(LockType::Read),
            1 => Some(LockType::Write),
            2 => Some(LockType::Unlock),
            _ => None,
        }
    }
}

/// What [`fcntl_lock`] does. Process-associated locks (`GetLk`, …) belong to
/// the process and are released when it closes *any* fd of the file; open
/// file description locks (`OfdGetLk`, …) belong to the open file and are
/// usually what a program wants.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LockCmd {
    /// Report a lock that would conflict, or set `l_type` to `F_UNLCK`.
    GetLk,
    /// Take or release a lock; `EAGAIN`/`EACCES` on conflict.
    SetLk,
    /// Take or release a lock, waiting for conflicts (`EINTR` on a signal).
    SetLkW,
    /// [`LockCmd::GetLk`] for open file description locks.
    OfdGetLk,
    /// [`LockCmd::SetLk`] for open file description locks.
    OfdSetLk,
    /// [`LockCmd::SetLkW`] for open file description locks.
    OfdSetLkW,
}

/// Sets, releases or tests a record lock (`fcntl(2)` `F_SETLK`, `F_OFD_SETLK`,
/// …; the `*64` commands on 32-bit architectures).
///
/// # Errors
///
/// `EAGAIN` or `EACCES` when a conflicting lock is held (non-waiting set),
/// `EDEADLK`, `EINTR` (waiting set), `EBADF` (fd not open for the lock's
/// mode), `EINVAL` (bad `l_type`, or `l_pid` not 0 for OFD locks).
#[inline]
pub fn fcntl_lock(fd: impl AsFd, cmd: LockCmd, lock: &mut Flock) -> Result<()> {
    #[cfg(target_pointer_width = "64")]
    const BASE: u32 = 5;
    #[cfg(target_pointer_width = "32")]
    const BASE: u32 = 12;
    let cmd = match cmd {
        LockCmd::GetLk => BASE,
        LockCmd::SetLk => BASE + 1,
        LockCmd::SetLkW => BASE + 2,
        LockCmd::OfdGetLk => 36,
        LockCmd::OfdSetLk => 37,
        LockCmd::OfdSetLkW => 38,
    };
    // SAFETY: every lock command takes a pointer to the struct `Flock` mirrors.
    unsafe { syscall!(FCNTL, raw(fd.as_fd()), cmd, lock as *mut Flock) }.map(drop)
}
