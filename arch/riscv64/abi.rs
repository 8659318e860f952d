//! Facts of the riscv64 ABI that the typed layer needs: kernel struct layouts,
//! constants whose values differ by architecture, and the names the kernel
//! uses here. `src/` reads them through `crate::arch::abi`, never through
//! `cfg(target_arch)`.

/// `e_machine` of this architecture's ELF files (`EM_RISCV`).
pub(crate) const EM_NATIVE: u16 = 243;

pub(crate) use crate::arch_generic::o_flags;

pub use crate::arch_generic::EpollEvent;

/// The version of this architecture's vDSO symbols
/// (`Documentation/ABI/stable/vdso`), and the names of the functions sysgate
/// calls through it, `None` where sysgate makes the system call instead.
/// riscv64's vDSO has no `time`.
pub(crate) const VDSO_VERSION: &str = "LINUX_4.15";
pub(crate) const VDSO_CLOCK_GETTIME: Option<&str> = Some("__vdso_clock_gettime");
pub(crate) const VDSO_CLOCK_GETRES: Option<&str> = Some("__vdso_clock_getres");
pub(crate) const VDSO_GETTIMEOFDAY: Option<&str> = Some("__vdso_gettimeofday");
pub(crate) const VDSO_TIME: Option<&str> = None;
pub(crate) const VDSO_GETCPU: Option<&str> = Some("__vdso_getcpu");

pub use crate::arch_generic::Stat;

/// The kernel's `struct sigaction` here.
pub(crate) use crate::arch_generic::SigactionNoRestorer as KernelSigaction;
// With the 64-bit (8-byte) kernel `sigset_t`.
static_assertions::const_assert_eq!(core::mem::size_of::<KernelSigaction<u64>>(), 24);

/// The `AT_*` keys of the auxiliary vector only riscv64 has
/// (`arch/riscv/include/uapi/asm/auxvec.h`), re-exported by
/// [`crate::auxv`]: the cache sizes and geometries (line size and
/// associativity) the kernel found in the device tree; 0 when unknown.
pub mod auxv {
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

/// The size in words of the general registers `PTRACE_GETREGSET` `NT_PRSTATUS`
/// reads: pc, then x1 (ra) to x31 (`struct user_regs_struct`).
pub(crate) const USER_REGS_WORDS: usize = 32;

/// `AUDIT_ARCH_RISCV64` (`include/uapi/linux/audit.h`): what `seccomp_data.arch`
/// holds for a system call made through this architecture's native ABI.
pub(crate) const AUDIT_ARCH: u32 = 0xC000_00F3;
/// The name of [`AUDIT_ARCH`], for the seccomp disassembler.
pub(crate) const AUDIT_ARCH_NAME: &str = "AUDIT_ARCH_RISCV64";
/// The bit that marks a second ABI sharing [`AUDIT_ARCH`] in
/// `seccomp_data.nr`, which a seccomp filter must reject, if there is one.
/// riscv64: none.
pub(crate) const SECCOMP_FOREIGN_NR_BIT: Option<u32> = None;

// A trapped system call, as a `SIGSYS` handler sees it (syscall user dispatch,
// seccomp `SECCOMP_RET_TRAP`): the kernel rolls the registers back to the
// call's entry and points the pc past the call instruction. Byte offsets in
// the kernel's `ucontext_t` on riscv64: `struct sigcontext` at byte 176 (after
// `uc_sigmask` and 120 unused bytes, 16-aligned): `pc`, then x1..x31, 8 bytes
// each.

/// The register holding the system call number (a7).
pub(crate) const UC_SYSCALL_NR: usize = 312;
/// The registers holding the six arguments: a0..a5 (a0 restored from
/// `orig_a0` by the kernel's rollback).
pub(crate) const UC_SYSCALL_ARGS: [usize; 6] = [256, 264, 272, 280, 288, 296];
/// The register the call's result goes to (a0).
pub(crate) const UC_SYSCALL_RET: usize = 256;
/// The program counter (pc): where the handler returns to.
pub(crate) const UC_PC: usize = 176;

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
