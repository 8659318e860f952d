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

/// The `AT_*` keys of the auxiliary vector only this architecture has
/// (`arch/arm64/include/uapi/asm/auxvec.h`): none beyond the common ones.
pub mod auxv {}

/// The size in words of the general registers `PTRACE_GETREGSET` `NT_PRSTATUS`
/// reads: x0 to x30, sp, pc, pstate (`struct user_pt_regs`).
pub(crate) const USER_REGS_WORDS: usize = 34;

/// `AUDIT_ARCH_AARCH64` (`include/uapi/linux/audit.h`): what `seccomp_data.arch`
/// holds for a system call made through this architecture's native ABI.
pub(crate) const AUDIT_ARCH: u32 = 0xC000_00B7;
/// The name of [`AUDIT_ARCH`], for the seccomp disassembler.
pub(crate) const AUDIT_ARCH_NAME: &str = "AUDIT_ARCH_AARCH64";
/// The bit that marks a second ABI sharing [`AUDIT_ARCH`] in
/// `seccomp_data.nr`, which a seccomp filter must reject, if there is one.
/// aarch64: none.
pub(crate) const SECCOMP_FOREIGN_NR_BIT: Option<u32> = None;

// A trapped system call, as a `SIGSYS` handler sees it (syscall user dispatch,
// seccomp `SECCOMP_RET_TRAP`): the kernel rolls the registers back to the
// call's entry and points the pc past the call instruction. Byte offsets in
// the kernel's `ucontext_t` on aarch64: `struct sigcontext` at byte 176 (after
// `uc_sigmask` and 120 unused bytes, 16-aligned): `fault_address`, then
// `regs[0..31]`, `sp`, `pc`.

/// The register holding the system call number (x8).
pub(crate) const UC_SYSCALL_NR: usize = 248;
/// The registers holding the six arguments: x0..x5 (x0 restored from
/// `orig_x0` by the kernel's rollback).
pub(crate) const UC_SYSCALL_ARGS: [usize; 6] = [184, 192, 200, 208, 216, 224];
/// The register the call's result goes to (x0).
pub(crate) const UC_SYSCALL_RET: usize = 184;
/// The program counter (pc): where the handler returns to.
pub(crate) const UC_PC: usize = 440;

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
