//! Installing filters and asking the kernel what it supports
//! (`seccomp(2)`).

use super::{Action, Program, SockFilter};
use crate::fd::OwnedFd;
use crate::{syscall, Errno, Result, Sysno};
use static_assertions::const_assert_eq;

/// `seccomp(2)` operations.
const SET_MODE_STRICT: usize = 0;
const SET_MODE_FILTER: usize = 1;
const GET_ACTION_AVAIL: usize = 2;
const GET_NOTIF_SIZES: usize = 3;

/// `struct sock_fprog`.
#[repr(C)]
struct SockFprog {
    len: u16,
    filter: *const SockFilter,
}

const_assert_eq!(
    core::mem::offset_of!(SockFprog, filter),
    core::mem::size_of::<usize>()
);

crate::flags::bitflags! {
    /// Flags of [`install`] (`SECCOMP_FILTER_FLAG_*`).
    pub struct FilterFlags: u32 {
        /// `TSYNC`: install on every thread of the process (Linux 3.17).
        const TSYNC = 1 << 0;
        /// `LOG`: log every action but `ALLOW` (Linux 4.14).
        const LOG = 1 << 1;
        /// `SPEC_ALLOW`: leave speculative store bypass mitigation off (Linux 4.17).
        const SPEC_ALLOW = 1 << 2;
        /// `NEW_LISTENER`: return a user notification fd (Linux 5.0).
        const NEW_LISTENER = 1 << 3;
        /// `TSYNC_ESRCH`: a `TSYNC` failure is `ESRCH`, not a thread id (Linux 5.7).
        const TSYNC_ESRCH = 1 << 4;
        /// `WAIT_KILLABLE_RECV`: once the supervisor has received a
        /// notification, only fatal signals interrupt the waiting call (Linux 5.19).
        const WAIT_KILLABLE_RECV = 1 << 5;
    }
}

pub use crate::process::NoNewPrivs;

/// Installs `program` as a seccomp filter on the calling thread (and with
/// [`FilterFlags::TSYNC`] on every thread): `seccomp(2)`
/// `SECCOMP_SET_MODE_FILTER`. Filters stack, and cannot be removed; children
/// inherit them. With [`FilterFlags::NEW_LISTENER`] the result is the
/// notification fd, for a [`Listener`](super::Listener).
///
/// # Safety
///
/// Code in this process trusts some calls never to return: `exit` and
/// `exit_group` (such as [`process::exit`](crate::process::exit), which has
/// nothing after its system call), and the signal return. The filter must
/// let them through (or kill): an errno, a trap, or a trace or user
/// notification with nobody to answer would make them return into
/// undefined behaviour. Likewise a tracer or supervisor answering for this
/// process must be trusted as this process itself: it can fake any result,
/// such as the address `mmap` returns.
///
/// # Errors
///
/// - `EACCES`: no-new-privileges is not set and the caller lacks
///   `CAP_SYS_ADMIN` (see [`NoNewPrivs`]).
/// - `EINVAL`: a flag this kernel does not know, or `NEW_LISTENER` with
///   `TSYNC` but without `TSYNC_ESRCH`.
/// - `ENOSYS`: no `seccomp` call (before Linux 3.17; qemu-user, which
///   cannot install a guest's filter).
/// - `EBUSY`: `NEW_LISTENER` while an earlier filter has a listener.
/// - `ESRCH`: `TSYNC` could not synchronize a thread (one with a filter
///   not an ancestor of this thread's); the thread id is not reported.
/// - `ENOMEM`: the filters of the thread would exceed the kernel's total.
pub unsafe fn install(
    program: &Program<'_>,
    flags: FilterFlags,
    nnp: NoNewPrivs,
) -> Result<Option<OwnedFd>> {
    nnp.apply()?;
    let fprog = SockFprog {
        // At most 4096 instructions (Program's invariant): fits in u16.
        len: program.len() as u16,
        filter: program.insns().as_ptr(),
    };
    // SAFETY: the kernel reads the program, which outlives the call; the
    // caller vouches that the filter keeps the process sound.
    let ret = unsafe {
        syscall!(
            Sysno::seccomp,
            SET_MODE_FILTER,
            flags.bits(),
            &fprog as *const SockFprog
        )
    }?;
    if flags.contains(FilterFlags::NEW_LISTENER) {
        // SAFETY: with NEW_LISTENER the result is a new fd that we own.
        return Ok(Some(unsafe { crate::raw::owned_fd(ret) }));
    }
    if ret != 0 {
        // TSYNC without TSYNC_ESRCH: the id of a thread that could not sync.
        return Err(Errno::ESRCH);
    }
    Ok(None)
}

/// Enters strict mode (`seccomp(2)` `SECCOMP_SET_MODE_STRICT`): from now on
/// the thread may only `read`, `write`, `exit` and return from signals;
/// any other call (`exit_group` too) kills it with `SIGKILL`.
///
/// # Errors
///
/// `EINVAL` when the kernel lacks `CONFIG_SECCOMP` or a filter is already
/// installed; `ENOSYS` under qemu-user.
pub fn install_strict() -> Result<()> {
    // SAFETY: strict mode takes no pointer; every call it forbids ends the
    // process instead of returning.
    unsafe { syscall!(Sysno::seccomp, SET_MODE_STRICT, 0, 0) }.map(drop)
}

/// Whether the kernel knows `action` (`seccomp(2)`
/// `SECCOMP_GET_ACTION_AVAIL`, Linux 4.14); the data of the action is
/// ignored.
///
/// # Errors
///
/// `EINVAL` on kernels before 4.14; `ENOSYS` under qemu-user.
pub fn action_available(action: Action) -> Result<bool> {
    let raw = action.raw() & 0xffff_0000;
    // SAFETY: the kernel reads one u32.
    match unsafe { syscall!(Sysno::seccomp, GET_ACTION_AVAIL, 0, &raw as *const u32) } {
        Ok(_) => Ok(true),
        Err(Errno::EOPNOTSUPP) => Ok(false),
        Err(e) => Err(e),
    }
}

/// The sizes of the user notification structures in the running kernel
/// (`struct seccomp_notif_sizes`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct NotifSizes {
    /// `sizeof(struct seccomp_notif)`.
    pub notif: u16,
    /// `sizeof(struct seccomp_notif_resp)`.
    pub resp: u16,
    /// `sizeof(struct seccomp_data)`.
    pub data: u16,
}

const_assert_eq!(core::mem::size_of::<NotifSizes>(), 6);

/// The sizes the kernel uses for user notifications (`seccomp(2)`
/// `SECCOMP_GET_NOTIF_SIZES`, Linux 5.0).
///
/// # Errors
///
/// `EINVAL` on kernels before 5.0; `ENOSYS` under qemu-user.
pub fn notif_sizes() -> Result<NotifSizes> {
    let mut sizes = NotifSizes::default();
    // SAFETY: the kernel writes one `struct seccomp_notif_sizes`.
    unsafe {
        syscall!(
            Sysno::seccomp,
            GET_NOTIF_SIZES,
            0,
            &mut sizes as *mut NotifSizes
        )
    }?;
    Ok(sizes)
}
