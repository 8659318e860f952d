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

/// `vfork(2)`, which this architecture only has as `clone(2)` with
/// `CLONE_VM | CLONE_VFORK | SIGCHLD` and no new stack. The trap
/// instruction uses no stack, so the child, running on the parent's stack,
/// leaves the parent's frames intact.
///
/// # Safety
///
/// The contract of [`crate::process::vfork`].
#[inline(always)]
pub(crate) unsafe fn vfork() -> usize {
    const FLAGS: usize = 0x100 | 0x4000 | 17; // CLONE_VM | CLONE_VFORK | SIGCHLD
                                              // SAFETY: forwarded from the caller.
    unsafe { syscall5(crate::Sysno::clone as usize, FLAGS, 0, 0, 0, 0) }
}
