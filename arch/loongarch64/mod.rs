//! loongarch64 system call entry.
//!
//! | instruction | number | arguments              | return | clobbers |
//! |-------------|--------|------------------------|--------|----------|
//! | `syscall 0` | a7     | a0, a1, a2, a3, a4, a5 | a0     | t0–t8    |
//!
//! The kernel may clobber the temporaries t0–t8 (`$r12`–`$r20`), as musl's
//! and the kernel's own `syscall` wrappers declare; it preserves every other
//! register and does not touch the user stack.

use core::arch::asm;

crate::arch_generic::stubs::syscall_fns! {
    entry: ("syscall 0", "$a7" => "$a0"),
    args: ["$a0", "$a1", "$a2", "$a3", "$a4", "$a5"],
    clobbers: [
        lateout("$t0") _, lateout("$t1") _, lateout("$t2") _, lateout("$t3") _,
        lateout("$t4") _, lateout("$t5") _, lateout("$t6") _, lateout("$t7") _,
        lateout("$t8") _,
    ],
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
    unsafe { asm!("syscall 0", in("$a7") n, in("$a0") a1, options(noreturn, nostack)) }
}
pub(crate) mod abi;
pub(crate) mod mem;
pub(crate) mod signal;
mod start;

pub(crate) use crate::arch_generic::vfork_by_clone as vfork;
