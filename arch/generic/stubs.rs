//! The entry stub template: `syscall0`..`syscall6` for an architecture
//! whose system call is one instruction with every argument in a register.

/// Generates `syscall0`..`syscall6` and their `_readonly` twins for an
/// architecture whose entry is one instruction with every argument in a
/// register. Clobbers are written each followed by a comma. (i386 needs more
/// than one instruction and writes its own.)
#[allow(unused_macros)] // i386 writes its own
macro_rules! syscall_fns {
    (
        entry: ($insn:literal, $nr:tt => $ret:tt),
        args: [$r1:tt, $r2:tt, $r3:tt, $r4:tt, $r5:tt, $r6:tt],
        clobbers: [$($clob:tt)*],
        options: [$($opt:ident),*],
    ) => {
        $crate::arch_generic::stubs::syscall_fns!(@one syscall0 syscall0_readonly, $insn, $nr, $ret, [$($clob)*], [$($opt),*];);
        $crate::arch_generic::stubs::syscall_fns!(@one syscall1 syscall1_readonly, $insn, $nr, $ret, [$($clob)*], [$($opt),*]; a1 $r1);
        $crate::arch_generic::stubs::syscall_fns!(@one syscall2 syscall2_readonly, $insn, $nr, $ret, [$($clob)*], [$($opt),*]; a1 $r1, a2 $r2);
        $crate::arch_generic::stubs::syscall_fns!(@one syscall3 syscall3_readonly, $insn, $nr, $ret, [$($clob)*], [$($opt),*]; a1 $r1, a2 $r2, a3 $r3);
        $crate::arch_generic::stubs::syscall_fns!(@one syscall4 syscall4_readonly, $insn, $nr, $ret, [$($clob)*], [$($opt),*]; a1 $r1, a2 $r2, a3 $r3, a4 $r4);
        $crate::arch_generic::stubs::syscall_fns!(@one syscall5 syscall5_readonly, $insn, $nr, $ret, [$($clob)*], [$($opt),*]; a1 $r1, a2 $r2, a3 $r3, a4 $r4, a5 $r5);
        $crate::arch_generic::stubs::syscall_fns!(@one syscall6 syscall6_readonly, $insn, $nr, $ret, [$($clob)*], [$($opt),*]; a1 $r1, a2 $r2, a3 $r3, a4 $r4, a5 $r5, a6 $r6);
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
#[allow(unused_imports)] // as above
pub(crate) use syscall_fns;
