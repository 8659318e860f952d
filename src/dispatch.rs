//! Syscall user dispatch (`prctl(2)` `PR_SET_SYSCALL_USER_DISPATCH`, Linux
//! 5.11), and the `SIGSYS` handler's side of a trapped system call.
//!
//! With dispatch on, the kernel checks every system call of the thread: one
//! made from outside the exempt [`Region`] while the thread's [`Selector`]
//! says [`block`](Selector::block) is not run, but turned into a `SIGSYS`
//! (`si_code` [`SYS_USER_DISPATCH`]) whose handler reads the call from the
//! interrupted context ([`TrappedSyscall`]), emulates it, and writes the
//! result back. It is a tool for emulators (Wine runs Windows code this way),
//! not a sandbox: code can flip the selector or jump into the exempt region.
//!
//! # Returning from the handler
//!
//! The handler's return is itself a system call, `rt_sigreturn`, made from
//! the return trampoline: sysgate's on x86_64 and i386, the vDSO's on aarch64
//! and riscv64. The kernel exempts only the 32-bit x86 vDSO trampoline, so
//! with the selector still on block the return would trap again. The handler
//! must therefore [`allow`](Selector::allow) before it returns (and before
//! any system call of its own), and the interrupted code blocks again when
//! it wants to, as in:
//!
//! ```no_run
//! use core::ffi::c_void;
//! use sysgate::dispatch::{self, Region, Selector, TrappedSyscall};
//! use sysgate::signal::{self, SaFlags, SigAction, SigHandler, SigInfo, SigSet, Signal};
//!
//! static SELECTOR: Selector = Selector::new();
//!
//! extern "C" fn on_sigsys(_: Signal, info: &SigInfo, uc: *mut c_void) {
//!     // SAFETY: `uc` is the context the kernel passed to this handler.
//!     if let Some(mut call) = unsafe { TrappedSyscall::from_ucontext(uc) } {
//!         if info.code() == dispatch::SYS_USER_DISPATCH && call.nr() == sysgate::Sysno::getppid as usize {
//!             // SAFETY: any positive pid is something getppid may return.
//!             unsafe { call.set_return(4242) };
//!         }
//!     }
//!     SELECTOR.allow();
//! }
//!
//! # fn main() -> sysgate::Result<()> {
//! let act = SigAction::new(SigHandler::SigInfo(on_sigsys), SaFlags::empty(), SigSet::EMPTY);
//! // SAFETY: the handler only touches its context and an atomic.
//! unsafe { signal::sigaction(Signal::SYS, Some(&act)) }?;
//! // SAFETY: SELECTOR is static; the handler answers getppid and lets every
//! // other trapped call return its own number only while nothing blocks.
//! unsafe { dispatch::enable(Region::Exempt(0..0), Some(&SELECTOR)) }?;
//! SELECTOR.block();
//! let ppid = unsafe { sysgate::syscall!(sysgate::Sysno::getppid) };
//! SELECTOR.allow();
//! assert_eq!(ppid, Ok(4242));
//! dispatch::disable()?;
//! # Ok(()) }
//! ```
//!
//! Dispatch is per thread, and `fork` and `execve` turn it off.

use crate::arch::abi::{UC_PC, UC_SYSCALL_ARGS, UC_SYSCALL_NR, UC_SYSCALL_RET};
use crate::process::prctl;
use crate::signal::SiCode;
use crate::{Errno, Result};
use core::ffi::c_void;
use core::marker::PhantomData;
use core::ops::Range;
use core::ptr::{null, NonNull};
use core::sync::atomic::{AtomicU8, Ordering};

/// `PR_SET_SYSCALL_USER_DISPATCH`.
const PR_SET_SYSCALL_USER_DISPATCH: u32 = 59;
/// `PR_SYS_DISPATCH_OFF`.
const PR_SYS_DISPATCH_OFF: usize = 0;
/// `PR_SYS_DISPATCH_EXCLUSIVE_ON` (was `PR_SYS_DISPATCH_ON`).
const PR_SYS_DISPATCH_EXCLUSIVE_ON: usize = 1;
/// `PR_SYS_DISPATCH_INCLUSIVE_ON` (Linux 6.17).
const PR_SYS_DISPATCH_INCLUSIVE_ON: usize = 2;
/// `SYSCALL_DISPATCH_FILTER_ALLOW`.
const FILTER_ALLOW: u8 = 0;
/// `SYSCALL_DISPATCH_FILTER_BLOCK`.
const FILTER_BLOCK: u8 = 1;

/// The `si_code` of a `SIGSYS` from syscall user dispatch (`SYS_USER_DISPATCH`).
pub const SYS_USER_DISPATCH: SiCode = SiCode(2);

/// The byte the kernel reads at every system call of a dispatching thread:
/// [`allow`](Self::allow) runs calls, [`block`](Self::block) traps them.
/// (Any other value makes the kernel kill the process with `SIGSYS`; this
/// type never holds one.) Flipping it is a plain store, no system call.
#[derive(Debug)]
#[repr(transparent)]
pub struct Selector(AtomicU8);

impl Selector {
    /// A selector that allows (`SYSCALL_DISPATCH_FILTER_ALLOW`).
    #[inline]
    pub const fn new() -> Selector {
        Selector(AtomicU8::new(FILTER_ALLOW))
    }

    /// Lets system calls run (`SYSCALL_DISPATCH_FILTER_ALLOW`).
    #[inline]
    pub fn allow(&self) {
        self.0.store(FILTER_ALLOW, Ordering::SeqCst);
    }

    /// Traps system calls made outside the exempt region
    /// (`SYSCALL_DISPATCH_FILTER_BLOCK`).
    #[inline]
    pub fn block(&self) {
        self.0.store(FILTER_BLOCK, Ordering::SeqCst);
    }

    /// Whether the selector blocks.
    #[inline]
    pub fn is_blocked(&self) -> bool {
        self.0.load(Ordering::SeqCst) == FILTER_BLOCK
    }
}

impl Default for Selector {
    fn default() -> Selector {
        Selector::new()
    }
}

/// Which code addresses dispatch leaves alone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Region {
    /// Calls made from inside the range always run; all others follow the
    /// selector (`PR_SYS_DISPATCH_EXCLUSIVE_ON`). An empty range, wherever
    /// it starts, exempts nothing.
    Exempt(Range<usize>),
    /// Only calls made from inside the range follow the selector; all
    /// others run (`PR_SYS_DISPATCH_INCLUSIVE_ON`, Linux 6.17). Must not be
    /// empty.
    Only(Range<usize>),
}

/// Turns syscall user dispatch on for the calling thread
/// (`prctl(PR_SET_SYSCALL_USER_DISPATCH)`). Without a selector, every call
/// dispatch covers traps.
///
/// # Errors
///
/// `EINVAL` when the range ends before it starts, or for an empty
/// [`Region::Only`] (and for `Only` before Linux 6.17, or on architectures
/// without dispatch); `EPERM` when the `kernel.syscall_user_dispatch`
/// sysctl forbids it; `EFAULT` for a selector outside user memory.
///
/// # Safety
///
/// - `selector` must stay valid, and hold only what [`Selector`] stores,
///   until dispatch is turned off or the thread ends: the kernel reads it at
///   every system call (a dangling one gets the process killed by `SIGSEGV`,
///   or worse, read from reused memory).
/// - Every trapped call turns into a `SIGSYS`: a handler must be installed
///   that sets a result each call could have returned (the rest of the
///   program, sysgate's wrappers included, trusts system call results), and
///   that lets its own return through (see the [module docs](self)). Without
///   a handler the process dies.
pub unsafe fn enable(region: Region, selector: Option<&Selector>) -> Result<()> {
    let (mode, range) = match region {
        Region::Exempt(r) => (PR_SYS_DISPATCH_EXCLUSIVE_ON, r),
        Region::Only(r) => (PR_SYS_DISPATCH_INCLUSIVE_ON, r),
    };
    let len = range.end.checked_sub(range.start).ok_or(Errno::EINVAL)?;
    // The kernel takes an empty exempt range only at 0 (else EINVAL): all
    // empty ranges exempt the same nothing.
    let start = if len == 0 { 0 } else { range.start };
    let selector = selector.map_or(null(), |s| s as *const Selector);
    // SAFETY: the caller vouches for the selector's life and for the handler.
    unsafe {
        prctl(
            PR_SET_SYSCALL_USER_DISPATCH,
            mode,
            start,
            len,
            selector as usize,
        )
    }?;
    Ok(())
}

/// Turns syscall user dispatch off for the calling thread; the selector is
/// no longer read. A no-op when it is off.
///
/// # Errors
///
/// `EINVAL` on kernels or architectures without syscall user dispatch.
pub fn disable() -> Result<()> {
    // SAFETY: turning dispatch off takes zeros and trusts nothing.
    unsafe { prctl(PR_SET_SYSCALL_USER_DISPATCH, PR_SYS_DISPATCH_OFF, 0, 0, 0) }?;
    Ok(())
}

/// A trapped system call as a `SIGSYS` handler sees it in the interrupted
/// context (the third handler argument, a `ucontext_t`): the number and
/// arguments, and the register its result goes to. Works for syscall user
/// dispatch and for seccomp's `SECCOMP_RET_TRAP` alike: in both the kernel
/// rolls the registers back to the call's entry and sets the program
/// counter past the call instruction, so the handler's return resumes the
/// code as if the call had returned what the handler set.
#[derive(Debug)]
pub struct TrappedSyscall<'a> {
    uc: NonNull<u8>,
    _context: PhantomData<&'a mut c_void>,
}

impl<'a> TrappedSyscall<'a> {
    /// Views the context `uc`; `None` when it is null.
    ///
    /// # Safety
    ///
    /// `uc` must be the `ucontext_t` the kernel passed to the `SIGSYS`
    /// handler running now (an `SA_SIGINFO` handler's third argument), and
    /// nothing else may access it during `'a`.
    #[inline]
    pub unsafe fn from_ucontext(uc: *mut c_void) -> Option<TrappedSyscall<'a>> {
        Some(TrappedSyscall {
            uc: NonNull::new(uc.cast())?,
            _context: PhantomData,
        })
    }

    #[inline]
    fn reg(&self, offset: usize) -> *mut usize {
        // SAFETY: every offset comes from `arch::abi` and names a
        // register-sized, register-aligned slot inside the kernel's
        // `ucontext_t`, which `from_ucontext`'s caller vouched for.
        unsafe { self.uc.as_ptr().add(offset).cast() }
    }

    #[inline]
    fn get(&self, offset: usize) -> usize {
        // SAFETY: see `reg`; the context is ours for `'a`.
        unsafe { self.reg(offset).read() }
    }

    /// The system call number (compare with `Sysno::x as usize`).
    #[inline]
    pub fn nr(&self) -> usize {
        self.get(UC_SYSCALL_NR)
    }

    /// The six argument registers, in the order of the call.
    #[inline]
    pub fn args(&self) -> [usize; 6] {
        UC_SYSCALL_ARGS.map(|off| self.get(off))
    }

    /// Where the interrupted code resumes: just past the system call
    /// instruction (on i386, inside `__kernel_vsyscall` when the call went
    /// through the vDSO).
    #[inline]
    pub fn pc(&self) -> usize {
        self.get(UC_PC)
    }

    /// Makes the call return `value` (the raw register: `-errno` for an
    /// error, see [`set_result`](Self::set_result)).
    ///
    /// # Safety
    ///
    /// `value` must be a result the trapped call could have returned with
    /// its arguments: the interrupted code trusts it as it trusts the kernel
    /// (a length no larger than its buffer, a valid fd, a mapped address).
    #[inline]
    pub unsafe fn set_return(&mut self, value: usize) {
        // SAFETY: see `reg`; the caller vouches for the value.
        unsafe { self.reg(UC_SYSCALL_RET).write(value) }
    }

    /// Makes the call return `result`: the value, or `-errno`.
    ///
    /// # Safety
    ///
    /// As [`set_return`](Self::set_return) for an `Ok` value; any error may
    /// be returned.
    #[inline]
    pub unsafe fn set_result(&mut self, result: Result<usize>) {
        let raw = match result {
            Ok(v) => v,
            Err(e) => (e.raw() as usize).wrapping_neg(),
        };
        // SAFETY: forwarded; `-errno` is a result every call may return.
        unsafe { self.set_return(raw) }
    }
}
