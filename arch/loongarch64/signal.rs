//! loongarch64 signal return.
//!
//! loongarch64 has no `SA_RESTORER`: the kernel always sets the return
//! address of a handler to the vDSO's `__vdso_rt_sigreturn` (`li.w a7, 139;
//! syscall 0`), and its `struct sigaction` has no `sa_restorer` field.
//! (qemu-user maps an equivalent trampoline page for the guest.)

/// No `sa_restorer`: the kernel's vDSO trampoline is used.
pub(crate) fn restorer(_siginfo: bool) -> Option<unsafe extern "C" fn()> {
    None
}
