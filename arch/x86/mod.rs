//! i386 system call entry.
//!
//! | instruction                                  | number | arguments                    | return | clobbers |
//! |----------------------------------------------|--------|------------------------------|--------|----------|
//! | `call *entry`: `__kernel_vsyscall` or `int $0x80` | eax    | ebx, ecx, edx, esi, edi, ebp | eax    | flags    |
//!
//! The fast entry is `__kernel_vsyscall` in the vDSO, whose address the
//! kernel passes in auxv as `AT_SYSINFO` (it enters with `sysenter`, which a
//! program may not execute itself). It preserves every register but eax,
//! uses the stack, and does not preserve flags. Until that address is known,
//! and where the kernel gives none, `entry` is a two-instruction stub doing
//! `int $0x80` with the same convention; [`int80`] always uses it.
//!
//! Rust refuses esi and ebp as asm operands (LLVM may use them as base and
//! frame pointer), so the 4- to 6-argument calls pass ebx, esi, ebp and the
//! entry in a small block in memory that the asm loads itself, saving and
//! restoring esi and ebp around the call.

use core::arch::{asm, naked_asm};
use core::sync::atomic::{AtomicUsize, Ordering::Relaxed};

/// The entry in use: 0 until first use, then the stub, then `AT_SYSINFO`.
static ENTRY: AtomicUsize = AtomicUsize::new(0);

/// `int $0x80` with the calling convention of `__kernel_vsyscall`.
#[unsafe(naked)]
unsafe extern "C" fn int80_entry() {
    naked_asm!("int 0x80", "ret")
}

/// The address every system call goes through: `__kernel_vsyscall` when
/// auxv names it (`AT_SYSINFO`), else the `int $0x80` stub.
#[inline(always)]
pub fn entry() -> usize {
    match ENTRY.load(Relaxed) {
        0 => init_entry(),
        e => e,
    }
}

#[cold]
#[inline(never)]
fn init_entry() -> usize {
    let stub = int80_entry as *const () as usize;
    // Reading auxv makes system calls of its own: let them use the stub.
    ENTRY.store(stub, Relaxed);
    let e = crate::auxv::get(crate::auxv::AT_SYSINFO).unwrap_or(stub);
    ENTRY.store(e, Relaxed);
    e
}

macro_rules! call_asm {
    ($name:ident, [$($opt:ident),*]) => {
        /// Up to three arguments, all in registers Rust lets asm name.
        #[inline(always)]
        unsafe fn $name(entry: usize, n: usize, a1: usize, a2: usize, a3: usize) -> usize {
            let ret;
            // SAFETY: `entry` follows the convention above; the caller
            // vouches for the call.
            unsafe {
                asm!("call {entry}", entry = in(reg) entry, inlateout("eax") n => ret,
                     in("ebx") a1, in("ecx") a2, in("edx") a3, options($($opt),*))
            };
            ret
        }
    };
    ($name:ident, 6, [$($opt:ident),*]) => {
        /// Four to six arguments: ebx, esi, ebp and the entry come from `block`.
        #[inline(always)]
        #[allow(clippy::too_many_arguments)]
        unsafe fn $name(
            entry: usize, n: usize, a1: usize, a2: usize, a3: usize, a4: usize, a5: usize,
            a6: usize,
        ) -> usize {
            let block = [a1, a4, a6, entry];
            let ret;
            // SAFETY: esi and ebp are saved and restored around the call;
            // `block` outlives the asm; the caller vouches for the call.
            unsafe {
                asm!(
                    "push ebp",
                    "push esi",
                    "mov esi, [ebx + 4]",
                    "mov ebp, [ebx + 8]",
                    "push dword ptr [ebx + 12]",
                    "mov ebx, [ebx]",
                    "call dword ptr [esp]",
                    "add esp, 4",
                    "pop esi",
                    "pop ebp",
                    inlateout("eax") n => ret, inout("ebx") block.as_ptr() => _,
                    in("ecx") a2, in("edx") a3, in("edi") a5, options($($opt),*)
                )
            };
            ret
        }
    };
}
call_asm!(call3, []);
call_asm!(call3_readonly, [readonly]);
call_asm!(call6, 6, []);
call_asm!(call6_readonly, 6, [readonly]);

/// `syscall0`..`syscall6` and `_readonly` twins through the entry `$entry`.
macro_rules! syscall_fns_via {
    ($entry:expr) => {
        syscall_fns_via!(@ $entry; syscall0 syscall0_readonly () 3(0, 0, 0));
        syscall_fns_via!(@ $entry; syscall1 syscall1_readonly (a1) 3(a1, 0, 0));
        syscall_fns_via!(@ $entry; syscall2 syscall2_readonly (a1, a2) 3(a1, a2, 0));
        syscall_fns_via!(@ $entry; syscall3 syscall3_readonly (a1, a2, a3) 3(a1, a2, a3));
        syscall_fns_via!(@ $entry; syscall4 syscall4_readonly (a1, a2, a3, a4)
            6(a1, a2, a3, a4, 0, 0));
        syscall_fns_via!(@ $entry; syscall5 syscall5_readonly (a1, a2, a3, a4, a5)
            6(a1, a2, a3, a4, a5, 0));
        syscall_fns_via!(@ $entry; syscall6 syscall6_readonly (a1, a2, a3, a4, a5, a6)
            6(a1, a2, a3, a4, a5, a6));
    };
    (@ $entry:expr; $name:ident $ro:ident ($($a:ident),*) 3($($x:expr),*)) => {
        syscall_fns_via!(@@ $entry; $name $ro ($($a),*) call3 call3_readonly ($($x),*));
    };
    (@ $entry:expr; $name:ident $ro:ident ($($a:ident),*) 6($($x:expr),*)) => {
        syscall_fns_via!(@@ $entry; $name $ro ($($a),*) call6 call6_readonly ($($x),*));
    };
    (@@ $entry:expr; $name:ident $ro:ident ($($a:ident),*) $call:ident $call_ro:ident ($($x:expr),*)) => {
        /// Makes system call `n` with the arguments in order; returns the raw
        /// result register (see [`check`](crate::raw::check)).
        ///
        /// # Safety
        ///
        /// The arguments must be valid for call `n`.
        #[inline(always)]
        pub unsafe fn $name(n: usize $(, $a: usize)*) -> usize {
            // SAFETY: forwarded from the caller.
            unsafe { super::$call($entry, n $(, $x)*) }
        }

        /// Like the call without `_readonly`, for calls that write no user memory.
        ///
        /// # Safety
        ///
        /// As for the plain variant; the call must not write user memory.
        #[inline(always)]
        pub unsafe fn $ro(n: usize $(, $a: usize)*) -> usize {
            // SAFETY: forwarded from the caller.
            unsafe { super::$call_ro($entry, n $(, $x)*) }
        }
    };
}

mod fast {
    syscall_fns_via!(super::entry());
}
pub use fast::*;

/// The same calls, always through `int $0x80` (slow: for tests, comparison,
/// and code that must not depend on auxv).
pub mod int80 {
    syscall_fns_via!(super::int80_entry as *const () as usize);
}

/// `exit`/`exit_group`: the call never returns. Uses `int $0x80`, which
/// needs no state.
///
/// # Safety
///
/// `n` must be a call that does not return (`exit`, `exit_group`).
#[inline(always)]
pub unsafe fn syscall1_noreturn(n: usize, a1: usize) -> ! {
    // SAFETY: the caller passes a call that ends the thread or process.
    unsafe { asm!("int 0x80", in("eax") n, in("ebx") a1, options(noreturn, nostack)) }
}
pub(crate) mod abi;
pub(crate) mod mem;
pub(crate) mod signal;
mod start;

/// `vfork(2)` by `int $0x80`, never through `__kernel_vsyscall`: that
/// entry keeps its return address and saved registers on the stack, which
/// the child, running on the parent's stack, overwrites before the parent
/// resumes there (as glibc's i386 `vfork` also avoids).
///
/// # Safety
///
/// The contract of [`crate::process::vfork`].
#[inline(always)]
pub(crate) unsafe fn vfork() -> usize {
    let ret;
    // SAFETY: `int $0x80` with only eax, which it returns in; forwarded
    // from the caller.
    unsafe {
        asm!("int 0x80", inlateout("eax") crate::Sysno::vfork as usize => ret,
             options(nostack))
    };
    ret
}
