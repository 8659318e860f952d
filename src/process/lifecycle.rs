//! Process lifecycle: `fork`, `vfork`, `execve`, `execveat`, `wait4`, `waitid` and
//! `exit_group`, with no allocation.

use super::{pid_or_self, Pid, Target};
use crate::base::signal::{SiCode, SigInfo, Signal};
use crate::fd::{AsFd, BorrowedFd};
use crate::{path, syscall, syscall_readonly, Errno, Result, Sysno};
use core::ffi::{c_char, CStr};
use core::marker::PhantomData;
use core::ptr::{null, NonNull};
use static_assertions::assert_eq_size;

/// Which side of a [`fork`] this is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fork {
    /// The new process.
    Child,
    /// The calling process; the child's pid.
    Parent(Pid),
}

/// Creates a child process that is a copy of the caller: `clone(2)` with
/// only `SIGCHLD` as the exit signal, which is what `fork(2)` does (and the
/// only way on aarch64 and riscv64, which have no `fork` call).
///
/// `clone`'s arguments come in a different order per architecture (x86_64:
/// flags, stack, parent tid, child tid, tls; i386, aarch64, riscv64: flags,
/// stack, parent tid, tls, child tid); here all but the flags are zero, so
/// the order does not matter.
///
/// # Errors
///
/// `EAGAIN` when a process limit is reached; `ENOMEM`.
///
/// # Safety
///
/// This is the raw system call, not libc's `fork()`: no `pthread_atfork`
/// handlers run and libc's own state is not prepared for the child. Only the
/// calling thread exists in the child, and any lock another thread held
/// (malloc's, stdio's, a `Mutex`) stays locked forever; libc's per-thread
/// data still describes the parent. In a program with libc or threads the
/// child must therefore do only async-signal-safe work (such as these
/// wrappers) until it calls [`execve`] or [`exit_group`](super::exit_group).
/// Resources owned by values are duplicated and will be dropped twice, once
/// per process.
pub unsafe fn fork() -> Result<Fork> {
    const SIGCHLD: usize = Signal::CHLD.raw() as usize;
    // SAFETY: a fork-style clone: no shared memory, no new stack; the caller
    // accepts the consequences above.
    match unsafe { syscall!(Sysno::clone, SIGCHLD, 0, 0, 0, 0) }? {
        0 => Ok(Fork::Child),
        pid => Ok(Fork::Parent(Pid(pid as i32))),
    }
}

/// Creates a child that shares the caller's memory, including its stack,
/// and suspends the calling thread until the child calls [`execve`] or
/// exits (`vfork(2)`; on aarch64 and riscv64, which have no `vfork` call,
/// `clone(2)` with `CLONE_VM | CLONE_VFORK | SIGCHLD`). It spares copying
/// the page tables of a large process before an exec. On i386 it enters
/// the kernel by `int $0x80`, not the vDSO, whose stack frame the child
/// would overwrite.
///
/// Under qemu-user the child is an ordinary [`fork`] child (qemu drops the
/// two flags): code must not rely on the sharing.
///
/// # Errors
///
/// `EAGAIN` when a process limit is reached; `ENOMEM`.
///
/// # Safety
///
/// Everything [`fork`] requires, and more, because the child runs on the
/// parent's stack, in the parent's memory, while the parent is suspended
/// inside this call. The compiler does not know that this call returns
/// twice. So, in the child:
///
/// - call only [`execve`]/[`execveat`] or
///   [`exit_group`](super::exit_group), right away, with arguments prepared
///   before the call (nothing allocated, no locks, no destructors run, no
///   return from the function that called `vfork`);
/// - write no memory the parent uses: a stack slot of the calling function
///   the compiler reuses between the two branches can change the parent's
///   values behind its back, so keep the child's branch to those calls;
/// - signal handlers that run in the child run on shared memory too: block
///   signals around the call if handlers could run.
///
/// When in doubt, use [`fork`].
#[inline(always)]
pub unsafe fn vfork() -> Result<Fork> {
    // SAFETY: the architecture's stack-free vfork entry; the caller keeps
    // the child to the contract above.
    match crate::raw::check(unsafe { crate::arch::vfork() })? {
        0 => Ok(Fork::Child),
        pid => Ok(Fork::Parent(Pid(pid as i32))),
    }
}

/// A pointer to a NUL-terminated string that lives for `'a`: one element of
/// an `argv` or `envp` array. `Option<CStrPtr>` has the size of a pointer,
/// with `None` as the null pointer, so `&[Option<CStrPtr>]` is exactly the
/// array the kernel reads.
///
/// ```no_run
/// use sysgate::process::CStrPtr;
/// let argv = [Some(CStrPtr::new(c"echo")), Some(CStrPtr::new(c"hi")), None];
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(transparent)]
pub struct CStrPtr<'a>(NonNull<c_char>, PhantomData<&'a CStr>);

assert_eq_size!(Option<CStrPtr<'static>>, *const c_char);

impl<'a> CStrPtr<'a> {
    /// Points at `s`.
    #[inline]
    pub const fn new(s: &'a CStr) -> Self {
        // SAFETY: a `CStr`'s pointer is never null.
        CStrPtr(
            unsafe { NonNull::new_unchecked(s.as_ptr().cast_mut()) },
            PhantomData,
        )
    }
}

impl<'a> From<&'a CStr> for CStrPtr<'a> {
    #[inline]
    fn from(s: &'a CStr) -> Self {
        CStrPtr::new(s)
    }
}

/// The array's pointer, if it ends with its terminating `None`.
#[inline]
fn terminated(list: &[Option<CStrPtr<'_>>]) -> Result<*const Option<CStrPtr<'static>>> {
    match list.last() {
        Some(None) => Ok(list.as_ptr().cast()),
        _ => Err(Errno::EINVAL),
    }
}

/// Replaces the program of the calling process with the one at `path`
/// (`execve(2)`). `argv` and `envp` must each end with `None`, the null
/// pointer C expects. It returns only on failure, with the error.
///
/// Every fd without close-on-exec stays open in the new program; sysgate
/// opens every fd close-on-exec.
///
/// # Errors
///
/// `EINVAL` if `argv` or `envp` has no terminating `None`; `ENOENT` if there
/// is no such file; `EACCES` if it is not executable; `ENOEXEC` if it is not
/// a format the kernel runs; `E2BIG` if the arguments are too long.
pub fn execve(
    path: impl path::Arg,
    argv: &[Option<CStrPtr<'_>>],
    envp: &[Option<CStrPtr<'_>>],
) -> Errno {
    let run = || {
        let (argv, envp) = (terminated(argv)?, terminated(envp)?);
        path.with_c_str(|path| {
            // SAFETY: `path` is a C string; `argv` and `envp` are
            // null-terminated arrays of C strings that outlive the call.
            unsafe { syscall_readonly!(Sysno::execve, path.as_ptr(), argv, envp) }
        })
    };
    match run() {
        Err(e) => e,
        // A successful execve does not return.
        Ok(_) => Errno::EINVAL,
    }
}

crate::flags::bitflags! {
    /// Flags of [`execveat`].
    pub struct ExecveatFlags: i32 {
        /// `AT_EMPTY_PATH`: with an empty path, run the file `dirfd` refers
        /// to (what `fexecve(3)` does).
        const EMPTY_PATH = 0x1000;
        /// `AT_SYMLINK_NOFOLLOW`: fail with `ELOOP` if `path` is a symlink.
        const SYMLINK_NOFOLLOW = 0x100;
        const _ = !0;
    }
}

/// Like [`execve`], with `path` relative to `dirfd`, or with
/// [`ExecveatFlags::EMPTY_PATH`] and an empty path, the file `dirfd` is open
/// on (`execveat(2)`, Linux 3.19).
///
/// # Errors
///
/// As for [`execve`], and `EBADF` for a bad `dirfd`, `ENOTDIR` if it is not
/// a directory and `path` is relative.
pub fn execveat(
    dirfd: impl AsFd,
    path: impl path::Arg,
    argv: &[Option<CStrPtr<'_>>],
    envp: &[Option<CStrPtr<'_>>],
    flags: ExecveatFlags,
) -> Errno {
    let run = || {
        let (argv, envp) = (terminated(argv)?, terminated(envp)?);
        let dirfd = dirfd.as_fd().as_raw_fd();
        path.with_c_str(|path| {
            // SAFETY: as for execve; `dirfd` is an open fd.
            unsafe {
                syscall_readonly!(
                    Sysno::execveat,
                    dirfd,
                    path.as_ptr(),
                    argv,
                    envp,
                    flags.bits()
                )
            }
        })
    };
    match run() {
        Err(e) => e,
        // A successful execveat does not return.
        Ok(_) => Errno::EINVAL,
    }
}

crate::flags::bitflags! {
    /// Options of [`wait4`] and [`waitid`].
    pub struct WaitOptions: i32 {
        /// `WNOHANG`: return `None` at once if no child has changed state.
        const NOHANG = 1;
        /// `WUNTRACED` / `WSTOPPED`: report stopped children.
        const UNTRACED = 2;
        /// `WEXITED`: report children that terminated (required by
        /// [`waitid`]; implied by [`wait4`]).
        const EXITED = 4;
        /// `WCONTINUED`: report stopped children continued by `SIGCONT`.
        const CONTINUED = 8;
        /// `WNOWAIT` ([`waitid`] only): leave the child waitable.
        const NOWAIT = 0x0100_0000;
        /// `__WNOTHREAD`: only children of this thread.
        const NOTHREAD = 0x2000_0000;
        /// `__WALL`: children of any exit signal (also `clone`d ones).
        const ALL = 0x4000_0000;
        /// `__WCLONE`: only children that do not send `SIGCHLD`.
        const CLONE = 0x8000_0000u32 as i32;
        const _ = !0;
    }
}

/// How a child changed state.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WaitStatus {
    /// It exited with this code (`0..=255`).
    Exited(i32),
    /// A signal ended it.
    Signaled {
        /// The signal.
        signal: Signal,
        /// Whether it dumped core.
        core_dumped: bool,
    },
    /// A signal stopped it (or, traced, it entered a ptrace stop).
    Stopped(Signal),
    /// `SIGCONT` continued it.
    Continued,
}

impl WaitStatus {
    /// Decodes a `wait4` status word (what C's `WIFEXITED` and friends
    /// read). For a ptrace stop, the `PTRACE_O_TRACESYSGOOD` bit and the
    /// event number are dropped. `None` for a word no kernel produces: a
    /// stop or termination by a signal number outside `1..=64` (such as
    /// `0x7f`, "stopped by signal 0").
    pub const fn from_raw(status: i32) -> Option<WaitStatus> {
        let low = status & 0x7f;
        if low == 0 {
            Some(WaitStatus::Exited((status >> 8) & 0xff))
        } else if status == 0xffff {
            Some(WaitStatus::Continued)
        } else if status & 0xff == 0x7f {
            match Signal::from_raw((status >> 8) & 0x7f) {
                Some(sig) => Some(WaitStatus::Stopped(sig)),
                None => None,
            }
        } else {
            match Signal::from_raw(low) {
                Some(signal) => Some(WaitStatus::Signaled {
                    signal,
                    core_dumped: status & 0x80 != 0,
                }),
                None => None,
            }
        }
    }

    /// Decodes what `waitid` reports in `si_code` and `si_status`; `None`
    /// for a signal number outside `1..=64`, which no kernel reports.
    fn from_siginfo(info: &SigInfo) -> Option<WaitStatus> {
        let status = info.status();
        Some(match info.code() {
            SiCode::CLD_EXITED => WaitStatus::Exited(status),
            SiCode::CLD_CONTINUED => WaitStatus::Continued,
            SiCode::CLD_STOPPED | SiCode::CLD_TRAPPED => {
                WaitStatus::Stopped(Signal::from_raw(status & 0x7f)?)
            }
            code => WaitStatus::Signaled {
                signal: Signal::from_raw(status & 0x7f)?,
                core_dumped: code == SiCode::CLD_DUMPED,
            },
        })
    }
}

/// Waits for a child to change state (`wait4(2)`; resource usage is not
/// collected): the child [`Target::Pid`], any child ([`Target::All`]), or
/// any child in a process group ([`Target::Pgid`]; `None`: the caller's).
/// Returns the child's pid and status, or `None` with
/// [`WaitOptions::NOHANG`] when none changed.
///
/// # Errors
///
/// `ECHILD` if there is no such child to wait for; `EINTR` if a signal
/// handler interrupted the wait; `EINVAL` for bad options or process group 1.
pub fn wait4(target: Target, options: WaitOptions) -> Result<Option<(Pid, WaitStatus)>> {
    let pid = target.raw()?;
    let mut status = 0i32;
    // SAFETY: `status` is a writable int; no rusage.
    let ret = unsafe {
        syscall!(
            Sysno::wait4,
            pid,
            &mut status as *mut i32,
            options.bits(),
            0
        )
    }?;
    let Some(child) = Pid::from_raw(ret as i32) else {
        return Ok(None);
    };
    // The kernel's status words always decode; EIO rather than a panic.
    let status = WaitStatus::from_raw(status).ok_or(Errno::EIO)?;
    Ok(Some((child, status)))
}

/// Which children [`waitid`] waits for.
#[derive(Clone, Copy, Debug)]
pub enum WaitId<'fd> {
    /// `P_ALL`: any child.
    All,
    /// `P_PID`: the child with this pid.
    Pid(Pid),
    /// `P_PGID`: any child in this process group (`None`: the caller's,
    /// Linux 5.4).
    Pgid(Option<Pid>),
    /// `P_PIDFD`: the child this pidfd refers to (Linux 5.4).
    PidFd(BorrowedFd<'fd>),
}

/// Waits for a child to change state (`waitid(2)`). `options` must name at
/// least one of [`EXITED`](WaitOptions::EXITED),
/// [`UNTRACED`](WaitOptions::UNTRACED), [`CONTINUED`](WaitOptions::CONTINUED).
/// Returns the child's pid and status, or `None` with
/// [`WaitOptions::NOHANG`] when none changed.
///
/// # Errors
///
/// `ECHILD` if there is no such child; `EINVAL` for bad options; `EINTR` if
/// a signal handler interrupted the wait; `EAGAIN` for a non-blocking pidfd
/// whose process has not changed state.
pub fn waitid(id: WaitId<'_>, options: WaitOptions) -> Result<Option<(Pid, WaitStatus)>> {
    let (idtype, id) = match id {
        WaitId::All => (0, 0),
        WaitId::Pid(pid) => (1, pid.as_raw()),
        WaitId::Pgid(pgid) => (2, pid_or_self(pgid)),
        WaitId::PidFd(fd) => (3, fd.as_raw_fd()),
    };
    let mut info = SigInfo::ZERO;
    // SAFETY: `info` is a writable siginfo_t; no rusage.
    unsafe {
        syscall!(
            Sysno::waitid,
            idtype,
            id,
            &mut info as *mut SigInfo,
            options.bits(),
            null::<u8>()
        )
    }?;
    let Some(pid) = info.pid() else {
        return Ok(None);
    };
    // As in `wait4`: never reached with the kernel's values.
    let status = WaitStatus::from_siginfo(&info).ok_or(Errno::EIO)?;
    Ok(Some((pid, status)))
}
