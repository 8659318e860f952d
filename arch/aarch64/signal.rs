//! aarch64 signal return.
//!
//! A handler installed without `SA_RESTORER` returns to the vDSO's
//! `__kernel_rt_sigreturn` (`mov x8, #139; svc #0`), whose address the kernel
//! puts in the link register when it builds the signal frame. That
//! trampoline carries the unwind information debuggers expect, so sysgate
//! installs no restorer of its own here. (qemu-user maps an equivalent
//! trampoline page for the guest.)

/// No `sa_restorer`: the kernel's vDSO trampoline is used.
pub(crate) fn restorer(_siginfo: bool) -> Option<unsafe extern "C" fn()> {
    None
}
