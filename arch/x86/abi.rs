//! Facts of the x86 ABI that the typed layer needs: kernel struct layouts,
//! constants whose values differ by architecture, and the names the kernel
//! uses here. `src/` reads them through `crate::arch::abi`, never through
//! `cfg(target_arch)`.

/// The word of [`StatFs`](crate::fs::StatFs) that the kernel declares
/// `__statfs_word`: `__u32` in i386's `struct statfs64`
/// (`include/uapi/asm-generic/statfs.h`). The accessors of `StatFs` give the
/// same types everywhere.
pub type StatFsWord = u32;

/// The alignment of `struct epoll_event`: i386 aligns `__u64` in structs to 4
/// (`include/uapi/linux/eventpoll.h`).
// Read only by a compile-time assertion, which Rust 1.88 does not count
// as a use.
#[allow(dead_code)]
pub const EPOLL_EVENT_ALIGN: usize = 4;

/// The `AT_*` keys of the auxiliary vector only i386 has
/// (`arch/x86/include/uapi/asm/auxvec.h`), re-exported by
/// [`crate::auxv`].
pub mod auxv {
    /// Address of `__kernel_vsyscall`, the fast system call entry.
    pub const AT_SYSINFO: usize = 32;
}
