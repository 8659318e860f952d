//! Facts of the aarch64 ABI that the typed layer needs: kernel struct layouts,
//! constants whose values differ by architecture, and the names the kernel
//! uses here. `src/` reads them through `crate::arch::abi`, never through
//! `cfg(target_arch)`.

// A trapped system call, as a `SIGSYS` handler sees it (syscall user dispatch,
// seccomp `SECCOMP_RET_TRAP`): the kernel rolls the registers back to the
// call's entry and points the pc past the call instruction. Byte offsets in
// the kernel's `ucontext_t` on aarch64: `struct sigcontext` at byte 176 (after
// `uc_sigmask` and 120 unused bytes, 16-aligned): `fault_address`, then
// `regs[0..31]`, `sp`, `pc`.

/// The register holding the system call number (x8).
pub(crate) const UC_SYSCALL_NR: usize = 248;
/// The registers holding the six arguments: x0..x5 (x0 restored from
/// `orig_x0` by the kernel's rollback).
pub(crate) const UC_SYSCALL_ARGS: [usize; 6] = [184, 192, 200, 208, 216, 224];
/// The register the call's result goes to (x0).
pub(crate) const UC_SYSCALL_RET: usize = 184;
/// The program counter (pc): where the handler returns to.
pub(crate) const UC_PC: usize = 440;
