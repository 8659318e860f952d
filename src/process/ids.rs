//! The caller's ids, sessions and process groups, and [`Target`], the
//! `pid_t` selector of `kill` and `wait4`.

use crate::sysno::call;
use crate::{syscall, syscall_readonly, Errno, Result, Sysno};

use super::*;

/// Which processes [`kill`](crate::signal::kill) signals or [`wait4`]
/// waits for: the classic `pid_t` selector of those calls, typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    /// `pid > 0`: this process (for [`wait4`], this child).
    Pid(Pid),
    /// `-pgid`, or `0` for `None`: every process in this process group, or
    /// in the caller's (for [`wait4`], every child in it). Group 1 cannot be
    /// named (`-1` means [`All`](Target::All)): `EINVAL`.
    Pgid(Option<Pid>),
    /// `-1`: every process the caller may signal (except init and itself),
    /// or for [`wait4`], any child.
    All,
}

impl Target {
    /// The raw `pid` argument; `EINVAL` for group 1.
    #[inline]
    pub(crate) fn raw(self) -> Result<i32> {
        match self {
            Target::Pid(pid) => Ok(pid.as_raw()),
            Target::Pgid(None) => Ok(0),
            Target::Pgid(Some(Pid::INIT)) => Err(Errno::EINVAL),
            Target::Pgid(Some(pgid)) => Ok(-pgid.as_raw()),
            Target::All => Ok(-1),
        }
    }
}

/// Calls that take nothing, cannot fail, and return an id.
macro_rules! id_calls {
    ($($(#[$doc:meta])* $name:ident -> $t:ident: $nr:expr;)*) => {$(
        $(#[$doc])*
        #[inline]
        pub fn $name() -> $t {
            // SAFETY: the call takes no arguments and cannot fail.
            $t(unsafe { crate::raw::syscall0_readonly($nr.number()) } as _)
        }
    )*};
}

id_calls! {
    /// The calling process's id (`getpid(2)`).
    getpid -> Pid: Sysno::getpid;
    /// The calling thread's id (`gettid(2)`); equals [`getpid`] on the main thread.
    gettid -> Pid: Sysno::gettid;
    /// The real user id (`getuid(2)`; `getuid32` where the architecture has 16-bit `getuid`).
    getuid -> Uid: call::GETUID;
    /// The effective user id (`geteuid(2)`; `geteuid32` where the architecture has 16-bit `geteuid`).
    geteuid -> Uid: call::GETEUID;
    /// The real group id (`getgid(2)`; `getgid32` where the architecture has 16-bit `getgid`).
    getgid -> Gid: call::GETGID;
    /// The effective group id (`getegid(2)`; `getegid32` where the architecture has 16-bit `getegid`).
    getegid -> Gid: call::GETEGID;
}

/// The parent's id (`getppid(2)`); `None` when the parent is outside the
/// caller's pid namespace (the kernel says 0).
#[inline]
pub fn getppid() -> Option<Pid> {
    // SAFETY: getppid takes no arguments and cannot fail.
    Pid::from_raw(unsafe { crate::raw::syscall0_readonly(Sysno::getppid as usize) } as i32)
}

/// Real, effective and saved ids, from [`getresuid`]/[`getresgid`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ResIds<T> {
    /// Real id.
    pub real: T,
    /// Effective id: what permission checks use.
    pub effective: T,
    /// Saved set-id.
    pub saved: T,
}

macro_rules! getres {
    ($(#[$doc:meta])* $name:ident -> $t:ident: $nr:expr) => {
        $(#[$doc])*
        #[inline]
        pub fn $name() -> ResIds<$t> {
            const NR: Sysno = $nr;
            let mut ids = [u32::MAX; 3];
            let [r, e, s] = ids.each_mut().map(|p| p as *mut u32);
            // SAFETY: the call writes three 32-bit ids. It cannot fail with
            // valid pointers; should it, the ids read as u32::MAX.
            let _ = unsafe { syscall!(NR, r, e, s) };
            ResIds { real: $t(ids[0]), effective: $t(ids[1]), saved: $t(ids[2]) }
        }
    };
}
getres!(
    /// The real, effective and saved user ids (`getresuid(2)`; `getresuid32` where there is a 16-bit one).
    getresuid -> Uid: call::GETRESUID
);
getres!(
    /// The real, effective and saved group ids (`getresgid(2)`; `getresgid32` where there is a 16-bit one).
    getresgid -> Gid: call::GETRESGID
);

/// Starts a new session and process group led by the caller (`setsid(2)`);
/// returns the session id (the caller's pid).
///
/// # Errors
///
/// `EPERM` when the caller already leads a process group.
#[inline]
pub fn setsid() -> Result<Pid> {
    // SAFETY: setsid takes no arguments.
    unsafe { syscall_readonly!(Sysno::setsid) }.map(|p| Pid(p as i32))
}

/// The process group of `pid`, or of the caller for `None` (`getpgid(2)`).
///
/// # Errors
///
/// `ESRCH` (no such process).
#[inline]
pub fn getpgid(pid: Option<Pid>) -> Result<Pid> {
    // SAFETY: getpgid takes an integer.
    unsafe { syscall_readonly!(Sysno::getpgid, pid_or_self(pid)) }.map(|p| Pid(p as i32))
}

/// Moves `pid` (the caller for `None`) into process group `pgid` (a new one
/// named after it for `None`) (`setpgid(2)`).
///
/// # Errors
///
/// `EPERM` (another session, or a session leader), `ESRCH` (not the caller
/// or its child), `EACCES` (a child that has execve'd).
#[inline]
pub fn setpgid(pid: Option<Pid>, pgid: Option<Pid>) -> Result<()> {
    // SAFETY: setpgid takes integers.
    unsafe { syscall_readonly!(Sysno::setpgid, pid_or_self(pid), pid_or_self(pgid)) }.map(drop)
}
