//! Sending signals: `kill(2)`, `tgkill(2)`, and pidfds.

use crate::fd::{AsFd, OwnedFd};
use crate::process::{Pid, Target};
use crate::{syscall, syscall_readonly, Result, Sysno};

use super::*;

/// Sends `sig` to a process ([`Target::Pid`]), to every process of a
/// process group ([`Target::Pgid`]; `None`: the caller's), or to every
/// process the caller may signal ([`Target::All`]) (`kill(2)`). `None` sends
/// nothing and only checks that it could.
///
/// # Errors
///
/// `ESRCH` if there is no such process; `EPERM` if the caller may not signal
/// it; `EINVAL` for process group 1.
pub fn kill(target: Target, sig: impl Into<Option<Signal>>) -> Result<()> {
    let pid = target.raw()?;
    let sig = sig.into().map_or(0, Signal::raw);
    // SAFETY: plain integers. Not `_readonly`: aimed at the caller, the
    // handler runs in this thread before the call returns (as for C's
    // `raise`), and may write memory the caller then reads.
    unsafe { syscall!(Sysno::kill, pid, sig) }?;
    Ok(())
}

/// Sends `sig` to thread `tid` of thread group `tgid` (`tgkill(2)`); `None`
/// only checks. The receiver sees `SiCode::TKILL`.
///
/// # Errors
///
/// `ESRCH` if no such thread is in that group.
pub fn tgkill(tgid: Pid, tid: Pid, sig: impl Into<Option<Signal>>) -> Result<()> {
    let sig = sig.into().map_or(0, Signal::raw);
    // SAFETY: plain integers. Not `_readonly`, as for `kill`.
    unsafe { syscall!(Sysno::tgkill, tgid.as_raw(), tid.as_raw(), sig) }?;
    Ok(())
}

crate::flags::bitflags! {
    /// Flags of [`pidfd_open`]; a pidfd is always close-on-exec.
    pub struct PidfdFlags: u32 {
        /// `PIDFD_NONBLOCK`: `waitid` on the fd does not block.
        const NONBLOCK = 0o4000;
        /// `PIDFD_THREAD` (Linux 6.9): refer to the thread, not its process.
        const THREAD = 0o200;
        const _ = !0;
    }
}

/// An fd referring to process `pid` that stays valid when the pid is reused
/// (`pidfd_open(2)`, Linux 5.3).
///
/// # Errors
///
/// `ESRCH` if there is no such process; `EINVAL` for bad flags, or with
/// [`PidfdFlags::THREAD`] unset for a thread that does not lead its process.
pub fn pidfd_open(pid: Pid, flags: PidfdFlags) -> Result<OwnedFd> {
    // SAFETY: plain integers.
    let fd = unsafe { syscall_readonly!(Sysno::pidfd_open, pid.as_raw(), flags.bits()) }?;
    // SAFETY: the kernel returned a new fd that nothing else owns.
    Ok(unsafe { crate::raw::owned_fd(fd) })
}

/// Sends `sig` to the process a pidfd refers to (`pidfd_send_signal(2)`,
/// Linux 5.1); `None` only checks.
///
/// # Errors
///
/// `ESRCH` if the process has exited; `EBADF` if `pidfd` is not a pidfd.
pub fn pidfd_send_signal(pidfd: impl AsFd, sig: impl Into<Option<Signal>>) -> Result<()> {
    let sig = sig.into().map_or(0, Signal::raw);
    // SAFETY: a null siginfo makes the kernel fill in a `kill`-style one.
    // Not `_readonly`, as for `kill`: the pidfd may be the caller's own.
    unsafe {
        syscall!(
            Sysno::pidfd_send_signal,
            pidfd.as_fd().as_raw_fd(),
            sig,
            0,
            0
        )
    }?;
    Ok(())
}
