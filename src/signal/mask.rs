//! The signal mask, pending signals, and waiting for a signal.

use crate::base::time::Timespec;
use crate::{syscall, Errno, Result, Sysno};
use core::ptr::null;

use super::*;

/// How [`sigprocmask`] combines the set with the current mask.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(i32)]
pub enum SigmaskHow {
    /// `SIG_BLOCK`: add the set to the mask.
    Block = 0,
    /// `SIG_UNBLOCK`: remove the set from the mask.
    Unblock = 1,
    /// `SIG_SETMASK`: the set becomes the mask.
    SetMask = 2,
}

/// Changes the calling thread's signal mask with `set` (if given) and
/// returns the previous mask (`rt_sigprocmask(2)`). `SIGKILL` and `SIGSTOP`
/// cannot be blocked and are dropped silently.
pub fn sigprocmask(how: SigmaskHow, set: Option<&SigSet>) -> Result<SigSet> {
    let mut old = SigSet::EMPTY;
    let set = set.map_or(null(), |s| s as *const SigSet);
    // SAFETY: `set` is null or valid; `old` is 8 writable bytes.
    unsafe {
        syscall!(
            Sysno::rt_sigprocmask,
            how as i32,
            set,
            &mut old as *mut SigSet,
            SIGSET_SIZE
        )
    }?;
    Ok(old)
}

/// The signals pending for the calling thread or its process while blocked
/// (`rt_sigpending(2)`).
pub fn sigpending() -> Result<SigSet> {
    let mut set = SigSet::EMPTY;
    // SAFETY: `set` is 8 writable bytes.
    unsafe { syscall!(Sysno::rt_sigpending, &mut set as *mut SigSet, SIGSET_SIZE) }?;
    Ok(set)
}

/// Replaces the signal mask with `mask` and sleeps until a handler has run
/// (`rt_sigsuspend(2)`), then restores the mask. It only ever returns an
/// error: `EINTR` after a handler ran.
pub fn sigsuspend(mask: &SigSet) -> Errno {
    // SAFETY: `mask` is a valid 8-byte set. Not `_readonly`: the handlers
    // this waits for run in this thread before the call returns, and
    // whatever they write must be seen after it.
    match unsafe { syscall!(Sysno::rt_sigsuspend, mask as *const SigSet, SIGSET_SIZE) } {
        Err(e) => e,
        // The kernel never returns success from rt_sigsuspend.
        Ok(_) => Errno::EINTR,
    }
}

use crate::sysno::call::RT_SIGTIMEDWAIT as SYS_SIGTIMEDWAIT;

/// Waits for one of the signals in `set` to be pending (they should be
/// blocked) and takes it, returning what the kernel knows about it
/// (`rt_sigtimedwait(2)`; the 64-bit-time call on i386). `timeout == None`
/// waits forever.
///
/// # Errors
///
/// `EAGAIN` when the timeout passed; `EINTR` when a handler for another
/// signal ran; `EINVAL` for an invalid timeout.
pub fn sigtimedwait(set: &SigSet, timeout: Option<&Timespec>) -> Result<SigInfo> {
    let mut info = SigInfo::ZERO;
    let timeout = timeout.map_or(null(), |t| t as *const Timespec);
    // SAFETY: `set` and `timeout` (or null) are valid; `info` is 128 bytes.
    unsafe {
        syscall!(
            SYS_SIGTIMEDWAIT,
            set as *const SigSet,
            &mut info as *mut SigInfo,
            timeout,
            SIGSET_SIZE
        )
    }?;
    Ok(info)
}
