//! 32-bit arm signal return.
//!
//! A handler installed without `SA_RESTORER` returns to the kernel's
//! signal page (`sigpage`, mapped into every process independently of the
//! vDSO), which holds the `sigreturn`/`rt_sigreturn` code in both Arm and
//! Thumb forms; the kernel puts its address in lr when it builds the
//! frame (`arch/arm/kernel/signal.c`). So sysgate installs no restorer of
//! its own here. (qemu-user maps an equivalent trampoline page.)

/// No `sa_restorer`: the kernel's signal page is used.
pub(crate) fn restorer(_siginfo: bool) -> Option<unsafe extern "C" fn()> {
    None
}
