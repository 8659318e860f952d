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
//! `syscall1_noreturn` is for `exit` and `exit_group`.
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

/// The largest error number the kernel returns: raw values in
/// `[-MAX_ERRNO, -1]` are errors (`include/linux/err.h`).
pub const MAX_ERRNO: usize = 4095;

pub use crate::arch::{
    syscall0, syscall0_readonly, syscall1, syscall1_noreturn, syscall1_readonly, syscall2,
    syscall2_readonly, syscall3, syscall3_readonly, syscall4, syscall4_readonly, syscall5,
    syscall5_readonly, syscall6, syscall6_readonly,
};

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

/// Makes a system call and decodes its result into [`Result<usize>`](crate::Result).
///
/// `syscall!(nr, a1, …, a6)` with 0 to 6 arguments; `nr` is a
/// [`Sysno`](crate::Sysno) or a number, and each argument is converted with
/// `as usize` (pointers, integers; negative integers sign-extend, which is
/// what the kernel expects of an `int` such as `AT_FDCWD`).
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
        $crate::raw::check($crate::raw::$f($nr as usize $(, $done as usize)*))
    };
    ([$f:ident $($fs:ident)*] $nr:expr; $($done:expr),*; $a:expr $(, $rest:expr)*) => {
        $crate::__syscall!([$($fs)*] $nr; $($done,)* $a; $($rest),*)
    };
}

/// Generates `syscall0`..`syscall6` and their `_readonly` twins for an
/// architecture whose entry is one instruction with every argument in a
/// register. Clobbers are written each followed by a comma. (i386 needs more
/// than one instruction and writes its own.)
#[cfg(not(target_arch = "x86"))]
macro_rules! syscall_fns {
    (
        entry: ($insn:literal, $nr:tt => $ret:tt),
        args: [$r1:tt, $r2:tt, $r3:tt, $r4:tt, $r5:tt, $r6:tt],
        clobbers: [$($clob:tt)*],
        options: [$($opt:ident),*],
    ) => {
        $crate::raw::syscall_fns!(@one syscall0 syscall0_readonly, $insn, $nr, $ret, [$($clob)*], [$($opt),*];);
        $crate::raw::syscall_fns!(@one syscall1 syscall1_readonly, $insn, $nr, $ret, [$($clob)*], [$($opt),*]; a1 $r1);
        $crate::raw::syscall_fns!(@one syscall2 syscall2_readonly, $insn, $nr, $ret, [$($clob)*], [$($opt),*]; a1 $r1, a2 $r2);
        $crate::raw::syscall_fns!(@one syscall3 syscall3_readonly, $insn, $nr, $ret, [$($clob)*], [$($opt),*]; a1 $r1, a2 $r2, a3 $r3);
        $crate::raw::syscall_fns!(@one syscall4 syscall4_readonly, $insn, $nr, $ret, [$($clob)*], [$($opt),*]; a1 $r1, a2 $r2, a3 $r3, a4 $r4);
        $crate::raw::syscall_fns!(@one syscall5 syscall5_readonly, $insn, $nr, $ret, [$($clob)*], [$($opt),*]; a1 $r1, a2 $r2, a3 $r3, a4 $r4, a5 $r5);
        $crate::raw::syscall_fns!(@one syscall6 syscall6_readonly, $insn, $nr, $ret, [$($clob)*], [$($opt),*]; a1 $r1, a2 $r2, a3 $r3, a4 $r4, a5 $r5, a6 $r6);
    };
    (@one $name:ident $ro:ident, $insn:literal, $nr:tt, $ret:tt, [$($clob:tt)*], [$($opt:ident),*]; $($a:ident $r:tt),*) => {
        /// Makes system call `n` with the arguments in order; returns the raw
        /// result register (see [`check`](crate::raw::check)).
        ///
        /// # Safety
        ///
        /// The arguments must be valid for call `n` (see the module docs).
        #[inline(always)]
        pub unsafe fn $name(n: usize $(, $a: usize)*) -> usize {
            let ret;
            // SAFETY: the caller vouches for the call; the asm follows the
            // kernel's register convention given at the top of this file.
            unsafe { asm!($insn, in($nr) n, $(in($r) $a,)* lateout($ret) ret, $($clob)* options($($opt),*)) };
            ret
        }

        /// Like the call without `_readonly`, for calls that write no user memory.
        ///
        /// # Safety
        ///
        /// As for the plain variant; the call must not write user memory.
        #[inline(always)]
        pub unsafe fn $ro(n: usize $(, $a: usize)*) -> usize {
            let ret;
            // SAFETY: as above; the call only reads user memory.
            unsafe { asm!($insn, in($nr) n, $(in($r) $a,)* lateout($ret) ret, $($clob)* options($($opt,)* readonly)) };
            ret
        }
    };
}
#[cfg(not(target_arch = "x86"))]
pub(crate) use syscall_fns;
