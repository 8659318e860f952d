//! The raw layer: one machine instruction between Rust and the kernel.
//!
//! `syscall0`..`syscall6` pass a system call number and up to six arguments
//! in the registers of the running architecture's ABI and return the raw
//! result register. The `_readonly` variants tell the compiler that the call
//! only reads memory (`getpid`, `write`, `close`), which lets it keep values
//! in registers across the call.
//!
//! # When `_readonly` is right
//!
//! The compiler takes a `_readonly` call to write no memory at all, so the
//! test is whether anything the program can observe is written *during*
//! the call, by the kernel or by code running in this thread:
//!
//! - the kernel must write no user memory: no out-parameter, no buffer, no
//!   structure holding an address it fills (`setsockopt` with a raw value
//!   may carry one, so [`set_raw`](crate::net::sockopt::set_raw) is not
//!   `_readonly`; the typed options are plain values);
//! - no signal handler may run in this thread as the call's own effect
//!   before it returns: a signal the call sends to the caller (`kill`,
//!   `tgkill`, `pidfd_send_signal`, which behave like C's `raise`), or a
//!   wait whose purpose is a handler (`rt_sigsuspend`). Those use the plain
//!   calls. A handler that merely interrupts a call (a signal from elsewhere
//!   arriving during `write`, `futex` or `clock_nanosleep`, a `SIGPIPE`
//!   from a write to a closed pipe, a seccomp `SIGSYS`) is asynchronous to
//!   the program as to C: it may share data with the interrupted code only
//!   through atomics (anything else is a data race, undefined whatever the
//!   call), and a load after the call may then see the value from before
//!   the handler's store, an outcome an asynchronous handler allows
//!   anyway. Such a call stays `_readonly`.
//!
//! Each `_readonly` use in the crate passes both tests; the `SAFETY`
//! comment of a plain call that looks read-only says which one it fails.
//! `syscall1_noreturn` is for `exit` and `exit_group`. On i386 the module
//! also has `entry` (the address every call goes through,
//! `__kernel_vsyscall` once auxv names it) and `int80`, the same calls
//! always through `int $0x80`. On x86_64, `int80` makes the same 32-bit
//! calls from 64-bit code: i386 numbers, 32-bit arguments.
//!
//! A raw result in `[-4095, -1]` is an error number; [`check`] decodes it.
//! The [`syscall!`](crate::syscall) and
//! [`syscall_readonly!`](crate::syscall_readonly) macros do both steps.
//!
//! # Safety
//!
//! Every function here is `unsafe`: a system call can write to any address it
//! is handed, end the process, unmap memory the program still uses, or close
//! an fd that something else owns. The caller must pass arguments that are
//! valid for that particular call, as its man page describes.

use crate::Errno;

pub(crate) mod arg;
pub(crate) mod off;
pub use arg::SyscallArg;
pub(crate) use off::syscall_off;

/// The largest error number the kernel returns: raw values in
/// `[-MAX_ERRNO, -1]` are errors (`include/linux/err.h`).
pub const MAX_ERRNO: usize = 4095;

// The entry stubs of the running architecture: `syscall0`..`syscall6`, their
// `_readonly` twins and `syscall1_noreturn` everywhere, and what else an
// architecture offers (i386: `entry` and the slow path `int80`; x86_64:
// `int80`, into the 32-bit table).
pub use crate::arch::*;

/// Decodes a raw system call result: values in `[-4095, -1]` (as `usize`)
/// are `Err(errno)`, every other value — including addresses near the top of
/// the address space such as `-4096` — is `Ok`.
#[inline(always)]
pub const fn check(ret: usize) -> crate::Result<usize> {
    if ret > usize::MAX - MAX_ERRNO {
        // The value is in [1, 4095] after negation, so the cast is lossless.
        Err(Errno::from_raw_unchecked(ret.wrapping_neg() as u16))
    } else {
        Ok(ret)
    }
}

/// The fd a successful call just created (`open`, `socket`, `dup`, …), as
/// the [`OwnedFd`](crate::OwnedFd) that now owns it: the one conversion from
/// a result register to an fd. (Success values of such calls are in
/// `[0, INT_MAX]`, so the cast to `RawFd` is lossless.)
///
/// # Safety
///
/// `ret` must be the success value of a call that returns a new fd, which
/// nothing else owns.
#[inline(always)]
pub(crate) unsafe fn owned_fd(ret: usize) -> crate::OwnedFd {
    // SAFETY: the caller's guarantee: a fresh fd nobody else owns.
    unsafe { crate::OwnedFd::from_raw_fd(ret as crate::RawFd) }
}

/// Makes a system call and decodes its result into [`Result<usize>`](crate::Result).
///
/// `syscall!(nr, a1, …, a6)` with 0 to 6 arguments; `nr` is a
/// [`Sysno`](crate::Sysno) or a number, and each argument is any
/// [`SyscallArg`]: pointers, fds, flag types, and integers that fit a
/// register (negative integers sign-extend, which is what the kernel expects
/// of an `int` such as `AT_FDCWD`). Anything else, such as a `u64` on a
/// 32-bit target, does not compile.
///
/// # Safety
///
/// It expands to an `unsafe` call: use it inside an `unsafe` block whose
/// `// SAFETY:` comment says why the arguments are valid for that call.
#[macro_export]
macro_rules! syscall {
    ($nr:expr $(, $a:expr)* $(,)?) => {
        $crate::__syscall!(
            [syscall0 syscall1 syscall2 syscall3 syscall4 syscall5 syscall6] $nr; ; $($a),*
        )
    };
}

/// Like [`syscall!`], for calls that only read the memory they are given
/// (the compiler may then keep values in registers across the call).
///
/// # Safety
///
/// As for [`syscall!`]; the call must not write user memory.
#[macro_export]
macro_rules! syscall_readonly {
    ($nr:expr $(, $a:expr)* $(,)?) => {
        $crate::__syscall!(
            [syscall0_readonly syscall1_readonly syscall2_readonly syscall3_readonly
             syscall4_readonly syscall5_readonly syscall6_readonly] $nr; ; $($a),*
        )
    };
}

/// Picks `syscallN` by counting the arguments: each argument consumed drops
/// one function name from the front of the list.
#[doc(hidden)]
#[macro_export]
macro_rules! __syscall {
    ([$f:ident $($fs:ident)*] $nr:expr; $($done:expr),*; ) => {
        $crate::raw::check($crate::raw::$f(
            $crate::raw::SyscallArg::reg($nr) $(, $crate::raw::SyscallArg::reg($done))*
        ))
    };
    ([$f:ident $($fs:ident)*] $nr:expr; $($done:expr),*; $a:expr $(, $rest:expr)*) => {
        $crate::__syscall!([$($fs)*] $nr; $($done,)* $a; $($rest),*)
    };
}
