//! Facts of the aarch64 ABI that the typed layer needs: kernel struct layouts,
//! constants whose values differ by architecture, and the names the kernel
//! uses here. `src/` reads them through `crate::arch::abi`, never through
//! `cfg(target_arch)`.

/// `AUDIT_ARCH_AARCH64` (`include/uapi/linux/audit.h`): what `seccomp_data.arch`
/// holds for a system call made through this architecture's native ABI.
pub(crate) const AUDIT_ARCH: u32 = 0xC000_00B7;
/// The name of [`AUDIT_ARCH`], for the seccomp disassembler.
pub(crate) const AUDIT_ARCH_NAME: &str = "AUDIT_ARCH_AARCH64";
/// The bit that marks a second ABI sharing [`AUDIT_ARCH`] in
/// `seccomp_data.nr`, which a seccomp filter must reject, if there is one.
/// aarch64: none.
pub(crate) const SECCOMP_FOREIGN_NR_BIT: Option<u32> = None;
