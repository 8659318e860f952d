//! powerpc64 signal return.
//!
//! The kernel ignores `sa_restorer` here: a handler returns to the vDSO's
//! `__kernel_sigtramp_rt64` (`li r0, 172; sc`), whose address the kernel
//! puts in lr, or, without a vDSO, to a trampoline it writes into the signal
//! frame (`arch/powerpc/kernel/signal_64.c`). So sysgate installs none.
//! (qemu-user does the same with its own vDSO.)

/// No `sa_restorer`: the kernel's vDSO trampoline is used.
pub(crate) fn restorer(_siginfo: bool) -> Option<unsafe extern "C" fn()> {
    None
}
