//! powerpc64 (little-endian, ELFv2) system call entry.
//!
//! | instruction                     | number | arguments              | return | clobbers                  |
//! |---------------------------------|--------|------------------------|--------|---------------------------|
//! | `sc`, then `bns+ 1f; neg 3,3`   | r0     | r3, r4, r5, r6, r7, r8 | r3     | r0, r4–r12, cr0, ctr, xer |
//!
//! powerpc reports an error differently from the other architectures: the
//! kernel sets the summary-overflow bit of condition register field 0
//! (cr0.SO) and returns the *positive* error number in r3. The stub turns
//! that into the usual `-errno` itself (`bns+` skips the `neg` when SO is
//! clear, as musl does), so that [`check`](crate::raw::check) decodes
//! `[-4095, -1]` here too. The kernel may change r0 and r4–r12, cr0, ctr and
//! xer (`Documentation/arch/powerpc/syscall64-abi.rst`: volatile across
//! `sc`); it preserves lr, the other registers and fields, and does not touch
//! the user stack.

use core::arch::asm;

/// One `sc` with all six argument registers; unused ones carry 0.
macro_rules! sc {
    ($name:ident, [$($opt:ident),*]) => {
        #[inline(always)]
        #[allow(clippy::too_many_arguments)]
        unsafe fn $name(
            n: usize, a1: usize, a2: usize, a3: usize, a4: usize, a5: usize, a6: usize,
        ) -> usize {
            let ret;
            // SAFETY: the caller vouches for the call; the asm follows the
            // register convention above.
            unsafe {
                asm!(
                    "sc",
                    "bns+ 1f",
                    "neg 3, 3",
                    "1:",
                    inlateout("r0") n => _,
                    inlateout("r3") a1 => ret,
                    inlateout("r4") a2 => _,
                    inlateout("r5") a3 => _,
                    inlateout("r6") a4 => _,
                    inlateout("r7") a5 => _,
                    inlateout("r8") a6 => _,
                    lateout("r9") _, lateout("r10") _, lateout("r11") _, lateout("r12") _,
                    lateout("cr0") _, lateout("ctr") _, lateout("xer") _,
                    options(nostack $(, $opt)*)
                )
            };
            ret
        }
    };
}
sc!(sc6, []);
sc!(sc6_readonly, [readonly]);

macro_rules! syscall_fns {
    ($($name:ident $ro:ident ($($a:ident),*) ($($x:expr),*);)*) => {$(
        /// Makes system call `n` with the arguments in order; returns the raw
        /// result register, `-errno` on failure (see
        /// [`check`](crate::raw::check)).
        ///
        /// # Safety
        ///
        /// The arguments must be valid for call `n`.
        #[inline(always)]
        pub unsafe fn $name(n: usize $(, $a: usize)*) -> usize {
            // SAFETY: forwarded from the caller.
            unsafe { sc6(n, $($x),*) }
        }

        /// Like the call without `_readonly`, for calls that write no user memory.
        ///
        /// # Safety
        ///
        /// As for the plain variant; the call must not write user memory.
        #[inline(always)]
        pub unsafe fn $ro(n: usize $(, $a: usize)*) -> usize {
            // SAFETY: forwarded from the caller.
            unsafe { sc6_readonly(n, $($x),*) }
        }
    )*};
}
syscall_fns! {
    syscall0 syscall0_readonly () (0, 0, 0, 0, 0, 0);
    syscall1 syscall1_readonly (a1) (a1, 0, 0, 0, 0, 0);
    syscall2 syscall2_readonly (a1, a2) (a1, a2, 0, 0, 0, 0);
    syscall3 syscall3_readonly (a1, a2, a3) (a1, a2, a3, 0, 0, 0);
    syscall4 syscall4_readonly (a1, a2, a3, a4) (a1, a2, a3, a4, 0, 0);
    syscall5 syscall5_readonly (a1, a2, a3, a4, a5) (a1, a2, a3, a4, a5, 0);
    syscall6 syscall6_readonly (a1, a2, a3, a4, a5, a6) (a1, a2, a3, a4, a5, a6);
}

/// `exit`/`exit_group`: the call never returns.
///
/// # Safety
///
/// `n` must be a call that does not return (`exit`, `exit_group`).
#[inline(always)]
pub unsafe fn syscall1_noreturn(n: usize, a1: usize) -> ! {
    // SAFETY: the caller passes a call that ends the thread or process.
    unsafe { asm!("sc", in("r0") n, in("r3") a1, options(noreturn, nostack)) }
}
pub(crate) mod abi;
pub(crate) mod mem;
pub(crate) mod signal;
mod start;

pub(crate) use crate::arch_generic::vfork_by_clone as vfork;
