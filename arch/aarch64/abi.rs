//! Facts of the aarch64 ABI that the typed layer needs: kernel struct layouts,
//! constants whose values differ by architecture, and the names the kernel
//! uses here. `src/` reads them through `crate::arch::abi`, never through
//! `cfg(target_arch)`.

/// `e_machine` of this architecture's ELF files (`EM_AARCH64`).
pub(crate) const EM_NATIVE: u16 = 183;

/// The `O_*` values that differ from asm-generic (`arch/arm64/include/uapi/asm/fcntl.h`).
pub(crate) mod o_flags {
    pub(crate) const DIRECTORY: u32 = 0o40000;
    pub(crate) const NOFOLLOW: u32 = 0o100000;
    pub(crate) const DIRECT: u32 = 0o200000;
    pub(crate) const LARGEFILE: u32 = 0o400000;
}

pub use crate::arch_generic::EpollEvent;
