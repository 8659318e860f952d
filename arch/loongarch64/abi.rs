//! Facts of the loongarch64 ABI that the typed layer needs: kernel struct
//! layouts, constants whose values differ by architecture, and the names the
//! kernel uses here. `src/` reads them through `crate::arch::abi`, never
//! through `cfg(target_arch)`.

/// `e_machine` of this architecture's ELF files (`EM_LOONGARCH`).
pub(crate) const EM_NATIVE: u16 = 258;

// loongarch has no `asm/fcntl.h` of its own.
pub(crate) use crate::arch_generic::o_flags;

pub use crate::arch_generic::EpollEvent;
static_assertions::assert_eq_size!(EpollEvent, [u8; 16]);

/// The version of this architecture's vDSO symbols
/// (`arch/loongarch/vdso/vdso.lds.S`), and the names of the functions sysgate
/// calls through it, `None` where sysgate makes the system call instead.
/// loongarch64's vDSO has no `time`.
pub(crate) const VDSO_VERSION: &str = "LINUX_5.10";
pub(crate) const VDSO_CLOCK_GETTIME: Option<&str> = Some("__vdso_clock_gettime");
pub(crate) const VDSO_CLOCK_GETRES: Option<&str> = Some("__vdso_clock_getres");
pub(crate) const VDSO_GETTIMEOFDAY: Option<&str> = Some("__vdso_gettimeofday");
pub(crate) const VDSO_TIME: Option<&str> = None;
pub(crate) const VDSO_GETCPU: Option<&str> = Some("__vdso_getcpu");

/// asm-generic's `struct stat` (`fstat` and `newfstatat` are in
/// loongarch's table again since Linux 6.11).
pub use crate::arch_generic::Stat;

/// The kernel's `struct sigaction` here.
pub(crate) use crate::arch_generic::SigactionNoRestorer as KernelSigaction;
// With the 64-bit (8-byte) kernel `sigset_t`.
static_assertions::const_assert_eq!(core::mem::size_of::<KernelSigaction<u64>>(), 24);

/// `mmap` takes its six arguments in registers.
pub(crate) const MMAP_ARGS_IN_MEMORY: bool = false;

/// `clone` takes the flags first, then the stack.
pub(crate) const CLONE_STACK_FIRST: bool = false;

/// The word of [`StatFs`](crate::fs::StatFs) that the kernel declares
/// `__statfs_word`: `__kernel_long_t` on this 64-bit architecture
/// (`include/uapi/asm-generic/statfs.h`).
pub type StatFsWord = i64;
static_assertions::assert_eq_size!(crate::fs::StatFs, [u8; 120]);

pub(crate) use crate::arch_generic::{ioctl_nr, map_flags, so_nr};
