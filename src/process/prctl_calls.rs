//! `prctl(2)`: the raw call and the typed operations on it (thread name,
//! no-new-privileges, parent-death signal, dumpable).

use crate::base::signal::Signal;
use crate::path::Arg;
use crate::{syscall, Errno, Result, Sysno};
use core::ffi::CStr;

use super::*;

/// `prctl(2)` with any option, raw.
///
/// # Safety
///
/// The arguments must be what `option` expects: pointers valid for what it
/// reads or writes. Some options change the process in ways the rest of the
/// program relies on (seccomp, capabilities, the memory map).
#[inline]
pub unsafe fn prctl(option: u32, a2: usize, a3: usize, a4: usize, a5: usize) -> Result<usize> {
    // SAFETY: forwarded from the caller.
    unsafe { syscall!(Sysno::prctl, option, a2, a3, a4, a5) }
}

/// A thread's name as [`get_name`] returns it: up to 15 bytes and a NUL.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ThreadName([u8; 16]);

impl ThreadName {
    /// The name.
    pub fn as_c_str(&self) -> &CStr {
        CStr::from_bytes_until_nul(&self.0).unwrap_or(c"")
    }
}

impl core::fmt::Debug for ThreadName {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        core::fmt::Debug::fmt(self.as_c_str(), f)
    }
}

/// Names the calling thread (`prctl(2)` `PR_SET_NAME`; shows in
/// `/proc/self/task/*/comm`); the kernel keeps the first 15 bytes.
///
/// # Errors
///
/// `EINVAL` for an interior NUL (from the path argument); `EFAULT`.
#[inline]
pub fn set_name(name: impl Arg) -> Result<()> {
    name.with_c_str(|n| {
        // SAFETY: PR_SET_NAME reads up to 16 bytes of a NUL-terminated string.
        unsafe { prctl(PR_SET_NAME, n.as_ptr() as usize, 0, 0, 0) }.map(drop)
    })
}

/// The calling thread's name (`prctl(2)` `PR_GET_NAME`).
///
/// # Errors
///
/// `EFAULT` only.
#[inline]
pub fn get_name() -> Result<ThreadName> {
    let mut buf = [0u8; 16];
    // SAFETY: PR_GET_NAME writes 16 bytes.
    unsafe { prctl(PR_GET_NAME, buf.as_mut_ptr() as usize, 0, 0, 0) }?;
    Ok(ThreadName(buf))
}

/// Sets the no-new-privileges bit (`prctl(2)` `PR_SET_NO_NEW_PRIVS`):
/// `execve` will never grant privileges (set-id bits, file capabilities) to
/// this thread and its descendants. Irreversible; required before an
/// unprivileged seccomp filter.
///
/// # Errors
///
/// `EINVAL` on kernels before 3.5.
#[inline]
pub fn set_no_new_privs() -> Result<()> {
    // SAFETY: PR_SET_NO_NEW_PRIVS takes 1 and zeros.
    unsafe { prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) }.map(drop)
}

/// Whether a confining call (a seccomp filter, a Landlock domain) sets the
/// no-new-privileges bit first. The kernel requires the bit, or
/// `CAP_SYS_ADMIN`, for both; sysgate never sets it behind the caller's
/// back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NoNewPrivs {
    /// Set it ([`set_no_new_privs`], irreversible), as an unprivileged
    /// thread requires.
    Set,
    /// Leave it as it is: the kernel then requires it to be set already, or
    /// `CAP_SYS_ADMIN`.
    AsIs,
}

impl NoNewPrivs {
    /// Sets the bit if asked to.
    pub(crate) fn apply(self) -> Result<()> {
        match self {
            NoNewPrivs::Set => set_no_new_privs(),
            NoNewPrivs::AsIs => Ok(()),
        }
    }
}

/// Whether the no-new-privileges bit is set (`PR_GET_NO_NEW_PRIVS`).
///
/// # Errors
///
/// `EINVAL` on kernels before 3.5.
#[inline]
pub fn get_no_new_privs() -> Result<bool> {
    // SAFETY: PR_GET_NO_NEW_PRIVS takes zeros and returns 0 or 1.
    unsafe { prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) }.map(|v| v != 0)
}

/// Asks for signal `sig` when the parent thread dies, or for nothing with
/// `None` (`prctl(2)` `PR_SET_PDEATHSIG`). Cleared in the child by `fork`,
/// and on executing a set-id program.
///
/// # Errors
///
/// None in practice ([`Signal`] is always a valid signal).
#[inline]
pub fn set_parent_death_signal(sig: Option<Signal>) -> Result<()> {
    let sig = sig.map_or(0, Signal::raw) as usize;
    // SAFETY: PR_SET_PDEATHSIG takes a signal number.
    unsafe { prctl(PR_SET_PDEATHSIG, sig, 0, 0, 0) }.map(drop)
}

/// The parent-death signal, `None` if none (`PR_GET_PDEATHSIG`).
///
/// # Errors
///
/// `EFAULT` only.
#[inline]
pub fn parent_death_signal() -> Result<Option<Signal>> {
    let mut sig: i32 = 0;
    // SAFETY: PR_GET_PDEATHSIG writes one int.
    unsafe { prctl(PR_GET_PDEATHSIG, &mut sig as *mut i32 as usize, 0, 0, 0) }?;
    Ok(Signal::from_raw(sig))
}

/// Whether a process can dump core and be ptrace-attached by its user.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dumpable {
    /// No (`SUID_DUMP_DISABLE`): core dumps off, `/proc/pid` owned by root.
    No,
    /// Yes (`SUID_DUMP_USER`), the default.
    User,
    /// Dumps readable by root only (`SUID_DUMP_ROOT`, set by the
    /// `suid_dumpable` sysctl; cannot be set with [`set_dumpable`]).
    Root,
}

/// Sets the dumpable attribute (`prctl(2)` `PR_SET_DUMPABLE`): `false`
/// hides the process from ptrace and core dumps — sandboxes holding secrets
/// do this.
///
/// # Errors
///
/// None in practice.
#[inline]
pub fn set_dumpable(dumpable: bool) -> Result<()> {
    // SAFETY: PR_SET_DUMPABLE takes 0 or 1.
    unsafe { prctl(PR_SET_DUMPABLE, dumpable as usize, 0, 0, 0) }.map(drop)
}

/// The dumpable attribute (`prctl(2)` `PR_GET_DUMPABLE`).
///
/// # Errors
///
/// `EINVAL` for a value this crate does not know (none exist today).
#[inline]
pub fn get_dumpable() -> Result<Dumpable> {
    // SAFETY: PR_GET_DUMPABLE takes no arguments.
    match unsafe { prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) }? {
        0 => Ok(Dumpable::No),
        1 => Ok(Dumpable::User),
        2 => Ok(Dumpable::Root),
        _ => Err(Errno::EINVAL),
    }
}
