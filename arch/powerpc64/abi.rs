//! Facts of the powerpc64 (ELFv2) ABI that the typed layer needs: kernel
//! struct layouts, constants whose values differ by architecture, and the
//! names the kernel uses here. `src/` reads them through `crate::arch::abi`,
//! never through `cfg(target_arch)`.

/// `e_machine` of this architecture's ELF files (`EM_PPC64`).
pub(crate) const EM_NATIVE: u16 = 21;

/// The `O_*` values that differ from asm-generic
/// (`arch/powerpc/include/uapi/asm/fcntl.h`; `O_LARGEFILE` and `O_DIRECT`
/// are swapped relative to arm's).
pub(crate) mod o_flags {
    pub(crate) const DIRECTORY: u32 = 0o40000;
    pub(crate) const NOFOLLOW: u32 = 0o100000;
    pub(crate) const LARGEFILE: u32 = 0o200000;
    pub(crate) const DIRECT: u32 = 0o400000;
}

pub use crate::arch_generic::EpollEvent;
static_assertions::assert_eq_size!(EpollEvent, [u8; 16]);

/// The version of this architecture's vDSO symbols
/// (`arch/powerpc/kernel/vdso/vdso64.lds.S`), and the names of the functions
/// sysgate calls through it, `None` where sysgate makes the system call
/// instead. They report an error as the system call does: cr0.SO set and a
/// positive errno in r3. sysgate accepts only a 0 return as success and
/// otherwise makes the system call, whose stub decodes the error, so the
/// caller sees the errno.
pub(crate) const VDSO_VERSION: &str = "LINUX_2.6.15";
pub(crate) const VDSO_CLOCK_GETTIME: Option<&str> = Some("__kernel_clock_gettime");
pub(crate) const VDSO_CLOCK_GETRES: Option<&str> = Some("__kernel_clock_getres");
pub(crate) const VDSO_GETTIMEOFDAY: Option<&str> = Some("__kernel_gettimeofday");
pub(crate) const VDSO_TIME: Option<&str> = Some("__kernel_time");
pub(crate) const VDSO_GETCPU: Option<&str> = Some("__kernel_getcpu");

/// File metadata from `fstat`/`fstatat`: the kernel's `struct stat` of
/// powerpc64 (`arch/powerpc/include/uapi/asm/stat.h`, `__powerpc64__`):
/// `st_nlink` is a word before `st_mode`, as on x86_64. Field types differ
/// per architecture; `Statx` is the same everywhere.
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
    pub st_blksize: u64,
    pub st_blocks: u64,
    pub st_atime: u64,
    pub st_atime_nsec: u64,
    pub st_mtime: u64,
    pub st_mtime_nsec: u64,
    pub st_ctime: u64,
    pub st_ctime_nsec: u64,
    __unused: [u64; 3],
}
static_assertions::assert_eq_size!(Stat, [u8; 144]);
static_assertions::assert_eq_align!(Stat, u64);
static_assertions::const_assert_eq!(core::mem::offset_of!(Stat, st_mode), 24);
static_assertions::const_assert_eq!(core::mem::offset_of!(Stat, st_rdev), 40);
static_assertions::const_assert_eq!(core::mem::offset_of!(Stat, st_size), 48);
static_assertions::const_assert_eq!(core::mem::offset_of!(Stat, st_blocks), 64);
static_assertions::const_assert_eq!(core::mem::offset_of!(Stat, st_atime), 72);
static_assertions::const_assert_eq!(core::mem::offset_of!(Stat, st_ctime_nsec), 112);

/// The kernel's `struct sigaction` here (the restorer field exists but the
/// kernel ignores it; see `signal.rs`).
pub(crate) use crate::arch_generic::SigactionWithRestorer as KernelSigaction;
// With the 64-bit (8-byte) kernel `sigset_t`.
static_assertions::const_assert_eq!(core::mem::size_of::<KernelSigaction<u64>>(), 32);

/// `mmap` takes its six arguments in registers.
pub(crate) const MMAP_ARGS_IN_MEMORY: bool = false;

/// `clone` takes the flags first, then the stack (`CLONE_BACKWARDS`
/// differs from the generic order only after the stack).
pub(crate) const CLONE_STACK_FIRST: bool = false;

/// The word of [`StatFs`](crate::fs::StatFs) that the kernel declares
/// `__statfs_word`: `__kernel_long_t` on this 64-bit architecture
/// (`include/uapi/asm-generic/statfs.h`).
pub type StatFsWord = i64;
static_assertions::assert_eq_size!(crate::fs::StatFs, [u8; 120]);

/// The terminal and file ioctl numbers sysgate uses: powerpc encodes ioctls
/// with 13 size bits and read = 2 in the top 3 bits, and numbers these two
/// `_IOR('f', 127, int)` and `_IOR('t', 104, struct winsize)`
/// (`arch/powerpc/include/uapi/asm/ioctls.h`).
pub(crate) mod ioctl_nr {
    pub(crate) const FIONREAD: u32 = 0x4004_667f;
    pub(crate) const TIOCGWINSZ: u32 = 0x4008_7468;
}

/// The `SO_*` option names powerpc numbers on its own
/// (`arch/powerpc/include/uapi/asm/socket.h`: `SO_RCVLOWAT` 16 through
/// `SO_PEERCRED` 21, in another order).
pub(crate) mod so_nr {
    pub(crate) const PASSCRED: i32 = 20;
    pub(crate) const PEERCRED: i32 = 21;
    pub(crate) const RCVTIMEO_OLD: i32 = 18;
    pub(crate) const SNDTIMEO_OLD: i32 = 19;
}

/// The `MAP_*` flags powerpc numbers on its own
/// (`arch/powerpc/include/uapi/asm/mman.h`).
pub(crate) mod map_flags {
    pub(crate) const LOCKED: u32 = 0x80;
    pub(crate) const NORESERVE: u32 = 0x40;
}

// Facts other branches read (seccomp, ptrace, syscall user dispatch, the
// timer and select calls, auxv, epoll): unused until those merge.

/// `AUDIT_ARCH_PPC64LE` (`EM_PPC64` | `__AUDIT_ARCH_64BIT` | `__AUDIT_ARCH_LE`) (`include/uapi/linux/audit.h`): what `seccomp_data.arch`
/// and `PTRACE_GET_SYSCALL_INFO` hold for this architecture's system calls.
pub(crate) const AUDIT_ARCH: u32 = 0xC000_0015;
/// The name of [`AUDIT_ARCH`], for the seccomp disassembler.
pub(crate) const AUDIT_ARCH_NAME: &str = "AUDIT_ARCH_PPC64LE";
/// The bit that marks a second ABI sharing [`AUDIT_ARCH`] in
/// `seccomp_data.nr`, which a seccomp filter must reject, if there is one:
/// none here.
pub(crate) const SECCOMP_FOREIGN_NR_BIT: Option<u32> = None;

/// The size in words of the general registers `PTRACE_GETREGSET`
/// `NT_PRSTATUS` reads: 48 words: the 44 of `struct pt_regs` (r0–r31, nip, msr, orig_gpr3, ctr, link, xer, ccr, softe, trap, dar, dsisr, result) padded to `ELF_NGREG`.
pub(crate) const USER_REGS_WORDS: usize = 48;

// A trapped system call, as a `SIGSYS` handler sees it (syscall user dispatch,
// seccomp `SECCOMP_RET_TRAP`): the kernel rolls the registers back to the
// call's entry and points the pc past the call instruction. Byte offsets in
// the kernel's `ucontext` on powerpc64: `uc_flags`, `uc_link`, the 24-byte
// `uc_stack`, `uc_sigmask` and 15 unused sigsets put `struct sigcontext` at
// byte 168; its `gp_regs` (r0..r31, then nip) start 64 bytes in, at 232,
// 8 bytes each. The kernel's rollback restores r3 from `orig_gpr3`.

/// The register holding the system call number (r0).
pub(crate) const UC_SYSCALL_NR: usize = 232;
/// The registers holding the six arguments (r3..r8).
pub(crate) const UC_SYSCALL_ARGS: [usize; 6] = [256, 264, 272, 280, 288, 296];
/// The register the call's result goes to (r3).
pub(crate) const UC_SYSCALL_RET: usize = 256;
/// The program counter (nip): where the handler returns to.
pub(crate) const UC_PC: usize = 488;

/// The `AT_*` keys of the auxiliary vector only this architecture has
/// (`arch/powerpc/include/uapi/asm/auxvec.h`).
pub mod auxv {
    /// Data cache block size.
    pub const AT_DCACHEBSIZE: usize = 19;
    /// Instruction cache block size.
    pub const AT_ICACHEBSIZE: usize = 20;
    /// Unified cache block size.
    pub const AT_UCACHEBSIZE: usize = 21;
    /// An entry to ignore (kept for old loaders).
    pub const AT_IGNOREPPC: usize = 22;
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
