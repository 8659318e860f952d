//! Signal numbers, sets and the kernel's `siginfo_t`: the vocabulary that
//! the signal calls, `wait`, timers, ptrace and seccomp share.

use super::ids::{Pid, Uid};
use core::ffi::c_void;
use core::fmt;
use core::mem::{offset_of, size_of};
use static_assertions::{assert_eq_align, assert_eq_size, const_assert_eq};

/// The size of the kernel's signal set in bytes, passed as `sigsetsize`.
pub(crate) const SIGSET_SIZE: usize = 8;

/// A signal number, `1..=64`: the classic signals as constants, real-time
/// signals through [`Signal::rt`]. Every constructor checks the range, so a
/// `Signal` out of it never exists ([`SigSet`] relies on that).
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
// `unsigned long` words: `usize`'s alignment (4 on i386, as `u64` there).
assert_eq_align!(SigSet, usize);

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

/// The word size, which the kernel's signal structures are laid out in.
pub(crate) const W: usize = size_of::<usize>();

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

    /// The signal (`si_signo`); `None` for a number outside `1..=64`
    /// (the kernel passes a sender's `rt_sigqueueinfo` data through).
    pub fn signo(&self) -> Option<Signal> {
        Signal::from_raw(self.signo)
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

    /// `SIGSYS` from seccomp: the address after the system call
    /// instruction (`si_call_addr`).
    pub fn call_addr(&self) -> *mut c_void {
        self.field::<_, 0>()
    }

    /// `SIGSYS` from seccomp: the `AUDIT_ARCH_*` of the call's ABI
    /// (`si_arch`), as in [`SeccompData::arch`](crate::seccomp::SeccompData::arch).
    pub fn arch(&self) -> u32 {
        self.field::<_, { W + 4 }>()
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
