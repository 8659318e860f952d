//! x86_64 signal return.
//!
//! The kernel has no trampoline of its own for 64-bit processes: a handler
//! returns to the address given as `sa_restorer`, and a handler installed
//! without `SA_RESTORER` cannot be delivered at all (the kernel kills the
//! process with `SIGSEGV` instead). [`restorer`] gives that address, and
//! [`SigAction`](crate::signal::SigAction) always installs it.

use core::arch::naked_asm;

/// Returns from a signal handler: `rt_sigreturn` (15) restores the frame the
/// kernel saved. The handler's `ret` lands here with the stack pointer at
/// that frame. The bytes are exactly `mov rax, 15; syscall` (`48 c7 c0 0f 00
/// 00 00 0f 05`), the pattern unwinders (libgcc, gdb) recognise as a signal
/// frame.
#[unsafe(naked)]
unsafe extern "C" fn restore_rt() {
    naked_asm!("mov rax, 15", "syscall", "ud2")
}

/// The `sa_restorer` for a handler: the same for both handler forms, as
/// x86_64 always builds an rt frame.
pub(crate) fn restorer(_siginfo: bool) -> Option<unsafe extern "C" fn()> {
    Some(restore_rt)
}
