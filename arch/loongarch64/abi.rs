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

// Facts other branches read (seccomp, ptrace, syscall user dispatch, the
// timer and select calls, auxv, epoll): unused until those merge.

/// `AUDIT_ARCH_LOONGARCH64` (`EM_LOONGARCH` | `__AUDIT_ARCH_64BIT` | `__AUDIT_ARCH_LE`) (`include/uapi/linux/audit.h`): what `seccomp_data.arch`
/// and `PTRACE_GET_SYSCALL_INFO` hold for this architecture's system calls.
pub(crate) const AUDIT_ARCH: u32 = 0xC000_0102;
/// The name of [`AUDIT_ARCH`], for the seccomp disassembler.
pub(crate) const AUDIT_ARCH_NAME: &str = "AUDIT_ARCH_LOONGARCH64";
/// The bit that marks a second ABI sharing [`AUDIT_ARCH`] in
/// `seccomp_data.nr`, which a seccomp filter must reject, if there is one:
/// none here.
pub(crate) const SECCOMP_FOREIGN_NR_BIT: Option<u32> = None;

/// The size in words of the general registers `PTRACE_GETREGSET`
/// `NT_PRSTATUS` reads: 45 words: r0–r31, orig_a0, csr_era, csr_badv and 10 reserved (`struct user_pt_regs`).
pub(crate) const USER_REGS_WORDS: usize = 45;

// A trapped system call, as a `SIGSYS` handler sees it (syscall user dispatch,
// seccomp `SECCOMP_RET_TRAP`): the kernel rolls the registers back to the
// call's entry and points the pc past the call instruction. Byte offsets in
// the kernel's `ucontext` on loongarch64: as on riscv64, `uc_sigmask` and
// its 1024-bit reserve put `struct sigcontext` (16-aligned) at byte 176:
// `sc_pc`, then `sc_regs[0..32]`, 8 bytes each (a0..a7 are r4..r11). The
// kernel's rollback restores a0 from `orig_a0`.

/// The register holding the system call number (a7).
pub(crate) const UC_SYSCALL_NR: usize = 272;
/// The registers holding the six arguments (a0..a5).
pub(crate) const UC_SYSCALL_ARGS: [usize; 6] = [216, 224, 232, 240, 248, 256];
/// The register the call's result goes to (a0).
pub(crate) const UC_SYSCALL_RET: usize = 216;
/// The program counter (sc_pc): where the handler returns to.
pub(crate) const UC_PC: usize = 176;

/// The `AT_*` keys of the auxiliary vector only this architecture has
/// (`arch/loongarch/include/uapi/asm/auxvec.h`): none.
pub mod auxv {}
