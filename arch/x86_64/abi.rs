//! Facts of the x86_64 ABI that the typed layer needs: kernel struct layouts,
//! constants whose values differ by architecture, and the names the kernel
//! uses here. `src/` reads them through `crate::arch::abi`, never through
//! `cfg(target_arch)`.

// A trapped system call, as a `SIGSYS` handler sees it (syscall user dispatch,
// seccomp `SECCOMP_RET_TRAP`): the kernel rolls the registers back to the
// call's entry and points the pc past the call instruction. Byte offsets in
// the kernel's `ucontext_t` on x86_64: `struct sigcontext` at byte 40, after
// `uc_flags`, `uc_link` and the 24-byte `uc_stack`; registers 8 bytes each in
// the order r8..r15, rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip (glibc's
// `REG_*`).

/// The register holding the system call number (rax).
pub(crate) const UC_SYSCALL_NR: usize = 144;
/// The registers holding the six arguments (rdi, rsi, rdx, r10, r8, r9).
pub(crate) const UC_SYSCALL_ARGS: [usize; 6] = [104, 112, 136, 56, 40, 48];
/// The register the call's result goes to (rax).
pub(crate) const UC_SYSCALL_RET: usize = 144;
/// The program counter (rip): where the handler returns to.
pub(crate) const UC_PC: usize = 168;
