//! Namespaces: `unshare(2)` and `setns(2)`, with typed flags.

use crate::fd::AsFd;
use crate::{syscall_readonly, Result, Sysno};

crate::flags::bitflags! {
    /// Kinds of namespace (the `CLONE_NEW*` bits): what [`setns`] expects
    /// an fd to be, or several at once for a pidfd.
    pub struct Namespaces: u32 {
        /// `CLONE_NEWNS`: mount points.
        const MOUNT = 0x0002_0000;
        /// `CLONE_NEWCGROUP`: the cgroup root (Linux 4.6).
        const CGROUP = 0x0200_0000;
        /// `CLONE_NEWUTS`: host and domain name.
        const UTS = 0x0400_0000;
        /// `CLONE_NEWIPC`: System V IPC and POSIX message queues.
        const IPC = 0x0800_0000;
        /// `CLONE_NEWUSER`: user and group ids, capabilities.
        const USER = 0x1000_0000;
        /// `CLONE_NEWPID`: process ids (for children made afterwards).
        const PID = 0x2000_0000;
        /// `CLONE_NEWNET`: network devices, stacks, ports.
        const NET = 0x4000_0000;
        /// `CLONE_NEWTIME`: offsets of the monotonic and boot clocks (for
        /// children made afterwards; Linux 5.6).
        const TIME = 0x80;
        const _ = !0;
    }
}

crate::flags::bitflags! {
    /// What [`unshare`] gives the caller a private copy of: new namespaces
    /// (see [`Namespaces`], convertible with `From`) and the attributes a
    /// `clone` without these flags would share.
    pub struct UnshareFlags: u32 {
        /// `CLONE_FILES`: the fd table (the fds and their numbers stay).
        const FILES = 0x400;
        /// `CLONE_FS`: root, current directory and umask.
        const FS = 0x200;
        /// `CLONE_SYSVSEM`: System V semaphore undo values.
        const SYSVSEM = 0x0004_0000;
        /// A new mount namespace ([`Namespaces::MOUNT`]).
        const NEWNS = Namespaces::MOUNT.bits();
        /// A new cgroup namespace.
        const NEWCGROUP = Namespaces::CGROUP.bits();
        /// A new UTS namespace.
        const NEWUTS = Namespaces::UTS.bits();
        /// A new IPC namespace.
        const NEWIPC = Namespaces::IPC.bits();
        /// A new user namespace (the caller must be single-threaded).
        const NEWUSER = Namespaces::USER.bits();
        /// A new pid namespace for the children made afterwards.
        const NEWPID = Namespaces::PID.bits();
        /// A new network namespace.
        const NEWNET = Namespaces::NET.bits();
        /// A new time namespace for the children made afterwards.
        const NEWTIME = Namespaces::TIME.bits();
        const _ = !0;
    }
}

impl From<Namespaces> for UnshareFlags {
    #[inline]
    fn from(ns: Namespaces) -> Self {
        UnshareFlags::from_bits_retain(ns.bits())
    }
}

/// Gives the calling thread private copies of what `flags` names: new
/// namespaces, its own fd table or filesystem attributes (`unshare(2)`).
/// Owned fds stay valid: an unshared fd table holds the same fds.
///
/// # Errors
///
/// `EINVAL` for an unknown flag, or `NEWUSER` in a multi-threaded process;
/// `EPERM` without `CAP_SYS_ADMIN` (except for `NEWUSER`); `ENOSPC` or
/// `EUSERS` past the namespace limits; `ENOMEM`.
#[inline]
pub fn unshare(flags: UnshareFlags) -> Result<()> {
    // SAFETY: no memory is passed.
    unsafe { syscall_readonly!(Sysno::unshare, flags.bits()) }.map(drop)
}

/// Moves the calling thread into the namespace `fd` refers to
/// (`setns(2)`): an fd of `/proc/<pid>/ns/<kind>`, or a pidfd for several
/// of the process's namespaces at once. `kinds` is what the fd must be;
/// empty accepts any namespace fd.
///
/// # Errors
///
/// `EINVAL` when `fd` is not a namespace (or pidfd), or not of `kinds`,
/// or for a user namespace in a multi-threaded process; `EPERM` without
/// the capabilities; `EBADF`.
#[inline]
pub fn setns(fd: impl AsFd, kinds: Namespaces) -> Result<()> {
    // SAFETY: no memory is passed.
    unsafe { syscall_readonly!(Sysno::setns, fd.as_fd().as_raw_fd(), kinds.bits()) }.map(drop)
}
