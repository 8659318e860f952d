//! aarch64 system call entry.
//!
//! | instruction | number | arguments          | return | clobbers |
//! |-------------|--------|--------------------|--------|----------|
//! | `svc 0`     | x8     | x0, x1, x2, x3, x4, x5 | x0     | none     |
//!
//! The kernel preserves every other general-purpose, SIMD and flag register
//! and does not touch the user stack.

use core::arch::asm;

crate::arch_generic::stubs::syscall_fns! {
    entry: ("svc 0", "x8" => "x0"),
    args: ["x0", "x1", "x2", "x3", "x4", "x5"],
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
    unsafe { asm!("svc 0", in("x8") n, in("x0") a1, options(noreturn, nostack)) }
}
pub(crate) mod abi;
pub(crate) mod mem;
pub(crate) mod signal;
mod start;

pub(crate) use crate::arch_generic::vfork_by_clone as vfork;
