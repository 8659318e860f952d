//! Facts of the s390x ABI that the typed layer needs: kernel struct layouts,
//! constants whose values differ by architecture, and the names the kernel
//! uses here. `src/` reads them through `crate::arch::abi`, never through
//! `cfg(target_arch)`.

/// `e_machine` of this architecture's ELF files (`EM_S390`).
pub(crate) const EM_NATIVE: u16 = 22;

// s390 has no `asm/fcntl.h` of its own.
pub(crate) use crate::arch_generic::o_flags;

pub use crate::arch_generic::EpollEvent;
static_assertions::assert_eq_size!(EpollEvent, [u8; 16]);

/// The version of this architecture's vDSO symbols
/// (`arch/s390/kernel/vdso64/vdso64.lds.S`), and the names of the functions
/// sysgate calls through it, `None` where sysgate makes the system call
/// instead. s390x's vDSO has no `time`; its functions return `-errno` as the
/// system call does.
pub(crate) const VDSO_VERSION: &str = "LINUX_2.6.29";
pub(crate) const VDSO_CLOCK_GETTIME: Option<&str> = Some("__kernel_clock_gettime");
pub(crate) const VDSO_CLOCK_GETRES: Option<&str> = Some("__kernel_clock_getres");
pub(crate) const VDSO_GETTIMEOFDAY: Option<&str> = Some("__kernel_gettimeofday");
pub(crate) const VDSO_TIME: Option<&str> = None;
pub(crate) const VDSO_GETCPU: Option<&str> = Some("__kernel_getcpu");

/// File metadata from `fstat`/`fstatat`: the kernel's `struct stat` of
/// s390x (`arch/s390/include/uapi/asm/stat.h`), which puts `st_blksize` and
/// `st_blocks` after the times. Field types differ per architecture; `Statx`
/// is the same everywhere.
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
    __pad1: u32,
    pub st_rdev: u64,
    pub st_size: u64,
    pub st_atime: u64,
    pub st_atime_nsec: u64,
    pub st_mtime: u64,
    pub st_mtime_nsec: u64,
    pub st_ctime: u64,
    pub st_ctime_nsec: u64,
    pub st_blksize: u64,
    pub st_blocks: i64,
    __unused: [u64; 3],
}
static_assertions::assert_eq_size!(Stat, [u8; 144]);
static_assertions::assert_eq_align!(Stat, u64);
static_assertions::const_assert_eq!(core::mem::offset_of!(Stat, st_mode), 24);
static_assertions::const_assert_eq!(core::mem::offset_of!(Stat, st_rdev), 40);
static_assertions::const_assert_eq!(core::mem::offset_of!(Stat, st_size), 48);
static_assertions::const_assert_eq!(core::mem::offset_of!(Stat, st_atime), 56);
static_assertions::const_assert_eq!(core::mem::offset_of!(Stat, st_ctime_nsec), 96);
static_assertions::const_assert_eq!(core::mem::offset_of!(Stat, st_blksize), 104);
static_assertions::const_assert_eq!(core::mem::offset_of!(Stat, st_blocks), 112);

/// The kernel's `struct sigaction` here (s390 defines `SA_RESTORER`; sysgate
/// leaves the field 0 and the kernel returns through its vDSO).
pub(crate) use crate::arch_generic::SigactionWithRestorer as KernelSigaction;
// With the 64-bit (8-byte) kernel `sigset_t`.
static_assertions::const_assert_eq!(core::mem::size_of::<KernelSigaction<u64>>(), 32);

/// `mmap` is the old one-argument form here (`sys_old_mmap`): it reads the
/// six arguments from an array of words in memory (s390x has no `mmap2`).
pub(crate) const MMAP_ARGS_IN_MEMORY: bool = true;

/// `clone` takes the stack first, then the flags (`CONFIG_CLONE_BACKWARDS2`,
/// `kernel/fork.c`).
pub(crate) const CLONE_STACK_FIRST: bool = true;

/// The word of [`StatFs`](crate::fs::StatFs) that the kernel declares
/// `__statfs_word`: `unsigned int` in s390x's `struct statfs`
/// (`arch/s390/include/uapi/asm/statfs.h`; its block and file counts stay
/// 64-bit, and the struct ends in 4 bytes of padding).
pub type StatFsWord = u32;
static_assertions::assert_eq_size!(crate::fs::StatFs, [u8; 88]);

pub(crate) use crate::arch_generic::{ioctl_nr, map_flags, so_nr};

// Facts other branches read (seccomp, ptrace, syscall user dispatch, the
// timer and select calls, auxv, epoll): unused until those merge.

/// `AUDIT_ARCH_S390X` (`EM_S390` | `__AUDIT_ARCH_64BIT`, big-endian) (`include/uapi/linux/audit.h`): what `seccomp_data.arch`
/// and `PTRACE_GET_SYSCALL_INFO` hold for this architecture's system calls.
pub(crate) const AUDIT_ARCH: u32 = 0x8000_0016;
/// The name of [`AUDIT_ARCH`], for the seccomp disassembler.
pub(crate) const AUDIT_ARCH_NAME: &str = "AUDIT_ARCH_S390X";
/// The bit that marks a second ABI sharing [`AUDIT_ARCH`] in
/// `seccomp_data.nr`, which a seccomp filter must reject, if there is one:
/// none here.
pub(crate) const SECCOMP_FOREIGN_NR_BIT: Option<u32> = None;

/// The size in words of the general registers `PTRACE_GETREGSET`
/// `NT_PRSTATUS` reads: 27 words: the psw (mask, address), r0–r15, the 16 32-bit access registers (8 words) and orig_gpr2 (`s390_regs`).
pub(crate) const USER_REGS_WORDS: usize = 27;

// A trapped system call, as a `SIGSYS` handler sees it (syscall user dispatch,
// seccomp `SECCOMP_RET_TRAP`): the kernel rolls the registers back to the
// call's entry and points the pc past the call instruction. Byte offsets in
// the kernel's `ucontext` on s390x: `uc_flags`, `uc_link` and the 24-byte
// `uc_stack` put `_sigregs` at byte 40: the psw (mask, then address) and
// r0..r15, 8 bytes each. The kernel's rollback restores r2 from
// `orig_gpr2`.

/// The register holding the system call number (r1).
pub(crate) const UC_SYSCALL_NR: usize = 64;
/// The registers holding the six arguments (r2..r7).
pub(crate) const UC_SYSCALL_ARGS: [usize; 6] = [72, 80, 88, 96, 104, 112];
/// The register the call's result goes to (r2).
pub(crate) const UC_SYSCALL_RET: usize = 72;
/// The program counter (psw address): where the handler returns to.
pub(crate) const UC_PC: usize = 48;

/// The `AT_*` keys of the auxiliary vector only this architecture has
/// (`arch/s390/include/uapi/asm/auxvec.h`): none.
pub mod auxv {}
