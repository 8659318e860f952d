//! Facts of the 32-bit arm (EABI) ABI that the typed layer needs: kernel
//! struct layouts, constants whose values differ by architecture, and the
//! names the kernel uses here. `src/` reads them through `crate::arch::abi`,
//! never through `cfg(target_arch)`.
//!
//! The EABI aligns a 64-bit integer to 8 bytes, in structs as in register
//! pairs (i386 aligns it to 4): the layouts below differ from i386's where a
//! `u64` follows an odd number of 32-bit words.
//!
//! arm's private calls, outside the table (`arch/arm/include/uapi/asm/unistd.h`,
//! `__ARM_NR_BASE` = 0x0f0000): `breakpoint` 0x0f0001, `cacheflush`
//! 0x0f0002, `usr26` 0x0f0003, `usr32` 0x0f0004, `set_tls` 0x0f0005,
//! `get_tls` 0x0f0006; `syscall!` takes them as raw numbers.

/// `e_machine` of this architecture's ELF files (`EM_ARM`).
pub(crate) const EM_NATIVE: u16 = 40;

/// The `O_*` values that differ from asm-generic (`arch/arm/include/uapi/asm/fcntl.h`).
pub(crate) mod o_flags {
    pub(crate) const DIRECTORY: u32 = 0o40000;
    pub(crate) const NOFOLLOW: u32 = 0o100000;
    pub(crate) const DIRECT: u32 = 0o200000;
    pub(crate) const LARGEFILE: u32 = 0o400000;
}

/// The EABI's 8-byte-aligned `u64` makes it 16 bytes, as on 64-bit
/// architectures.
pub use crate::arch_generic::EpollEvent;
static_assertions::assert_eq_size!(EpollEvent, [u8; 16]);

/// The version of this architecture's vDSO symbols
/// (`arch/arm/vdso/vdso.lds.S`), and the names of the functions sysgate
/// calls through it, `None` where sysgate makes the system call instead.
/// As on i386, `clock_gettime` is the 64-bit-time `__vdso_clock_gettime64`
/// and `gettimeofday` is derived from it (the vDSO's has 32-bit seconds);
/// `clock_getres` fills a 32-bit `struct timespec`, which the 32-bit path
/// widens. arm's vDSO has no `time` and no `getcpu`.
pub(crate) const VDSO_VERSION: &str = "LINUX_2.6";
pub(crate) const VDSO_CLOCK_GETTIME: Option<&str> = Some("__vdso_clock_gettime64");
pub(crate) const VDSO_CLOCK_GETRES: Option<&str> = Some("__vdso_clock_getres");
pub(crate) const VDSO_GETTIMEOFDAY: Option<&str> = None;
pub(crate) const VDSO_TIME: Option<&str> = None;
pub(crate) const VDSO_GETCPU: Option<&str> = None;

/// File metadata from `fstat`/`fstatat`: the kernel's `struct stat64` of
/// arm (`arch/arm/include/uapi/asm/stat.h`), filled by
/// `fstat64`/`fstatat64`. The fields are i386's, but the EABI aligns
/// `st_size` and `st_blocks` to 8 (104 bytes, not 96). Its times are 32-bit;
/// `Statx` has 64-bit times everywhere.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(C)]
#[allow(missing_docs)]
pub struct Stat {
    pub st_dev: u64,
    __pad0: [u8; 4],
    __st_ino: u32,
    pub st_mode: u32,
    pub st_nlink: u32,
    pub st_uid: u32,
    pub st_gid: u32,
    pub st_rdev: u64,
    __pad3: [u8; 4],
    __pad4: u32,
    pub st_size: i64,
    pub st_blksize: u32,
    __pad5: u32,
    pub st_blocks: u64,
    pub st_atime: i32,
    pub st_atime_nsec: u32,
    pub st_mtime: i32,
    pub st_mtime_nsec: u32,
    pub st_ctime: i32,
    pub st_ctime_nsec: u32,
    pub st_ino: u64,
}
static_assertions::assert_eq_size!(Stat, [u8; 104]);
static_assertions::assert_eq_align!(Stat, u64);
static_assertions::const_assert_eq!(core::mem::offset_of!(Stat, st_mode), 16);
static_assertions::const_assert_eq!(core::mem::offset_of!(Stat, st_rdev), 32);
static_assertions::const_assert_eq!(core::mem::offset_of!(Stat, st_size), 48);
static_assertions::const_assert_eq!(core::mem::offset_of!(Stat, st_blksize), 56);
static_assertions::const_assert_eq!(core::mem::offset_of!(Stat, st_blocks), 64);
static_assertions::const_assert_eq!(core::mem::offset_of!(Stat, st_atime), 72);
static_assertions::const_assert_eq!(core::mem::offset_of!(Stat, st_ino), 96);

/// The kernel's `struct sigaction` here: handler, flags, restorer and the
/// mask, whose `sigset_t` is two `unsigned long`s, 4-aligned, at offset 12.
/// `packed(4)` keeps sysgate's 8-aligned 64-bit mask there.
#[derive(Clone, Copy)]
#[repr(C, packed(4))]
pub struct KernelSigaction<M> {
    pub(crate) handler: usize,
    pub(crate) flags: usize,
    restorer: usize,
    pub(crate) mask: M,
}

impl<M> KernelSigaction<M> {
    pub(crate) const fn new(handler: usize, flags: usize, restorer: usize, mask: M) -> Self {
        KernelSigaction {
            handler,
            flags,
            restorer,
            mask,
        }
    }
}
static_assertions::const_assert_eq!(core::mem::size_of::<KernelSigaction<u64>>(), 20);
static_assertions::const_assert_eq!(core::mem::offset_of!(KernelSigaction<u64>, mask), 12);
static_assertions::assert_eq_align!(KernelSigaction<u64>, u32);

/// The EABI passes a 64-bit argument in an even/odd register pair
/// (r0/r1, r2/r3, r4/r5), leaving a register unused before it if needed.
pub(crate) const ALIGNED_PAIRS: bool = true;

/// `mmap` takes its six arguments in registers (`mmap2`).
pub(crate) const MMAP_ARGS_IN_MEMORY: bool = false;

/// `clone` takes the flags first, then the stack.
pub(crate) const CLONE_STACK_FIRST: bool = false;

/// The word of [`StatFs`](crate::fs::StatFs) that the kernel declares
/// `__statfs_word`: `u32` in arm's `struct statfs64`. arm packs that struct
/// to 4-byte alignment (`ARCH_PACK_STATFS64` in
/// `arch/arm/include/uapi/asm/statfs.h`): the kernel's is 84 bytes, ours
/// has 4 bytes of trailing padding that `fstatfs64` leaves alone (the size
/// it is given excludes them).
pub type StatFsWord = u32;
static_assertions::assert_eq_size!(crate::fs::StatFs, [u8; 88]);

pub(crate) use crate::arch_generic::{ioctl_nr, map_flags, so_nr};

// Facts other branches read (seccomp, ptrace, syscall user dispatch, the
// timer and select calls, auxv, epoll): unused until those merge.

/// `AUDIT_ARCH_ARM` (`EM_ARM` | `__AUDIT_ARCH_LE`) (`include/uapi/linux/audit.h`): what `seccomp_data.arch`
/// and `PTRACE_GET_SYSCALL_INFO` hold for this architecture's system calls.
pub(crate) const AUDIT_ARCH: u32 = 0x4000_0028;
/// The name of [`AUDIT_ARCH`], for the seccomp disassembler.
pub(crate) const AUDIT_ARCH_NAME: &str = "AUDIT_ARCH_ARM";
/// The bit that marks a second ABI sharing [`AUDIT_ARCH`] in
/// `seccomp_data.nr`, which a seccomp filter must reject, if there is one:
/// none here.
pub(crate) const SECCOMP_FOREIGN_NR_BIT: Option<u32> = None;

/// The size in words of the general registers `PTRACE_GETREGSET`
/// `NT_PRSTATUS` reads: 18 words: r0–r15, cpsr, orig_r0 (`struct pt_regs`, `ELF_NGREG`).
pub(crate) const USER_REGS_WORDS: usize = 18;

// A trapped system call, as a `SIGSYS` handler sees it (syscall user dispatch,
// seccomp `SECCOMP_RET_TRAP`): the kernel rolls the registers back to the
// call's entry and points the pc past the call instruction. Byte offsets in
// the kernel's `ucontext` on 32-bit arm: `struct sigcontext` at byte 20,
// after `uc_flags`, `uc_link` and the 12-byte `uc_stack`: `trap_no`,
// `error_code`, `oldmask`, then r0..r10, fp, ip, sp, lr, pc, cpsr, 4 bytes
// each. The kernel's rollback restores r0 from `orig_r0`.

/// The register holding the system call number (r7).
pub(crate) const UC_SYSCALL_NR: usize = 60;
/// The registers holding the six arguments (r0..r5).
pub(crate) const UC_SYSCALL_ARGS: [usize; 6] = [32, 36, 40, 44, 48, 52];
/// The register the call's result goes to (r0).
pub(crate) const UC_SYSCALL_RET: usize = 32;
/// The program counter (pc): where the handler returns to.
pub(crate) const UC_PC: usize = 92;

/// The `AT_*` keys of the auxiliary vector only this architecture has
/// (`arch/arm/include/uapi/asm/auxvec.h`): none (its `AT_SYSINFO_EHDR` is the generic key).
pub mod auxv {}
