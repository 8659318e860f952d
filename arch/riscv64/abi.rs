//! Facts of the riscv64 ABI that the typed layer needs: kernel struct layouts,
//! constants whose values differ by architecture, and the names the kernel
//! uses here. `src/` reads them through `crate::arch::abi`, never through
//! `cfg(target_arch)`.

/// `e_machine` of this architecture's ELF files (`EM_RISCV`).
pub(crate) const EM_NATIVE: u16 = 243;

pub(crate) use crate::arch_generic::o_flags;

pub use crate::arch_generic::EpollEvent;
