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

/// The `AT_*` keys of the auxiliary vector only this architecture has
/// (`arch/x86/include/uapi/asm/auxvec.h`): none on x86_64 (`AT_SYSINFO`
/// is i386's).
pub mod auxv {}

/// The size in words of the general registers `PTRACE_GETREGSET` `NT_PRSTATUS`
/// reads: 27 registers, r15 first, then rbp, rbx, r11, r10, r9, r8, rax, rcx,
/// rdx, rsi, rdi, orig_rax, rip, cs, eflags, rsp, ss, fs_base, gs_base, ds, es,
/// fs, gs (`struct user_regs_struct`).
pub(crate) const USER_REGS_WORDS: usize = 27;

/// `AUDIT_ARCH_X86_64` (`include/uapi/linux/audit.h`): what `seccomp_data.arch`
/// holds for a system call made through this architecture's native ABI.
pub(crate) const AUDIT_ARCH: u32 = 0xC000_003E;
/// The name of [`AUDIT_ARCH`], for the seccomp disassembler.
pub(crate) const AUDIT_ARCH_NAME: &str = "AUDIT_ARCH_X86_64";
/// The bit that marks a second ABI sharing [`AUDIT_ARCH`] in
/// `seccomp_data.nr`, which a seccomp filter must reject, if there is one.
/// x86_64: `__X32_SYSCALL_BIT`, the x32 ABI's calls.
pub(crate) const SECCOMP_FOREIGN_NR_BIT: Option<u32> = Some(0x4000_0000);

// A trapped system call, as a `SIGSYS` handler sees it (syscall user dispatch,
// seccomp `SECCOMP_RET_TRAP`): the kernel rolls the registers back to the
// call's entry and points the pc past the call instruction. Byte offsets in
// the kernel's `ucontext_t` on x86_64: `struct sigcontext` at byte 40, after
// `uc_flags`, `uc_link` and the 24-byte `uc_stack`; registers 8 bytes each in
// the order r8..r15, rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip (glibc's
// `REG_*`).

/// The register holding the system call number (rax).
pub(crate) const UC_SYSCALL_NR: usize = 144;
/// The registers holding the six arguments (rdi, rsi, rdx, r10, r8, r9).
pub(crate) const UC_SYSCALL_ARGS: [usize; 6] = [104, 112, 136, 56, 40, 48];
/// The register the call's result goes to (rax).
pub(crate) const UC_SYSCALL_RET: usize = 144;
/// The program counter (rip): where the handler returns to.
pub(crate) const UC_PC: usize = 168;

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
