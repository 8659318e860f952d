//! Facts of the x86 ABI that the typed layer needs: kernel struct layouts,
//! constants whose values differ by architecture, and the names the kernel
//! uses here. `src/` reads them through `crate::arch::abi`, never through
//! `cfg(target_arch)`.

/// `e_machine` of this architecture's ELF files (`EM_386`).
pub(crate) const EM_NATIVE: u16 = 3;

pub(crate) use crate::arch_generic::o_flags;

pub use crate::arch_generic::EpollEvent;

/// The version of this architecture's vDSO symbols
/// (`Documentation/ABI/stable/vdso`), and the names of the functions sysgate
/// calls through it, `None` where sysgate makes the system call instead.
/// i386's vDSO `clock_gettime` is the 64-bit-time `__vdso_clock_gettime64`; its
/// `gettimeofday` and `time` have 32-bit seconds (2038), so sysgate derives them
/// from `clock_gettime` and names neither.
pub(crate) const VDSO_VERSION: &str = "LINUX_2.6";
pub(crate) const VDSO_CLOCK_GETTIME: Option<&str> = Some("__vdso_clock_gettime64");
pub(crate) const VDSO_CLOCK_GETRES: Option<&str> = Some("__vdso_clock_getres");
pub(crate) const VDSO_GETTIMEOFDAY: Option<&str> = None;
pub(crate) const VDSO_TIME: Option<&str> = None;
pub(crate) const VDSO_GETCPU: Option<&str> = Some("__vdso_getcpu");

/// File metadata from `fstat`/`fstatat`: the kernel's
/// `struct stat64` of i386 (`arch/x86/include/uapi/asm/stat.h`),
/// filled by `fstat64`/`fstatat64`. Its times are 32-bit; `Statx`
/// has 64-bit times everywhere.
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
    pub st_size: i64,
    pub st_blksize: u32,
    pub st_blocks: u64,
    pub st_atime: i32,
    pub st_atime_nsec: u32,
    pub st_mtime: i32,
    pub st_mtime_nsec: u32,
    pub st_ctime: i32,
    pub st_ctime_nsec: u32,
    pub st_ino: u64,
}
static_assertions::assert_eq_size!(Stat, [u8; 96]);
static_assertions::assert_eq_align!(Stat, u32);
static_assertions::const_assert_eq!(core::mem::offset_of!(Stat, st_mode), 16);
static_assertions::const_assert_eq!(core::mem::offset_of!(Stat, st_rdev), 32);
static_assertions::const_assert_eq!(core::mem::offset_of!(Stat, st_size), 44);
static_assertions::const_assert_eq!(core::mem::offset_of!(Stat, st_blocks), 56);
static_assertions::const_assert_eq!(core::mem::offset_of!(Stat, st_atime), 64);
static_assertions::const_assert_eq!(core::mem::offset_of!(Stat, st_ino), 88);

/// The kernel's `struct sigaction` here.
pub(crate) use crate::arch_generic::SigactionWithRestorer as KernelSigaction;
// With the 64-bit (8-byte) kernel `sigset_t`.
static_assertions::const_assert_eq!(core::mem::size_of::<KernelSigaction<u64>>(), 20);

/// i386 passes a 64-bit value's register pair wherever it falls (no
/// even-register alignment, unlike 32-bit arm's EABI).
pub(crate) const ALIGNED_PAIRS: bool = false;

/// The `AT_*` keys of the auxiliary vector only i386 has
/// (`arch/x86/include/uapi/asm/auxvec.h`), re-exported by
/// [`crate::auxv`].
pub mod auxv {
    /// Address of `__kernel_vsyscall`, the fast system call entry.
    pub const AT_SYSINFO: usize = 32;
}

/// The size in words of the general registers `PTRACE_GETREGSET` `NT_PRSTATUS`
/// reads: 17 registers: ebx, ecx, edx, esi, edi, ebp, eax, xds, xes, xfs, xgs,
/// orig_eax, eip, xcs, eflags, esp, xss (`struct user_regs_struct`).
pub(crate) const USER_REGS_WORDS: usize = 17;

/// `AUDIT_ARCH_I386` (`include/uapi/linux/audit.h`): what `seccomp_data.arch`
/// holds for a system call made through this architecture's native ABI.
pub(crate) const AUDIT_ARCH: u32 = 0x4000_0003;
/// The name of [`AUDIT_ARCH`], for the seccomp disassembler.
pub(crate) const AUDIT_ARCH_NAME: &str = "AUDIT_ARCH_I386";
/// The bit that marks a second ABI sharing [`AUDIT_ARCH`] in
/// `seccomp_data.nr`, which a seccomp filter must reject, if there is one.
/// i386: none.
pub(crate) const SECCOMP_FOREIGN_NR_BIT: Option<u32> = None;

// A trapped system call, as a `SIGSYS` handler sees it (syscall user dispatch,
// seccomp `SECCOMP_RET_TRAP`): the kernel rolls the registers back to the
// call's entry and points the pc past the call instruction. Byte offsets in
// the kernel's `ucontext_t` on i386: `struct sigcontext` at byte 20, after
// `uc_flags`, `uc_link` and the 12-byte `uc_stack`; registers 4 bytes each in
// the order gs, fs, es, ds, edi, esi, ebp, esp, ebx, edx, ecx, eax, trapno,
// err, eip (glibc's `REG_*`). The sixth argument is ebp also for calls through
// `__kernel_vsyscall`: the kernel reloads it from the stack.

/// The register holding the system call number (eax).
pub(crate) const UC_SYSCALL_NR: usize = 64;
/// The registers holding the six arguments (ebx, ecx, edx, esi, edi, ebp).
pub(crate) const UC_SYSCALL_ARGS: [usize; 6] = [52, 60, 56, 40, 36, 44];
/// The register the call's result goes to (eax).
pub(crate) const UC_SYSCALL_RET: usize = 64;
/// The program counter (eip): where the handler returns to.
pub(crate) const UC_PC: usize = 76;

/// `mmap` takes its six arguments in registers (s390x's takes a pointer to
/// them).
pub(crate) const MMAP_ARGS_IN_MEMORY: bool = false;

/// `clone` takes the flags first, then the stack (s390x's takes the stack
/// first: `CONFIG_CLONE_BACKWARDS2`).
pub(crate) const CLONE_STACK_FIRST: bool = false;

/// The word of [`StatFs`](crate::fs::StatFs) that the kernel declares
/// `__statfs_word`: `u32` in i386's `struct statfs64` (`include/uapi/asm-generic/statfs.h`).
pub type StatFsWord = u32;
static_assertions::assert_eq_size!(crate::fs::StatFs, [u8; 84]);

pub(crate) use crate::arch_generic::{ioctl_nr, map_flags, so_nr};
