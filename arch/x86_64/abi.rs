//! Facts of the x86_64 ABI that the typed layer needs: kernel struct layouts,
//! constants whose values differ by architecture, and the names the kernel
//! uses here. `src/` reads them through `crate::arch::abi`, never through
//! `cfg(target_arch)`.

/// The word of [`StatFs`](crate::fs::StatFs) that the kernel declares
/// `__statfs_word`: `__kernel_long_t` on 64-bit architectures
/// (`include/uapi/asm-generic/statfs.h`). The accessors of `StatFs` give the
/// same types everywhere.
pub type StatFsWord = i64;

/// The alignment of `struct epoll_event`: packed (`EPOLL_PACKED`), so that
/// the 32- and 64-bit layouts match (`include/uapi/linux/eventpoll.h`).
// Read only by a compile-time assertion, which Rust 1.88 does not count
// as a use.
#[allow(dead_code)]
pub const EPOLL_EVENT_ALIGN: usize = 1;

/// The `AT_*` keys of the auxiliary vector only this architecture has
/// (`arch/x86/include/uapi/asm/auxvec.h`): none on x86_64 (`AT_SYSINFO`
/// is i386's).
pub mod auxv {}
