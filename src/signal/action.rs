//! Handlers: `rt_sigaction(2)` with the kernel's `struct sigaction`, and
//! the alternate signal stack (`sigaltstack(2)`).

use crate::arch::abi::KernelSigaction;
use crate::{syscall, Result, Sysno};
use core::ffi::c_void;
use core::fmt;
use core::mem::{offset_of, MaybeUninit};
use core::ptr::{null, null_mut};
use static_assertions::{assert_eq_align, assert_eq_size, const_assert_eq};

use super::*;

crate::flags::bitflags! {
    /// `SA_*` flags of a [`SigAction`].
    pub struct SaFlags: u32 {
        /// `SA_NOCLDSTOP`: no `SIGCHLD` when a child stops or continues.
        const NOCLDSTOP = 0x1;
        /// `SA_NOCLDWAIT`: children do not become zombies.
        const NOCLDWAIT = 0x2;
        /// `SA_SIGINFO`: the handler takes a [`SigInfo`]; set by
        /// [`SigAction::new`] for [`SigHandler::SigInfo`].
        const SIGINFO = 0x4;
        /// `SA_UNSUPPORTED`: probe for flag support (Linux 5.11).
        const UNSUPPORTED = 0x400;
        /// `SA_EXPOSE_TAGBITS`: keep address tag bits in `si_addr`.
        const EXPOSE_TAGBITS = 0x800;
        /// `SA_ONSTACK`: run the handler on the [`sigaltstack`] stack.
        const ONSTACK = 0x0800_0000;
        /// `SA_RESTART`: restart interrupted system calls where possible.
        const RESTART = 0x1000_0000;
        /// `SA_NODEFER`: do not block the signal while its handler runs.
        const NODEFER = 0x4000_0000;
        /// `SA_RESETHAND`: restore the default action on entry to the handler.
        const RESETHAND = 0x8000_0000;
        const _ = !0;
    }
}

/// `SA_RESTORER`: `sa_restorer` holds the return trampoline. Set by
/// [`SigAction::new`] where the architecture needs it, never by the caller.
const SA_RESTORER: u32 = 0x0400_0000;

/// What happens when a signal arrives.
#[derive(Clone, Copy, Debug)]
pub enum SigHandler {
    /// `SIG_DFL`: the signal's default action.
    Default,
    /// `SIG_IGN`: the signal is discarded.
    Ignore,
    /// A handler taking the signal number.
    Handler(extern "C" fn(Signal)),
    /// An `SA_SIGINFO` handler: the signal, what the kernel knows about it,
    /// and the interrupted context (a `ucontext_t`, architecture-specific).
    SigInfo(extern "C" fn(Signal, &SigInfo, *mut c_void)),
}

/// The kernel's `struct sigaction` for `rt_sigaction(2)`: handler, flags,
/// return trampoline (where the architecture has the field) and the mask
/// blocked while the handler runs, in the architecture's layout
/// (`arch/<arch>/abi.rs`). (libc's `struct sigaction` is a different
/// layout.)
#[derive(Clone, Copy)]
#[repr(transparent)]
pub struct SigAction(KernelSigaction<SigSet>);

const_assert_eq!(offset_of!(KernelSigaction<SigSet>, handler), 0);
const_assert_eq!(offset_of!(KernelSigaction<SigSet>, flags), W);
assert_eq_align!(SigAction, usize);

impl SigAction {
    /// An action running `handler` with `mask` (plus the signal itself,
    /// unless [`SaFlags::NODEFER`]) blocked. Sets `SA_SIGINFO` for a
    /// [`SigHandler::SigInfo`] handler, and installs the return trampoline
    /// (`SA_RESTORER`) where the architecture needs one.
    pub fn new(handler: SigHandler, flags: SaFlags, mask: SigSet) -> SigAction {
        let mut flags = flags.bits() & !SA_RESTORER;
        let handler = match handler {
            SigHandler::Default => 0,
            SigHandler::Ignore => 1,
            SigHandler::Handler(f) => {
                flags &= !SaFlags::SIGINFO.bits();
                f as usize
            }
            SigHandler::SigInfo(f) => {
                flags |= SaFlags::SIGINFO.bits();
                f as usize
            }
        };
        let siginfo = flags & SaFlags::SIGINFO.bits() != 0;
        let restorer = crate::arch::signal::restorer(siginfo).map_or(0, |r| {
            flags |= SA_RESTORER;
            r as usize
        });
        SigAction(KernelSigaction::new(
            handler,
            flags as usize,
            restorer,
            mask,
        ))
    }

    /// The handler.
    pub fn handler(&self) -> SigHandler {
        match self.0.handler {
            0 => SigHandler::Default,
            1 => SigHandler::Ignore,
            // SAFETY: the kernel only stores what a `sigaction` call gave it;
            // with `SA_SIGINFO` that is a three-argument C function, without
            // it a one-argument one (the contract of `sigaction(2)`).
            h if self.flags().contains(SaFlags::SIGINFO) => SigHandler::SigInfo(unsafe {
                core::mem::transmute::<usize, extern "C" fn(Signal, &SigInfo, *mut c_void)>(h)
            }),
            // SAFETY: as above.
            h => SigHandler::Handler(unsafe {
                core::mem::transmute::<usize, extern "C" fn(Signal)>(h)
            }),
        }
    }

    /// The flags, as the kernel holds them (`SA_RESTORER` included where set).
    pub fn flags(&self) -> SaFlags {
        // `sa_flags` is an `unsigned long`; every defined flag is in the low 32 bits.
        SaFlags::from_bits_retain(self.0.flags as u32)
    }

    /// The signals blocked while the handler runs.
    pub fn mask(&self) -> SigSet {
        self.0.mask
    }
}

impl fmt::Debug for SigAction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigAction")
            .field("handler", &self.handler())
            .field("flags", &self.flags())
            .field("mask", &self.0.mask)
            .finish()
    }
}

/// Sets and/or reads the action for `sig`; returns the previous action
/// (`rt_sigaction(2)`). With `new == None` it only reads.
///
/// # Errors
///
/// `EINVAL` for `SIGKILL` and `SIGSTOP` (whose action cannot change).
///
/// # Safety
///
/// A handler runs at any point of any thread: it may only do what is
/// async-signal-safe (no allocation, no locks it does not own) and must not
/// unwind. Replacing a handler libc or the runtime depends on (libc's
/// reserved real-time signals, Rust's stack-overflow `SIGSEGV` handler)
/// breaks them.
pub unsafe fn sigaction(sig: Signal, new: Option<&SigAction>) -> Result<SigAction> {
    let mut old = MaybeUninit::<SigAction>::uninit();
    let new = new.map_or(null(), |a| a as *const SigAction);
    // SAFETY: `new` is null or a valid kernel sigaction; `old` has room for
    // one; the caller vouches for the handler.
    unsafe {
        syscall!(
            Sysno::rt_sigaction,
            sig.raw(),
            new,
            old.as_mut_ptr(),
            SIGSET_SIZE
        )?;
        Ok(old.assume_init())
    }
}

crate::flags::bitflags! {
    /// `SS_*` flags of a [`SigStack`].
    pub struct SsFlags: i32 {
        /// `SS_ONSTACK`: the thread is running on the alternate stack now
        /// (read only).
        const ONSTACK = 1;
        /// `SS_DISABLE`: no alternate stack.
        const DISABLE = 2;
        /// `SS_AUTODISARM`: clear the alternate stack while a handler runs on it.
        const AUTODISARM = 1 << 31;
        const _ = !0;
    }
}

/// An alternate signal stack: the kernel's `stack_t`.
#[derive(Clone, Copy, Debug)]
#[repr(C)]
pub struct SigStack {
    /// The lowest address of the stack (`ss_sp`).
    pub sp: *mut c_void,
    /// Flags (`ss_flags`).
    pub flags: SsFlags,
    /// The size in bytes (`ss_size`); at least `AT_MINSIGSTKSZ` from auxv.
    pub size: usize,
}

const_assert_eq!(offset_of!(SigStack, flags), W);
const_assert_eq!(offset_of!(SigStack, size), 2 * W);
assert_eq_size!(SigStack, [usize; 3]);
assert_eq_align!(SigStack, usize);

impl SigStack {
    /// The setting that turns the alternate stack off.
    pub const DISABLED: SigStack = SigStack {
        sp: null_mut(),
        flags: SsFlags::DISABLE,
        size: 0,
    };
}

/// Sets (if `new` is given) and returns the previous alternate signal stack
/// of the calling thread (`sigaltstack(2)`).
///
/// # Errors
///
/// `ENOMEM` if the size is below the minimum; `EPERM` when changing it while
/// running on it; `EINVAL` for bad flags.
///
/// # Safety
///
/// The memory of `new` must stay valid and unused by anything else for as
/// long as it is installed (handlers with [`SaFlags::ONSTACK`] write it).
pub unsafe fn sigaltstack(new: Option<&SigStack>) -> Result<SigStack> {
    let mut old = MaybeUninit::<SigStack>::uninit();
    let new = new.map_or(null(), |s| s as *const SigStack);
    // SAFETY: `new` is null or valid; `old` has room for a stack_t; the
    // caller vouches for the stack memory.
    unsafe {
        syscall!(Sysno::sigaltstack, new, old.as_mut_ptr())?;
        Ok(old.assume_init())
    }
}
