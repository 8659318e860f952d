//! Tracing another process: `ptrace(2)` with typed requests for what a
//! tracer needs — becoming one ([`traceme`], [`seize`], [`attach`]),
//! resuming and stopping the tracee ([`cont`], [`syscall`](fn@syscall), [`interrupt`],
//! [`detach`]), reading what stopped it ([`get_syscall_info`],
//! [`get_siginfo`], [`get_event_msg`]), its memory a word at a time ([`peek_data`],
//! [`poke_data`]) and its general registers, raw ([`get_regs`],
//! [`set_regs`]).
//!
//! These are the kernel's calls, not glibc's `ptrace()`: `PTRACE_PEEKDATA`
//! writes the word through a pointer (here a local), so a word of `-1`
//! is no error.
//!
//! # What a tracer can do to itself
//!
//! Every call here acts on another process: a tracer cannot trace its own
//! thread group, so no request reaches the caller's memory, and the typed
//! requests are safe. The exception would be a tracee that shares the
//! caller's memory without sharing its thread group — a `clone(CLONE_VM)`
//! child, which only `unsafe` code ([`vfork`](crate::process::vfork)) makes,
//! under a contract that rules this out. As with `/proc/<pid>/mem`, what
//! the tracer does to the tracee's memory is the tracee's problem.
//!
//! Under qemu-user, `ptrace` is not emulated: it answers `ENOSYS`.

use crate::arch::abi;
use crate::process::Pid;
use crate::signal::{SigInfo, Signal};
use crate::{syscall, syscall_readonly, Result, Sysno};
use core::mem::{offset_of, size_of};
use static_assertions::{assert_eq_size, const_assert_eq};

// Request numbers (`include/uapi/linux/ptrace.h`), the same on every
// architecture this crate supports.
const TRACEME: u32 = 0;
const PEEKDATA: u32 = 2;
const POKEDATA: u32 = 5;
const CONT: u32 = 7;
const ATTACH: u32 = 16;
const DETACH: u32 = 17;
const SYSCALL: u32 = 24;
const SETOPTIONS: u32 = 0x4200;
const GETEVENTMSG: u32 = 0x4201;
const GETSIGINFO: u32 = 0x4202;
const GETREGSET: u32 = 0x4204;
const SETREGSET: u32 = 0x4205;
const SEIZE: u32 = 0x4206;
const INTERRUPT: u32 = 0x4207;
const GET_SYSCALL_INFO: u32 = 0x420e;
/// `NT_PRSTATUS`: the general registers, for `PTRACE_GETREGSET`.
const NT_PRSTATUS: usize = 1;

/// `ptrace(2)` with any request, raw.
///
/// # Safety
///
/// `addr` and `data` must be what `request` expects: for the requests that
/// write through `data` (`PEEK*`, `GETEVENTMSG`, `GET*REGS*`,
/// `GETSIGINFO`, `GET_SYSCALL_INFO`, …) a pointer valid for that write.
#[inline]
pub unsafe fn ptrace(request: u32, pid: Pid, addr: usize, data: usize) -> Result<usize> {
    // SAFETY: forwarded from the caller.
    unsafe { syscall!(Sysno::ptrace, request, pid.as_raw(), addr, data) }
}

/// A request that passes only integers.
#[inline]
fn request(request: u32, pid: Pid, addr: usize, data: usize) -> Result<()> {
    // SAFETY: `request` is one that reads no memory of the caller and
    // writes none (checked by each caller below).
    unsafe { syscall_readonly!(Sysno::ptrace, request, pid.as_raw(), addr, data) }.map(drop)
}

/// The signal argument of the resuming requests: 0 for none.
#[inline]
fn sig(sig: Option<Signal>) -> usize {
    sig.map_or(0, |s| s.raw() as usize)
}

crate::flags::bitflags! {
    /// Tracing options (`PTRACE_O_*`): [`set_options`] and [`seize`].
    #[derive(Default)]
    pub struct PtraceOptions: u32 {
        /// `PTRACE_O_TRACESYSGOOD`: syscall stops report `SIGTRAP | 0x80`.
        const TRACESYSGOOD = 0x1;
        /// `PTRACE_O_TRACEFORK`: trace `fork` children; stop at the event.
        const TRACEFORK = 0x2;
        /// `PTRACE_O_TRACEVFORK`: trace `vfork` children; stop at the event.
        const TRACEVFORK = 0x4;
        /// `PTRACE_O_TRACECLONE`: trace `clone` children; stop at the event.
        const TRACECLONE = 0x8;
        /// `PTRACE_O_TRACEEXEC`: stop at a successful `execve`.
        const TRACEEXEC = 0x10;
        /// `PTRACE_O_TRACEVFORKDONE`: stop when a `vfork` child releases
        /// the tracee.
        const TRACEVFORKDONE = 0x20;
        /// `PTRACE_O_TRACEEXIT`: stop before exit; [`get_event_msg`] gives
        /// the wait status.
        const TRACEEXIT = 0x40;
        /// `PTRACE_O_TRACESECCOMP`: stop on `SECCOMP_RET_TRACE`.
        const TRACESECCOMP = 0x80;
        /// `PTRACE_O_EXITKILL`: `SIGKILL` the tracee if the tracer exits.
        const EXITKILL = 0x10_0000;
        /// `PTRACE_O_SUSPEND_SECCOMP`: suspend the tracee's seccomp
        /// (checkpoint/restore; `CAP_SYS_ADMIN`).
        const SUSPEND_SECCOMP = 0x20_0000;
        const _ = !0;
    }
}

/// Makes the caller's parent its tracer (`PTRACE_TRACEME`): the call a
/// child makes before it stops itself or runs `execve`, which then stops it
/// with `SIGTRAP`.
///
/// # Errors
///
/// `EPERM` when already traced (or by Yama/LSM policy); `ENOSYS` under
/// qemu-user.
#[inline]
pub fn traceme() -> Result<()> {
    // The kernel ignores the pid of this request.
    request(TRACEME, Pid::INIT, 0, 0)
}

/// Attaches to `pid` and sends it `SIGSTOP` (`PTRACE_ATTACH`); wait for
/// the stop before further requests. [`seize`] is the modern form.
///
/// # Errors
///
/// `EPERM` for a process the caller may not trace (its own thread group,
/// another user's, Yama's `ptrace_scope`, already traced); `ESRCH`.
#[inline]
pub fn attach(pid: Pid) -> Result<()> {
    request(ATTACH, pid, 0, 0)
}

/// Attaches to `pid` without stopping it, with `options`
/// (`PTRACE_SEIZE`); [`interrupt`] stops it.
///
/// # Errors
///
/// As [`attach`]; `EINVAL` for unknown options.
#[inline]
pub fn seize(pid: Pid, options: PtraceOptions) -> Result<()> {
    request(SEIZE, pid, 0, options.bits() as usize)
}

/// Stops a tracee attached with [`seize`] (`PTRACE_INTERRUPT`); `wait4`
/// then reports it stopped with `SIGTRAP`.
///
/// # Errors
///
/// `ESRCH` if `pid` is not a tracee of the caller; `EIO` if attached with
/// [`attach`] rather than [`seize`].
#[inline]
pub fn interrupt(pid: Pid) -> Result<()> {
    request(INTERRUPT, pid, 0, 0)
}

/// Resumes a stopped tracee, delivering `signal` if given (`PTRACE_CONT`).
///
/// # Errors
///
/// `ESRCH` if `pid` is not a tracee of the caller stopped in a ptrace stop.
#[inline]
pub fn cont(pid: Pid, signal: Option<Signal>) -> Result<()> {
    request(CONT, pid, 0, sig(signal))
}

/// Resumes a stopped tracee until its next system call entry or exit
/// (`PTRACE_SYSCALL`), delivering `signal` if given; at the stop,
/// [`get_syscall_info`] tells which.
///
/// # Errors
///
/// As [`cont`].
#[inline]
pub fn syscall(pid: Pid, signal: Option<Signal>) -> Result<()> {
    request(SYSCALL, pid, 0, sig(signal))
}

/// Detaches from a stopped tracee and resumes it, delivering `signal` if
/// given (`PTRACE_DETACH`).
///
/// # Errors
///
/// As [`cont`].
#[inline]
pub fn detach(pid: Pid, signal: Option<Signal>) -> Result<()> {
    request(DETACH, pid, 0, sig(signal))
}

/// Sets the tracing options of a stopped tracee (`PTRACE_SETOPTIONS`),
/// replacing those it had.
///
/// # Errors
///
/// `EINVAL` for unknown options; `ESRCH` as [`cont`].
#[inline]
pub fn set_options(pid: Pid, options: PtraceOptions) -> Result<()> {
    request(SETOPTIONS, pid, 0, options.bits() as usize)
}

/// The message of the last ptrace event stop (`PTRACE_GETEVENTMSG`): the
/// new child's pid for fork/vfork/clone events, the wait status for the
/// exit event, the former thread id for exec, the filter's data for
/// seccomp.
///
/// # Errors
///
/// `ESRCH` as [`cont`].
#[inline]
pub fn get_event_msg(pid: Pid) -> Result<usize> {
    let mut msg = 0usize;
    // SAFETY: the kernel writes one `unsigned long` to `data`.
    unsafe { ptrace(GETEVENTMSG, pid, 0, &mut msg as *mut usize as usize) }?;
    Ok(msg)
}

/// The signal information of the stop a tracee is in (`PTRACE_GETSIGINFO`):
/// the signal about to be delivered, or for an event stop `SIGTRAP` whose
/// code tells the event ([`PtraceEvent::of`]).
///
/// # Errors
///
/// `EINVAL` in a group stop (which has no signal information); `ESRCH` as
/// [`cont`].
#[inline]
pub fn get_siginfo(pid: Pid) -> Result<SigInfo> {
    let mut info = SigInfo::ZERO;
    // SAFETY: the kernel writes one 128-byte `siginfo_t` to `data`.
    unsafe { ptrace(GETSIGINFO, pid, 0, &mut info as *mut SigInfo as usize) }?;
    Ok(info)
}

/// The event of a ptrace event stop (`PTRACE_EVENT_*`), enabled by the
/// matching [`PtraceOptions`]; [`get_event_msg`] gives its message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PtraceEvent {
    /// `PTRACE_EVENT_FORK` (1).
    Fork,
    /// `PTRACE_EVENT_VFORK` (2).
    Vfork,
    /// `PTRACE_EVENT_CLONE` (3).
    Clone,
    /// `PTRACE_EVENT_EXEC` (4).
    Exec,
    /// `PTRACE_EVENT_VFORK_DONE` (5).
    VforkDone,
    /// `PTRACE_EVENT_EXIT` (6).
    Exit,
    /// `PTRACE_EVENT_SECCOMP` (7).
    Seccomp,
    /// `PTRACE_EVENT_STOP` (128): [`interrupt`], or a group stop or
    /// a stop after attaching under [`seize`].
    Stop,
}

impl PtraceEvent {
    /// The event of a stop whose [`get_siginfo`] is `info`: `SIGTRAP` with
    /// `si_code` `event << 8 | SIGTRAP`. `None` for a stop that is no event.
    pub fn of(info: &SigInfo) -> Option<PtraceEvent> {
        let code = info.code().0;
        if info.signo() != Some(Signal::TRAP) || code & 0xff != Signal::TRAP.raw() {
            return None;
        }
        Some(match code >> 8 {
            1 => PtraceEvent::Fork,
            2 => PtraceEvent::Vfork,
            3 => PtraceEvent::Clone,
            4 => PtraceEvent::Exec,
            5 => PtraceEvent::VforkDone,
            6 => PtraceEvent::Exit,
            7 => PtraceEvent::Seccomp,
            128 => PtraceEvent::Stop,
            _ => return None,
        })
    }
}

/// Reads the word at `addr` in the tracee's memory (`PTRACE_PEEKDATA`).
/// `addr` is an address of the tracee, never dereferenced here.
///
/// # Errors
///
/// `EIO` or `EFAULT` for an address not mapped readable in the tracee;
/// `ESRCH` as [`cont`].
#[inline]
pub fn peek_data(pid: Pid, addr: usize) -> Result<usize> {
    let mut word = 0usize;
    // SAFETY: the kernel writes the word to `data`, a local.
    unsafe { ptrace(PEEKDATA, pid, addr, &mut word as *mut usize as usize) }?;
    Ok(word)
}

/// Writes `word` at `addr` in the tracee's memory (`PTRACE_POKEDATA`),
/// even into read-only mappings (as a debugger sets breakpoints). Safe for
/// the caller: see the [module documentation](self) on why no request
/// reaches the tracer's own memory.
///
/// # Errors
///
/// `EIO` or `EFAULT` for an address not mapped in the tracee; `ESRCH` as
/// [`cont`].
#[inline]
pub fn poke_data(pid: Pid, addr: usize, word: usize) -> Result<()> {
    request(POKEDATA, pid, addr, word)
}

/// What a tracee stopped for, as [`get_syscall_info`] tells it: the
/// kernel's `struct ptrace_syscall_info` (88 bytes; Linux 5.3).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(C)]
pub struct SyscallInfo {
    op: u8,
    pad: [u8; 3],
    arch: u32,
    instruction_pointer: u64,
    stack_pointer: u64,
    /// The union `entry` / `exit` / `seccomp`, in 64-bit words.
    data: [u64; 8],
}

assert_eq_size!(SyscallInfo, [u64; 11]);
const_assert_eq!(offset_of!(SyscallInfo, arch), 4);
const_assert_eq!(offset_of!(SyscallInfo, instruction_pointer), 8);
const_assert_eq!(offset_of!(SyscallInfo, data), 24);

/// The kind of stop in a [`SyscallInfo`] (`PTRACE_SYSCALL_INFO_*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SyscallStop {
    /// `NONE`: not a system call stop (a signal or event stop).
    None,
    /// `ENTRY`: entering call `nr` with these arguments.
    Entry {
        /// The call number, in the numbering of [`SyscallInfo::arch`].
        nr: u64,
        /// Its six argument registers.
        args: [u64; 6],
    },
    /// `EXIT`: leaving a call with this result.
    Exit {
        /// The return value, or the negated error number.
        rval: i64,
        /// Whether `rval` is an error.
        is_error: bool,
    },
    /// `SECCOMP`: a `SECCOMP_RET_TRACE` filter stopped call `nr`.
    Seccomp {
        /// The call number.
        nr: u64,
        /// Its six argument registers.
        args: [u64; 6],
        /// The filter's `SECCOMP_RET_DATA`.
        ret_data: u32,
    },
}

impl SyscallInfo {
    /// The `AUDIT_ARCH_*` value of the stopped call's ABI (an i386 tracee on
    /// x86_64 reports `AUDIT_ARCH_I386`, with i386 call numbers).
    #[inline]
    pub fn arch(&self) -> u32 {
        self.arch
    }

    /// Whether the call uses this build's ABI, so its number is a [`Sysno`].
    #[inline]
    pub fn is_native(&self) -> bool {
        self.arch == abi::AUDIT_ARCH
    }

    /// The tracee's instruction pointer.
    #[inline]
    pub fn instruction_pointer(&self) -> u64 {
        self.instruction_pointer
    }

    /// The tracee's stack pointer.
    #[inline]
    pub fn stack_pointer(&self) -> u64 {
        self.stack_pointer
    }

    /// The kind of stop and its details.
    pub fn stop(&self) -> SyscallStop {
        let d = &self.data;
        let args = [d[1], d[2], d[3], d[4], d[5], d[6]];
        match self.op {
            1 => SyscallStop::Entry { nr: d[0], args },
            2 => SyscallStop::Exit {
                rval: d[0] as i64,
                // `is_error` is the byte right after `rval`.
                is_error: d[1].to_ne_bytes()[0] != 0,
            },
            3 => {
                let b = d[7].to_ne_bytes();
                SyscallStop::Seccomp {
                    nr: d[0],
                    args,
                    ret_data: u32::from_ne_bytes([b[0], b[1], b[2], b[3]]),
                }
            }
            _ => SyscallStop::None,
        }
    }

    /// The call being entered (or stopped by seccomp), named: `None` for
    /// other stops, a foreign ABI, or a number this crate does not know.
    pub fn sysno(&self) -> Option<Sysno> {
        match self.stop() {
            SyscallStop::Entry { nr, .. } | SyscallStop::Seccomp { nr, .. } if self.is_native() => {
                Sysno::from_number(usize::try_from(nr).ok()?)
            }
            _ => None,
        }
    }
}

/// Why a tracee stopped, if for a system call (`PTRACE_GET_SYSCALL_INFO`).
///
/// # Errors
///
/// `ESRCH` as [`cont`]; `EIO` on kernels before 5.3.
#[inline]
pub fn get_syscall_info(pid: Pid) -> Result<SyscallInfo> {
    let mut info = SyscallInfo::default();
    // SAFETY: the kernel writes at most `addr` (= its size) bytes to `data`.
    unsafe {
        ptrace(
            GET_SYSCALL_INFO,
            pid,
            size_of::<SyscallInfo>(),
            &mut info as *mut SyscallInfo as usize,
        )
    }?;
    Ok(info)
}

/// The general registers of a tracee, raw, in the layout of the
/// architecture's `PTRACE_GETREGSET` `NT_PRSTATUS` (x86_64: `struct
/// user_regs_struct`, 27 words; i386: 17; aarch64: `struct user_pt_regs`,
/// 34: x0–x30, sp, pc, pstate; riscv64: 32, pc then x1–x31).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(C)]
pub struct Regs([usize; abi::USER_REGS_WORDS]);

impl Default for Regs {
    fn default() -> Self {
        Regs([0; abi::USER_REGS_WORDS])
    }
}

impl Regs {
    /// The registers as words.
    #[inline]
    pub fn words(&self) -> &[usize] {
        &self.0
    }

    /// The registers as words, to change before [`set_regs`].
    #[inline]
    pub fn words_mut(&mut self) -> &mut [usize] {
        &mut self.0
    }
}

/// The kernel's `struct iovec`, as `PTRACE_GETREGSET` takes it.
#[repr(C)]
struct RegsIov {
    base: *mut Regs,
    len: usize,
}

/// Reads the general registers of a stopped tracee
/// (`PTRACE_GETREGSET` `NT_PRSTATUS`).
///
/// # Errors
///
/// `ESRCH` as [`cont`].
#[inline]
pub fn get_regs(pid: Pid) -> Result<Regs> {
    let mut regs = Regs::default();
    let mut iov = RegsIov {
        base: &mut regs,
        len: size_of::<Regs>(),
    };
    // SAFETY: the kernel writes at most `iov.len` bytes at `iov.base` and
    // the length it wrote into `iov.len`.
    unsafe {
        ptrace(
            GETREGSET,
            pid,
            NT_PRSTATUS,
            &mut iov as *mut RegsIov as usize,
        )
    }?;
    Ok(regs)
}

/// Sets the general registers of a stopped tracee
/// (`PTRACE_SETREGSET` `NT_PRSTATUS`).
///
/// # Errors
///
/// `EINVAL` or `EIO` for values the architecture refuses (such as a bad
/// segment selector); `ESRCH` as [`cont`].
#[inline]
pub fn set_regs(pid: Pid, regs: &Regs) -> Result<()> {
    let mut iov = RegsIov {
        base: (regs as *const Regs).cast_mut(),
        len: size_of::<Regs>(),
    };
    // SAFETY: the kernel reads `iov.len` bytes at `iov.base` (never writes
    // them) and may write `iov.len`, a local.
    unsafe {
        ptrace(
            SETREGSET,
            pid,
            NT_PRSTATUS,
            &mut iov as *mut RegsIov as usize,
        )
    }
    .map(drop)
}
