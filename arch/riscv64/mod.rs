//! riscv64 system call entry.
//!
//! | instruction | number | arguments              | return | clobbers         |
//! |-------------|--------|------------------------|--------|------------------|
//! | `ecall`     | a7     | a0, a1, a2, a3, a4, a5 | a0     | v0–v31 (with V)  |
//!
//! The kernel preserves the general-purpose and floating-point registers.
//! Vector state is different: the V specification lets a system call clobber
//! it, and Linux discards it on every syscall entry
//! (`Documentation/arch/riscv/vector.rst`). When the program is built with
//! the `v` target feature the compiler may hold live values in vector
//! registers, so the calls then name all 32 as clobbered; without it the
//! compiler never uses them and the list is empty.

use core::arch::asm;

cfg_if::cfg_if! {
    if #[cfg(target_feature = "v")] {
        crate::arch_generic::stubs::syscall_fns! {
            entry: ("ecall", "a7" => "a0"),
            args: ["a0", "a1", "a2", "a3", "a4", "a5"],
            clobbers: [
                out("v0") _, out("v1") _, out("v2") _, out("v3") _, out("v4") _, out("v5") _,
                out("v6") _, out("v7") _, out("v8") _, out("v9") _, out("v10") _, out("v11") _,
                out("v12") _, out("v13") _, out("v14") _, out("v15") _, out("v16") _,
                out("v17") _, out("v18") _, out("v19") _, out("v20") _, out("v21") _,
                out("v22") _, out("v23") _, out("v24") _, out("v25") _, out("v26") _,
                out("v27") _, out("v28") _, out("v29") _, out("v30") _, out("v31") _,
            ],
            options: [nostack, preserves_flags],
        }
    } else {
        crate::arch_generic::stubs::syscall_fns! {
            entry: ("ecall", "a7" => "a0"),
            args: ["a0", "a1", "a2", "a3", "a4", "a5"],
            clobbers: [],
            options: [nostack, preserves_flags],
        }
    }
}

/// `exit`/`exit_group`: the call never returns.
///
/// # Safety
///
/// `n` must be a call that does not return (`exit`, `exit_group`).
#[inline(always)]
pub unsafe fn syscall1_noreturn(n: usize, a1: usize) -> ! {
    // SAFETY: the caller passes a call that ends the thread or process.
    unsafe { asm!("ecall", in("a7") n, in("a0") a1, options(noreturn, nostack)) }
}
pub(crate) mod abi;
pub(crate) mod mem;
pub(crate) mod signal;
mod start;

pub(crate) use crate::arch_generic::vfork_by_clone as vfork;
