//! 32-bit arm (EABI) system call entry.
//!
//! | instruction | number | arguments              | return | clobbers |
//! |-------------|--------|------------------------|--------|----------|
//! | `svc 0`     | r7     | r0, r1, r2, r3, r4, r5 | r0     | none     |
//!
//! The EABI passes the number in r7 (the old ABI encoded it in the `svc`
//! instruction; sysgate supports EABI only). The kernel preserves every
//! other register and the flags, and does not touch the user stack. A
//! 64-bit argument takes an even/odd register pair, skipping a register
//! when needed (`abi::ALIGNED_PAIRS`).
//!
//! r7 is also the frame pointer of Thumb code, and Rust refuses it as an asm
//! operand there. On Thumb targets (`thumbv7neon-*`, `thumbv7a-*`: build.rs
//! sets `sysgate_thumb` by the target's name, as stable Rust does not expose
//! the `thumb-mode` feature to `cfg`) the stubs therefore save r7 in a
//! scratch register, load the number into it, and restore it after `svc`
//! (two more moves per call; while the call runs, a frame-pointer unwinder
//! would see the number instead of a frame). Thumb mode switched on with
//! `-C target-feature=+thumb-mode` on an Arm target is not detected: the
//! build then fails with rustc's "the frame pointer (r7) cannot be used".

use core::arch::asm;

#[cfg(not(sysgate_thumb))]
crate::arch_generic::stubs::syscall_fns! {
    entry: ("svc 0", "r7" => "r0"),
    args: ["r0", "r1", "r2", "r3", "r4", "r5"],
    clobbers: [],
    options: [nostack, preserves_flags],
}

/// Thumb mode: `syscall0`..`syscall6` with r7 saved around the call.
#[cfg(sysgate_thumb)]
macro_rules! thumb_fns {
    ($($name:ident $ro:ident ($($a:ident $r:tt),*);)*) => {$(
        /// Makes system call `n` with the arguments in order; returns the raw
        /// result register (see [`check`](crate::raw::check)).
        ///
        /// # Safety
        ///
        /// The arguments must be valid for call `n` (see the module docs).
        #[inline(always)]
        pub unsafe fn $name(n: usize $(, $a: usize)*) -> usize {
            let ret;
            // SAFETY: the caller vouches for the call; r7 is restored
            // before the asm ends.
            unsafe {
                asm!("mov {tmp}, r7", "mov r7, {nr}", "svc 0", "mov r7, {tmp}",
                     nr = in(reg) n, tmp = out(reg) _, $(in($r) $a,)* lateout("r0") ret,
                     options(nostack, preserves_flags))
            };
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
            unsafe {
                asm!("mov {tmp}, r7", "mov r7, {nr}", "svc 0", "mov r7, {tmp}",
                     nr = in(reg) n, tmp = out(reg) _, $(in($r) $a,)* lateout("r0") ret,
                     options(nostack, preserves_flags, readonly))
            };
            ret
        }
    )*};
}
#[cfg(sysgate_thumb)]
thumb_fns! {
    syscall0 syscall0_readonly ();
    syscall1 syscall1_readonly (a1 "r0");
    syscall2 syscall2_readonly (a1 "r0", a2 "r1");
    syscall3 syscall3_readonly (a1 "r0", a2 "r1", a3 "r2");
    syscall4 syscall4_readonly (a1 "r0", a2 "r1", a3 "r2", a4 "r3");
    syscall5 syscall5_readonly (a1 "r0", a2 "r1", a3 "r2", a4 "r3", a5 "r4");
    syscall6 syscall6_readonly (a1 "r0", a2 "r1", a3 "r2", a4 "r3", a5 "r4", a6 "r5");
}

/// `exit`/`exit_group`: the call never returns.
///
/// # Safety
///
/// `n` must be a call that does not return (`exit`, `exit_group`).
#[inline(always)]
pub unsafe fn syscall1_noreturn(n: usize, a1: usize) -> ! {
    // SAFETY: the caller passes a call that ends the thread or process (in
    // Thumb mode, r7 need not be restored: nothing runs after).
    unsafe {
        #[cfg(not(sysgate_thumb))]
        asm!("svc 0", in("r7") n, in("r0") a1, options(noreturn, nostack));
        #[cfg(sysgate_thumb)]
        asm!("mov r7, {nr}", "svc 0", nr = in(reg) n, in("r0") a1, options(noreturn, nostack));
    }
}
pub(crate) mod abi;
pub(crate) mod mem;
pub(crate) mod signal;
mod start;

pub(crate) use crate::arch_generic::vfork_by_clone as vfork;
