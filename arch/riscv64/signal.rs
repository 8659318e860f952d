//! riscv64 signal return.
//!
//! riscv64 has no `SA_RESTORER` at all: the kernel always sets the return
//! address of a handler to the vDSO's `__vdso_rt_sigreturn` (`li a7, 139;
//! ecall`), and its `struct sigaction` has no `sa_restorer` field. (qemu-user
//! maps an equivalent trampoline page for the guest.)

/// No `sa_restorer`: the kernel's vDSO trampoline is used.
pub(crate) fn restorer(_siginfo: bool) -> Option<unsafe extern "C" fn()> {
    None
}
