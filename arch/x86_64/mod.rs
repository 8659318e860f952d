//! x86_64 system call entry.
//!
//! | instruction | number | arguments                 | return | clobbers  |
//! |-------------|--------|---------------------------|--------|-----------|
//! | `syscall`   | rax    | rdi, rsi, rdx, r10, r8, r9 | rax    | rcx, r11  |
//!
//! `syscall` stores the return address in rcx and rflags in r11; `sysret`
//! restores rflags from r11, so the flags survive. The kernel does not touch
//! the user stack.

use core::arch::asm;

crate::arch_generic::stubs::syscall_fns! {
    entry: ("syscall", "rax" => "rax"),
    args: ["rdi", "rsi", "rdx", "r10", "r8", "r9"],
    clobbers: [lateout("rcx") _, lateout("r11") _,],
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
    unsafe { asm!("syscall", in("rax") n, in("rdi") a1, options(noreturn, nostack)) }
}
pub(crate) mod abi;
pub(crate) mod mem;
pub(crate) mod signal;
mod start;

/// `vfork(2)`. `syscall` uses no stack, so the child, running on the
/// parent's stack, leaves the parent's frames intact.
///
/// # Safety
///
/// The contract of [`crate::process::vfork`].
#[inline(always)]
pub(crate) unsafe fn vfork() -> usize {
    // SAFETY: forwarded from the caller.
    unsafe { syscall0(crate::Sysno::vfork as usize) }
}
