//! Facts of the riscv64 ABI that the typed layer needs: kernel struct layouts,
//! constants whose values differ by architecture, and the names the kernel
//! uses here. `src/` reads them through `crate::arch::abi`, never through
//! `cfg(target_arch)`.

// A trapped system call, as a `SIGSYS` handler sees it (syscall user dispatch,
// seccomp `SECCOMP_RET_TRAP`): the kernel rolls the registers back to the
// call's entry and points the pc past the call instruction. Byte offsets in
// the kernel's `ucontext_t` on riscv64: `struct sigcontext` at byte 176 (after
// `uc_sigmask` and 120 unused bytes, 16-aligned): `pc`, then x1..x31, 8 bytes
// each.

/// The register holding the system call number (a7).
pub(crate) const UC_SYSCALL_NR: usize = 312;
/// The registers holding the six arguments: a0..a5 (a0 restored from
/// `orig_a0` by the kernel's rollback).
pub(crate) const UC_SYSCALL_ARGS: [usize; 6] = [256, 264, 272, 280, 288, 296];
/// The register the call's result goes to (a0).
pub(crate) const UC_SYSCALL_RET: usize = 256;
/// The program counter (pc): where the handler returns to.
pub(crate) const UC_PC: usize = 176;
