//! Duplicating fds: `dup(2)`, `dup2(2)`, `dup3(2)`, and putting an fd in
//! place as the standard input, output or error of a program to come.

use super::{fcntl_dupfd_cloexec, fcntl_getfd, fcntl_setfd, raw, FdFlags};
use crate::fd::{AsFd, OwnedFd, RawFd};
use crate::{syscall_readonly, Result, Sysno};

/// A new fd for the same open file, the lowest free number, with
/// close-on-exec set (`fcntl(2)` `F_DUPFD_CLOEXEC`; plain `dup(2)` would
/// leave it off). See [`fcntl_setfd`] to clear it.
///
/// # Errors
///
/// `EBADF`, `EMFILE` when the process is out of fds.
#[inline]
pub fn dup(fd: impl AsFd) -> Result<OwnedFd> {
    fcntl_dupfd_cloexec(fd, 0)
}

crate::flags::bitflags! {
    /// Flags of [`dup3`].
    pub struct DupFlags: u32 {
        /// `O_CLOEXEC`: close the new fd on `execve(2)`.
        const CLOEXEC = crate::base::fs::O_CLOEXEC;
        const _ = !0;
    }
}

/// Makes `new` refer to the open file of `fd`, closing what `new` referred
/// to, atomically (`dup3(2)`). `new` gets close-on-exec exactly when
/// `flags` has [`DupFlags::CLOEXEC`]: pass it to keep the crate's
/// default, `DupFlags::empty()` for an fd a program you execve inherits.
///
/// # Errors
///
/// `EINVAL` if both are the same fd or for unknown flags, `EBADF`, `EBUSY`
/// (a race with an `open` that is installing that number).
#[inline]
pub fn dup3(fd: impl AsFd, new: &mut OwnedFd, flags: DupFlags) -> Result<()> {
    // SAFETY: `new` stays owned by the caller; dup3 atomically replaces the
    // file it refers to, so no fd is closed behind an owner's back.
    unsafe { dup3_raw(raw(fd.as_fd()), new.as_raw_fd(), flags) }
}

/// `dup3(2)` on raw numbers.
///
/// # Safety
///
/// The caller owns `new` (the file it referred to is closed).
#[inline]
unsafe fn dup3_raw(fd: RawFd, new: RawFd, flags: DupFlags) -> Result<()> {
    // SAFETY: dup3 reads no memory; ownership of `new` is the caller's.
    unsafe { syscall_readonly!(Sysno::dup3, fd, new, flags.bits()) }.map(drop)
}

/// Makes `new` refer to the open file of `fd`, as POSIX `dup2(2)` does:
/// `new` survives `execve(2)` (close-on-exec cleared), and when both are
/// the same fd nothing changes (the fd is only checked to be open, as musl
/// does). aarch64 and riscv64 have no `dup2` call; this is `dup3(2)` with no
/// flags everywhere.
///
/// # Errors
///
/// `EBADF` when `fd` is not open, `EBUSY` (a race with `open`).
#[inline]
pub fn dup2(fd: impl AsFd, new: &mut OwnedFd) -> Result<()> {
    let fd = fd.as_fd();
    if raw(fd) == new.as_raw_fd() {
        return fcntl_getfd(fd).map(drop);
    }
    dup3(fd, new, DupFlags::empty())
}

/// Makes `fd` the standard stream `target` (0, 1 or 2), inheritable, and
/// consumes it.
fn replace_stdio(fd: OwnedFd, target: RawFd) -> Result<()> {
    if fd.as_raw_fd() == target {
        // Already in place (opened while `target` was free, which sysgate
        // does close-on-exec): only the flag changes; the stream owns it now.
        fcntl_setfd(&fd, FdFlags::empty())?;
        fd.into_raw_fd();
        return Ok(());
    }
    // SAFETY: fds 0-2 belong to the process as a whole (see
    // `replace_stdin`): replacing them closes no fd an owner relies on.
    unsafe { dup3_raw(fd.as_raw_fd(), target, DupFlags::empty()) }
    // `fd` is closed here: its file lives on as `target`.
}

macro_rules! replace_stdio_fns {
    ($($name:ident, $n:literal, $stream:literal;)*) => {$(
        #[doc = concat!("Makes `fd` the standard ", $stream, " (fd ", $n, "),")]
        /// inheritable across `execve(2)`, and consumes it: the move an init
        /// program or a child about to exec makes (`dup2(fd, n)` then
        /// `close(fd)`). If `fd` already has that number, only its
        /// close-on-exec flag is cleared and it is handed over to the stream.
        ///
        /// Fds 0, 1 and 2 are treated as the process's own, as std and
        /// [`BorrowedFd::stdin`](crate::BorrowedFd::stdin) treat them: the
        /// file the stream had is closed (atomically replaced). A program
        /// that holds an [`OwnedFd`] numbered 0–2 (opened while the stream
        /// was closed) must pass that one here, or give it up first.
        ///
        /// # Errors
        ///
        /// `EBUSY` (a race with an `open` installing that number); `fd` is
        /// closed in any case.
        #[inline]
        pub fn $name(fd: OwnedFd) -> Result<()> {
            replace_stdio(fd, $n)
        }
    )*};
}

replace_stdio_fns! {
    replace_stdin, 0, "input";
    replace_stdout, 1, "output";
    replace_stderr, 2, "error";
}
