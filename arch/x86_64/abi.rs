//! Facts of the x86_64 ABI that the typed layer needs: kernel struct layouts,
//! constants whose values differ by architecture, and the names the kernel
//! uses here. `src/` reads them through `crate::arch::abi`, never through
//! `cfg(target_arch)`.

/// `e_machine` of this architecture's ELF files (`EM_X86_64`).
pub(crate) const EM_NATIVE: u16 = 62;

pub(crate) use crate::arch_generic::o_flags;

/// An event: the flags and 64 bits of user data (`struct epoll_event`),
/// packed to 12 bytes on x86_64 (`__EPOLL_PACKED` in the uapi header), so
/// that 32-bit and 64-bit programs share the layout.
#[derive(Clone, Copy, Default)]
#[repr(C, packed)]
pub struct EpollEvent {
    pub(crate) events: u32,
    pub(crate) data: u64,
}

static_assertions::assert_eq_size!(EpollEvent, [u8; 12]);
static_assertions::assert_eq_align!(EpollEvent, u8);

/// The version of this architecture's vDSO symbols
/// (`Documentation/ABI/stable/vdso`), and the names of the functions sysgate
/// calls through it, `None` where sysgate makes the system call instead.
///
pub(crate) const VDSO_VERSION: &str = "LINUX_2.6";
pub(crate) const VDSO_CLOCK_GETTIME: Option<&str> = Some("__vdso_clock_gettime");
pub(crate) const VDSO_CLOCK_GETRES: Option<&str> = Some("__vdso_clock_getres");
pub(crate) const VDSO_GETTIMEOFDAY: Option<&str> = Some("__vdso_gettimeofday");
pub(crate) const VDSO_TIME: Option<&str> = Some("__vdso_time");
pub(crate) const VDSO_GETCPU: Option<&str> = Some("__vdso_getcpu");

/// File metadata from `fstat`/`fstatat`: the kernel's
/// `struct stat` of this architecture (x86_64's own layout, from
/// `arch/x86/include/uapi/asm/stat.h`). Field types differ per
/// architecture; `Statx` is the same everywhere.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(C)]
#[allow(missing_docs)]
pub struct Stat {
    pub st_dev: u64,
    pub st_ino: u64,
    pub st_nlink: u64,
    pub st_mode: u32,
    pub st_uid: u32,
    pub st_gid: u32,
    __pad0: u32,
    pub st_rdev: u64,
    pub st_size: i64,
    pub st_blksize: i64,
    pub st_blocks: i64,
    pub st_atime: i64,
    pub st_atime_nsec: u64,
    pub st_mtime: i64,
    pub st_mtime_nsec: u64,
    pub st_ctime: i64,
    pub st_ctime_nsec: u64,
    __unused: [i64; 3],
}
static_assertions::assert_eq_size!(Stat, [u8; 144]);
static_assertions::assert_eq_align!(Stat, u64);
static_assertions::const_assert_eq!(core::mem::offset_of!(Stat, st_mode), 24);
static_assertions::const_assert_eq!(core::mem::offset_of!(Stat, st_rdev), 40);
static_assertions::const_assert_eq!(core::mem::offset_of!(Stat, st_size), 48);
static_assertions::const_assert_eq!(core::mem::offset_of!(Stat, st_blocks), 64);
static_assertions::const_assert_eq!(core::mem::offset_of!(Stat, st_atime), 72);
static_assertions::const_assert_eq!(core::mem::offset_of!(Stat, st_ctime_nsec), 112);

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
