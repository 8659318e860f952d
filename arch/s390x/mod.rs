//! s390x system call entry.
//!
//! | instruction | number | arguments              | return | clobbers |
//! |-------------|--------|------------------------|--------|----------|
//! | `svc 0`     | r1     | r2, r3, r4, r5, r6, r7 | r2     | none     |
//!
//! The number goes in r1 (`svc 0`; the instruction's own 8-bit field only
//! reaches calls below 256, so sysgate always uses r1). The kernel
//! preserves every register but r2, the condition code and the access
//! registers included, and does not touch the user stack. Errors come back
//! as `[-4095, -1]` in r2, as on the other architectures. s390x is
//! big-endian: the layouts in `abi.rs` and every byte-order assumption of
//! the crate are tested here.

use core::arch::asm;

crate::arch_generic::stubs::syscall_fns! {
    entry: ("svc 0", "r1" => "r2"),
    args: ["r2", "r3", "r4", "r5", "r6", "r7"],
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
    unsafe { asm!("svc 0", in("r1") n, in("r2") a1, options(noreturn, nostack)) }
}
pub(crate) mod abi;
pub(crate) mod mem;
pub(crate) mod signal;
mod start;

pub(crate) use crate::arch_generic::vfork_by_clone as vfork;
