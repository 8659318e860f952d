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

/// The version of this architecture's vDSO symbols
/// (`Documentation/ABI/stable/vdso`), and the names of the functions sysgate
/// calls through it, `None` where sysgate makes the system call instead.
/// arm64's vDSO has no `time` and no `getcpu`.
pub(crate) const VDSO_VERSION: &str = "LINUX_2.6.39";
pub(crate) const VDSO_CLOCK_GETTIME: Option<&str> = Some("__kernel_clock_gettime");
pub(crate) const VDSO_CLOCK_GETRES: Option<&str> = Some("__kernel_clock_getres");
pub(crate) const VDSO_GETTIMEOFDAY: Option<&str> = Some("__kernel_gettimeofday");
pub(crate) const VDSO_TIME: Option<&str> = None;
pub(crate) const VDSO_GETCPU: Option<&str> = None;

pub use crate::arch_generic::Stat;

/// The kernel's `struct sigaction` here.
pub(crate) use crate::arch_generic::SigactionWithRestorer as KernelSigaction;
// With the 64-bit (8-byte) kernel `sigset_t`.
static_assertions::const_assert_eq!(core::mem::size_of::<KernelSigaction<u64>>(), 32);

/// `mmap` takes its six arguments in registers (s390x's takes a pointer to
/// them).
pub(crate) const MMAP_ARGS_IN_MEMORY: bool = false;

/// `clone` takes the flags first, then the stack (s390x's takes the stack
/// first: `CONFIG_CLONE_BACKWARDS2`).
pub(crate) const CLONE_STACK_FIRST: bool = false;

/// The word of [`StatFs`](crate::fs::StatFs) that the kernel declares
/// `__statfs_word`: `__kernel_long_t` on this 64-bit architecture (`include/uapi/asm-generic/statfs.h`).
pub type StatFsWord = i64;
static_assertions::assert_eq_size!(crate::fs::StatFs, [u8; 120]);

pub(crate) use crate::arch_generic::{ioctl_nr, map_flags, so_nr};
