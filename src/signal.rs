//! Signals: numbers, sets, handlers, masks, waiting, and sending.
//!
//! Everything here is the kernel's interface, not libc's: the kernel's
//! `struct sigaction` (which differs per architecture), a 64-bit signal set
//! (`_NSIG` is 64 on every supported architecture, so `sigsetsize` is 8),
//! and the 128-byte `siginfo_t`.
//!
//! # Returning from a handler
//!
//! A handler returns into a trampoline that calls `rt_sigreturn`. On x86_64
//! and i386 sysgate supplies it (`SA_RESTORER`, see `arch/<arch>/signal.rs`);
//! on aarch64 and riscv64 the kernel's vDSO trampoline is used.
//! [`SigAction::new`] does the right thing on each, so a handler installed
//! through [`sigaction`] always returns cleanly.
//!
//! # Living next to libc
//!
//! glibc and musl keep the first real-time signals (32 to 34) for their
//! own thread machinery; a program that has libc must leave those alone.

use crate::arch::abi::KernelSigaction;
use crate::fd::{AsFd, OwnedFd};
use crate::process::{Pid, Target, Uid};
use crate::time::Timespec;
use crate::{syscall, syscall_readonly, Errno, Result, Sysno};
use core::ffi::c_void;
use core::fmt;
use core::mem::{offset_of, size_of, MaybeUninit};
use core::ptr::{null, null_mut};
use static_assertions::{assert_eq_align, assert_eq_size, const_assert_eq};

/// The size of the kernel's signal set in bytes, passed as `sigsetsize`.
const SIGSET_SIZE: usize = 8;

/// A signal number, `1..=64`: the classic signals as constants, real-time
/// signals through [`Signal::rt`].
///
/// `#[repr(transparent)]` over `int`, so handlers receive it directly.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(transparent)]
pub struct Signal(i32);

macro_rules! signals {
    ($($name:ident = $n:literal, $doc:literal;)*) => {
        impl Signal {
            $(
                #[doc = concat!("`SIG", stringify!($name), "` (", stringify!($n), "): ", $doc)]
                pub const $name: Signal = Signal($n);
            )*
        }

        /// The name of a classic signal, without the `SIG` prefix.
        const fn classic_name(n: i32) -> Option<&'static str> {
            match n {
                $($n => Some(stringify!($name)),)*
                _ => None,
            }
        }
    };
}

signals! {
    HUP = 1, "hangup on the controlling terminal.";
    INT = 2, "interrupt from the keyboard.";
    QUIT = 3, "quit from the keyboard.";
    ILL = 4, "illegal instruction.";
    TRAP = 5, "trace or breakpoint trap.";
    ABRT = 6, "abort.";
    BUS = 7, "bus error (bad memory access).";
    FPE = 8, "arithmetic exception.";
    KILL = 9, "kill; cannot be caught, blocked or ignored.";
    USR1 = 10, "user-defined signal 1.";
    SEGV = 11, "invalid memory reference.";
    USR2 = 12, "user-defined signal 2.";
    PIPE = 13, "write to a pipe with no readers.";
    ALRM = 14, "timer signal from `alarm`.";
    TERM = 15, "termination request.";
    STKFLT = 16, "stack fault on a coprocessor (unused).";
    CHLD = 17, "a child stopped, continued or terminated.";
    CONT = 18, "continue if stopped.";
    STOP = 19, "stop; cannot be caught, blocked or ignored.";
    TSTP = 20, "stop typed at the terminal.";
    TTIN = 21, "terminal input for a background process.";
    TTOU = 22, "terminal output for a background process.";
    URG = 23, "urgent condition on a socket.";
    XCPU = 24, "CPU time limit exceeded.";
    XFSZ = 25, "file size limit exceeded.";
    VTALRM = 26, "virtual alarm clock.";
    PROF = 27, "profiling timer expired.";
    WINCH = 28, "window resize.";
    IO = 29, "I/O is possible (`SIGPOLL`).";
    PWR = 30, "power failure.";
    SYS = 31, "bad system call (also what seccomp's `SECCOMP_RET_TRAP` sends).";
}

impl Signal {
    /// The first real-time signal as the kernel numbers them (32). Note that
    /// libc reserves 32 to 34 for itself.
    pub const RTMIN: Signal = Signal(32);
    /// The last real-time signal (64).
    pub const RTMAX: Signal = Signal(64);

    /// The signal with number `n`, if it is in `1..=64`.
    #[inline]
    pub const fn from_raw(n: i32) -> Option<Signal> {
        if n >= 1 && n <= 64 {
            Some(Signal(n))
        } else {
            None
        }
    }

    /// Wraps a number the kernel produced as a signal.
    #[inline]
    pub(crate) const fn from_raw_unchecked(n: i32) -> Signal {
        Signal(n)
    }

    /// Real-time signal `SIGRTMIN + n` (kernel numbering, `n` in `0..=32`).
    #[inline]
    pub const fn rt(n: i32) -> Option<Signal> {
        if n >= 0 && n <= 32 {
            Some(Signal(32 + n))
        } else {
            None
        }
    }

    /// The signal number.
    #[inline]
    pub const fn raw(self) -> i32 {
        self.0
    }

    /// Whether this is a real-time signal (queued, with a value).
    #[inline]
    pub const fn is_rt(self) -> bool {
        self.0 >= 32
    }

    /// The bit of this signal in a [`SigSet`].
    #[inline]
    const fn bit(self) -> u64 {
        1 << (self.0 - 1)
    }
}

impl fmt::Debug for Signal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

/// `SIGUSR1`, `SIGRTMIN+3`, `SIGRTMAX`.
impl fmt::Display for Signal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match classic_name(self.0) {
            Some(name) => write!(f, "SIG{name}"),
            None if *self == Signal::RTMAX => f.write_str("SIGRTMAX"),
            None if self.0 == 32 => f.write_str("SIGRTMIN"),
            None => write!(f, "SIGRTMIN+{}", self.0 - 32),
        }
    }
}

/// A set of signals: the kernel's 64-bit `sigset_t`.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
#[repr(transparent)]
pub struct SigSet(u64);

assert_eq_size!(SigSet, [u8; SIGSET_SIZE]);

impl SigSet {
    /// No signals.
    pub const EMPTY: SigSet = SigSet(0);
    /// Every signal (blocking it still leaves `SIGKILL` and `SIGSTOP` out;
    /// the kernel drops them silently).
    pub const FULL: SigSet = SigSet(!0);

    /// The set holding exactly the given signals.
    pub const fn of(signals: &[Signal]) -> SigSet {
        let mut set = SigSet::EMPTY;
        let mut i = 0;
        while i < signals.len() {
            set.0 |= signals[i].bit();
            i += 1;
        }
        set
    }

    /// Adds `sig`.
    #[inline]
    pub fn insert(&mut self, sig: Signal) {
        self.0 |= sig.bit();
    }

    /// Removes `sig`.
    #[inline]
    pub fn remove(&mut self, sig: Signal) {
        self.0 &= !sig.bit();
    }

    /// Whether `sig` is in the set.
    #[inline]
    pub const fn contains(&self, sig: Signal) -> bool {
        self.0 & sig.bit() != 0
    }

    /// Whether the set is empty.
    #[inline]
    pub const fn is_empty(&self) -> bool {
        self.0 == 0
    }

    /// The signals in the set, lowest first.
    pub fn iter(&self) -> impl Iterator<Item = Signal> {
        let bits = self.0;
        (1..=64)
            .filter(move |n| bits & (1 << (n - 1)) != 0)
            .map(Signal)
    }

    /// The raw bits: bit `n - 1` is signal `n`.
    #[inline]
    pub const fn bits(&self) -> u64 {
        self.0
    }

    /// The set with the given raw bits.
    #[inline]
    pub const fn from_bits(bits: u64) -> SigSet {
        SigSet(bits)
    }
}

impl fmt::Debug for SigSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

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

/// The word size, which the kernel's signal structures are laid out in.
const W: usize = size_of::<usize>();

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
            .field("mask", &{ self.0.mask })
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
            sig.0,
            new,
            old.as_mut_ptr(),
            SIGSET_SIZE
        )?;
        Ok(old.assume_init())
    }
}

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
    // SAFETY: `mask` is a valid 8-byte set.
    match unsafe { syscall_readonly!(Sysno::rt_sigsuspend, mask as *const SigSet, SIGSET_SIZE) } {
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

/// The `si_code` of a [`SigInfo`]: why the signal was sent. The meaning of
/// a positive code depends on the signal (`CLD_*` for `SIGCHLD`, `SEGV_*`
/// for `SIGSEGV`, ...), so constants of different families share values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(transparent)]
pub struct SiCode(pub i32);

impl SiCode {
    /// `SI_USER`: sent by `kill(2)`.
    pub const USER: SiCode = SiCode(0);
    /// `SI_KERNEL`: sent by the kernel.
    pub const KERNEL: SiCode = SiCode(0x80);
    /// `SI_QUEUE`: sent by `sigqueue` (`rt_sigqueueinfo(2)`).
    pub const QUEUE: SiCode = SiCode(-1);
    /// `SI_TIMER`: a POSIX timer expired.
    pub const TIMER: SiCode = SiCode(-2);
    /// `SI_MESGQ`: a message arrived on a POSIX message queue.
    pub const MESGQ: SiCode = SiCode(-3);
    /// `SI_ASYNCIO`: asynchronous I/O completed.
    pub const ASYNCIO: SiCode = SiCode(-4);
    /// `SI_SIGIO`: queued `SIGIO`.
    pub const SIGIO: SiCode = SiCode(-5);
    /// `SI_TKILL`: sent by `tkill(2)` or `tgkill(2)`.
    pub const TKILL: SiCode = SiCode(-6);
    /// `CLD_EXITED`: the child exited.
    pub const CLD_EXITED: SiCode = SiCode(1);
    /// `CLD_KILLED`: the child was killed by a signal.
    pub const CLD_KILLED: SiCode = SiCode(2);
    /// `CLD_DUMPED`: the child was killed by a signal and dumped core.
    pub const CLD_DUMPED: SiCode = SiCode(3);
    /// `CLD_TRAPPED`: a traced child trapped.
    pub const CLD_TRAPPED: SiCode = SiCode(4);
    /// `CLD_STOPPED`: the child stopped.
    pub const CLD_STOPPED: SiCode = SiCode(5);
    /// `CLD_CONTINUED`: the stopped child continued.
    pub const CLD_CONTINUED: SiCode = SiCode(6);
    /// `SEGV_MAPERR`: the address is not mapped.
    pub const SEGV_MAPERR: SiCode = SiCode(1);
    /// `SEGV_ACCERR`: the mapping does not allow the access.
    pub const SEGV_ACCERR: SiCode = SiCode(2);
}

/// Byte offset of the `siginfo_t` union: after three `int`s, aligned to a word.
const SI_FIELDS: usize = 12usize.next_multiple_of(W);

/// What the kernel tells about a signal: its `siginfo_t` (128 bytes).
///
/// Which accessors carry meaning depends on the signal and
/// [`code`](SigInfo::code); each says when it does.
#[derive(Clone, Copy)]
#[repr(C)]
pub struct SigInfo {
    signo: i32,
    errno: i32,
    code: i32,
    fields: [usize; (128 - SI_FIELDS) / W],
}

assert_eq_size!(SigInfo, [u8; 128]);
assert_eq_align!(SigInfo, usize);
const_assert_eq!(offset_of!(SigInfo, code), 8);
const_assert_eq!(offset_of!(SigInfo, fields), SI_FIELDS);
#[cfg(target_pointer_width = "64")]
const_assert_eq!(SI_FIELDS, 16);
#[cfg(target_pointer_width = "32")]
const_assert_eq!(SI_FIELDS, 12);

impl SigInfo {
    pub(crate) const ZERO: SigInfo = SigInfo {
        signo: 0,
        errno: 0,
        code: 0,
        fields: [0; (128 - SI_FIELDS) / W],
    };

    /// Reads a `T` at byte `OFF` of the union.
    #[inline]
    fn field<T: Copy, const OFF: usize>(&self) -> T {
        const {
            assert!(OFF.is_multiple_of(core::mem::align_of::<T>()));
            assert!(OFF + size_of::<T>() <= 128 - SI_FIELDS);
        }
        // SAFETY: in bounds and aligned (checked at compile time above);
        // every bit pattern is a valid integer or raw pointer, the only `T`s
        // used.
        unsafe {
            self.fields
                .as_ptr()
                .cast::<u8>()
                .add(OFF)
                .cast::<T>()
                .read()
        }
    }

    /// The signal (`si_signo`).
    pub fn signo(&self) -> Signal {
        Signal(self.signo)
    }

    /// `si_errno`: an error number some signals carry; usually 0.
    pub fn errno(&self) -> i32 {
        self.errno
    }

    /// Why the signal was sent (`si_code`).
    pub fn code(&self) -> SiCode {
        SiCode(self.code)
    }

    /// The sender's process id (`si_pid`): for signals sent by a process
    /// (`SI_USER`, `SI_TKILL`, `SI_QUEUE`) and for `SIGCHLD` (the child).
    /// `None` for 0: sent by the kernel, or by a process outside the
    /// receiver's pid namespace.
    pub fn pid(&self) -> Option<Pid> {
        Pid::from_raw(self.field::<_, 0>())
    }

    /// The sender's real user id (`si_uid`), when [`pid`](Self::pid) is meaningful.
    pub fn uid(&self) -> Uid {
        Uid::from_raw(self.field::<_, 4>())
    }

    /// `SIGCHLD`: the exit code (`CLD_EXITED`) or the signal (otherwise) (`si_status`).
    pub fn status(&self) -> i32 {
        self.field::<_, 8>()
    }

    /// The value sent with `SI_QUEUE`, `SI_TIMER` and `SI_MESGQ` signals
    /// (`si_value`, the pointer member of `union sigval`).
    pub fn value(&self) -> *mut c_void {
        self.field::<_, 8>()
    }

    /// `SIGSEGV`, `SIGBUS`, `SIGILL`, `SIGFPE`, `SIGTRAP`: the faulting
    /// address (`si_addr`).
    pub fn addr(&self) -> *mut c_void {
        self.field::<_, 0>()
    }

    /// `SIGIO`/`SIGPOLL`: the fd that became ready (`si_fd`).
    pub fn fd(&self) -> i32 {
        self.field::<_, W>()
    }

    /// `SI_TIMER`: the number of expirations missed (`si_overrun`).
    pub fn overrun(&self) -> i32 {
        self.field::<_, 4>()
    }

    /// `SIGSYS` from seccomp: the system call number (`si_syscall`).
    pub fn syscall(&self) -> i32 {
        self.field::<_, W>()
    }
}

impl fmt::Debug for SigInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigInfo")
            .field("signo", &self.signo())
            .field("errno", &self.errno)
            .field("code", &self.code)
            .field("pid", &self.pid())
            .field("uid", &self.uid())
            .finish_non_exhaustive()
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

crate::flags::bitflags! {
    /// Flags of [`signalfd`]; close-on-exec is always set.
    pub struct SfdFlags: i32 {
        /// `SFD_NONBLOCK`: reads fail with `EAGAIN` instead of waiting.
        const NONBLOCK = 0o4000;
        const _ = !0;
    }
}

/// `SFD_CLOEXEC` (= `O_CLOEXEC`).
const SFD_CLOEXEC: i32 = 0o2000000;

/// A new fd from which the signals in `mask` are read as
/// [`SignalfdSiginfo`] records (`signalfd4(2)`); block those signals first,
/// or they are delivered the usual way. Close-on-exec.
pub fn signalfd(mask: &SigSet, flags: SfdFlags) -> Result<OwnedFd> {
    // SAFETY: `mask` is a valid 8-byte set.
    let fd = unsafe {
        syscall_readonly!(
            Sysno::signalfd4,
            -1i32,
            mask as *const SigSet,
            SIGSET_SIZE,
            flags.bits() | SFD_CLOEXEC
        )
    }?;
    // SAFETY: the kernel returned a new fd that nothing else owns.
    Ok(unsafe { OwnedFd::from_raw_fd(fd as i32) })
}

/// Replaces the set of signals a signalfd reports (`signalfd4(2)` on an
/// existing fd). `EINVAL` if `fd` is not a signalfd.
pub fn signalfd_set_mask(fd: impl AsFd, mask: &SigSet) -> Result<()> {
    // SAFETY: `mask` is a valid 8-byte set; the kernel reuses `fd`.
    unsafe {
        syscall_readonly!(
            Sysno::signalfd4,
            fd.as_fd().as_raw_fd(),
            mask as *const SigSet,
            SIGSET_SIZE,
            0
        )
    }?;
    Ok(())
}

/// One record read from a [`signalfd`]: `struct signalfd_siginfo` (128 bytes).
#[derive(Clone, Copy, Debug)]
#[repr(C)]
pub struct SignalfdSiginfo {
    /// The signal number.
    pub signo: u32,
    /// An error number, usually 0.
    pub errno: i32,
    /// Why it was sent (`si_code`).
    pub code: i32,
    /// The sender's process id.
    pub pid: u32,
    /// The sender's real user id.
    pub uid: u32,
    /// The fd (`SIGIO`).
    pub fd: i32,
    /// The kernel timer id (POSIX timers).
    pub tid: u32,
    /// The band event (`SIGIO`).
    pub band: u32,
    /// The overrun count (POSIX timers).
    pub overrun: u32,
    /// The trap number that caused a hardware signal.
    pub trapno: u32,
    /// The exit status or signal (`SIGCHLD`).
    pub status: i32,
    /// The integer sent with `sigqueue`.
    pub int: i32,
    /// The pointer sent with `sigqueue`.
    pub ptr: u64,
    /// User CPU time consumed (`SIGCHLD`).
    pub utime: u64,
    /// System CPU time consumed (`SIGCHLD`).
    pub stime: u64,
    /// The faulting address (hardware signals).
    pub addr: u64,
    /// The least significant bit of the address (`SIGBUS`).
    pub addr_lsb: u16,
    _pad2: u16,
    /// The system call number (`SIGSYS`).
    pub syscall: i32,
    /// The address of the system call instruction (`SIGSYS`).
    pub call_addr: u64,
    /// The `AUDIT_ARCH_*` of the system call (`SIGSYS`).
    pub arch: u32,
    _pad: [u8; 28],
}

assert_eq_size!(SignalfdSiginfo, [u8; 128]);
const_assert_eq!(offset_of!(SignalfdSiginfo, ptr), 48);
const_assert_eq!(offset_of!(SignalfdSiginfo, addr_lsb), 80);
const_assert_eq!(offset_of!(SignalfdSiginfo, call_addr), 88);
const_assert_eq!(offset_of!(SignalfdSiginfo, arch), 96);

/// Reads as many pending signals as fit into `buf` from a signalfd
/// (`read(2)`); returns how many records were filled.
///
/// # Errors
///
/// `EAGAIN` on a non-blocking signalfd with nothing pending; `EINVAL` if
/// `buf` is empty.
pub fn read_signalfd(fd: impl AsFd, buf: &mut [SignalfdSiginfo]) -> Result<usize> {
    // SAFETY: `buf` is writable for its whole length; every bit pattern is
    // a valid `SignalfdSiginfo`.
    let n = unsafe {
        syscall!(
            Sysno::read,
            fd.as_fd().as_raw_fd(),
            buf.as_mut_ptr(),
            size_of_val(buf)
        )
    }?;
    Ok(n / size_of::<SignalfdSiginfo>())
}

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
    // SAFETY: plain integers.
    unsafe { syscall_readonly!(Sysno::kill, pid, sig) }?;
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
    // SAFETY: plain integers.
    unsafe { syscall_readonly!(Sysno::tgkill, tgid.as_raw(), tid.as_raw(), sig) }?;
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
    Ok(unsafe { OwnedFd::from_raw_fd(fd as i32) })
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
    unsafe {
        syscall_readonly!(
            Sysno::pidfd_send_signal,
            pidfd.as_fd().as_raw_fd(),
            sig,
            0,
            0
        )
    }?;
    Ok(())
}
