//! Facts of the riscv64 ABI that the typed layer needs: kernel struct layouts,
//! constants whose values differ by architecture, and the names the kernel
//! uses here. `src/` reads them through `crate::arch::abi`, never through
//! `cfg(target_arch)`.

/// The word of [`StatFs`](crate::fs::StatFs) that the kernel declares
/// `__statfs_word`: `__kernel_long_t` on 64-bit architectures
/// (`include/uapi/asm-generic/statfs.h`). The accessors of `StatFs` give the
/// same types everywhere.
pub type StatFsWord = i64;

/// The alignment of `struct epoll_event`: a `__u64` after a `__u32`, 8-aligned
/// (`include/uapi/linux/eventpoll.h`).
// Read only by a compile-time assertion, which Rust 1.88 does not count
// as a use.
#[allow(dead_code)]
pub const EPOLL_EVENT_ALIGN: usize = 8;

/// The `AT_*` keys of the auxiliary vector only riscv64 has
/// (`arch/riscv/include/uapi/asm/auxvec.h`), re-exported by
/// [`crate::auxv`]: the cache sizes and geometries (line size and
/// associativity) the kernel found in the device tree; 0 when unknown.
pub mod auxv {
    /// Level-1 instruction cache size.
    pub const AT_L1I_CACHESIZE: usize = 40;
    /// Level-1 instruction cache geometry.
    pub const AT_L1I_CACHEGEOMETRY: usize = 41;
    /// Level-1 data cache size.
    pub const AT_L1D_CACHESIZE: usize = 42;
    /// Level-1 data cache geometry.
    pub const AT_L1D_CACHEGEOMETRY: usize = 43;
    /// Level-2 cache size.
    pub const AT_L2_CACHESIZE: usize = 44;
    /// Level-2 cache geometry.
    pub const AT_L2_CACHEGEOMETRY: usize = 45;
    /// Level-3 cache size.
    pub const AT_L3_CACHESIZE: usize = 46;
    /// Level-3 cache geometry.
    pub const AT_L3_CACHEGEOMETRY: usize = 47;
}
