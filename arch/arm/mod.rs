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
//! r7 is also the frame pointer of Thumb code, and Rust refuses it as an
//! asm operand there; sysgate therefore needs Arm (A32) code and refuses to
//! build for Thumb targets (`thumbv7neon-*`) with a compile error.

#[cfg(target_feature = "thumb-mode")]
compile_error!(
    "sysgate: 32-bit arm needs Arm (A32) code: in Thumb mode r7, the system \
     call number register, is the frame pointer, which asm may not use. \
     Build for armv7-unknown-linux-gnueabihf (or another non-thumb arm target)."
);

use core::arch::asm;

crate::arch_generic::stubs::syscall_fns! {
    entry: ("svc 0", "r7" => "r0"),
    args: ["r0", "r1", "r2", "r3", "r4", "r5"],
    clobbers: [],
    options: [nostack, preserves_flags],
}

/// `exit`/`exit_group`: the call never returns.
///
/// # Safety
///
/// `n` must be a call that does not return (`exit`, `exit_group`).
#[inline(always)]
pub unsafe fn syscall1_noreturn(n: usize, a1: usize) -> ! {
    // SAFETY: the caller passes a call that ends the thread or process.
    unsafe { asm!("svc 0", in("r7") n, in("r0") a1, options(noreturn, nostack)) }
}
pub(crate) mod abi;
pub(crate) mod signal;
mod start;
