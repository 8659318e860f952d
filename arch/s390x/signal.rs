//! s390x signal return.
//!
//! A handler installed without `SA_RESTORER` returns to the vDSO's
//! `__kernel_rt_sigreturn` or `__kernel_sigreturn` (`svc 173`/`svc 119`),
//! whose address the kernel puts in r14 when it builds the signal frame
//! (`arch/s390/kernel/signal.c`), so sysgate installs no restorer of its own
//! here. (qemu-user maps an equivalent trampoline page for the guest.)

/// No `sa_restorer`: the kernel's vDSO trampoline is used.
pub(crate) fn restorer(_siginfo: bool) -> Option<unsafe extern "C" fn()> {
    None
}
