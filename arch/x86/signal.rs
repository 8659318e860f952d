//! i386 signal return.
//!
//! i386 has two signal frames: an rt frame (`siginfo_t` and `ucontext_t`)
//! for handlers with `SA_SIGINFO`, and the older `sigcontext` frame for the
//! others, each undone by its own call (`rt_sigreturn` and `sigreturn`).
//! Without `SA_RESTORER` the kernel would return through the vDSO, but only
//! when the vDSO is mapped (`vdso=0` unmaps it, and a static binary should
//! not depend on it), so [`restorer`] gives trampolines of our own and
//! [`SigAction`](crate::signal::SigAction) always installs the right one.

use core::arch::naked_asm;

/// Returns from an rt frame: `rt_sigreturn` (173) through `int $0x80`,
/// never `__kernel_vsyscall`, which would use the stack. The handler's `ret`
/// lands here with the stack pointer just past the return address the kernel
/// pushed. The bytes are exactly `mov eax, 173; int 0x80` (`b8 ad 00 00 00
/// cd 80`), the pattern unwinders (libgcc, gdb) recognise as a signal frame.
#[unsafe(naked)]
unsafe extern "C" fn restore_rt() {
    naked_asm!("mov eax, 173", "int 0x80", "ud2")
}

/// Returns from a non-rt frame: pops the signal number the kernel pushed as
/// the handler's argument, so the stack pointer is where `sigreturn` (119)
/// looks for the `sigcontext`. Bytes `58 b8 77 00 00 00 cd 80`, again the
/// pattern unwinders know.
#[unsafe(naked)]
unsafe extern "C" fn restore() {
    naked_asm!("pop eax", "mov eax, 119", "int 0x80", "ud2")
}

/// The `sa_restorer` for a handler: the rt one with `SA_SIGINFO`, the plain
/// one without.
pub(crate) fn restorer(siginfo: bool) -> Option<unsafe extern "C" fn()> {
    Some(if siginfo { restore_rt } else { restore })
}
