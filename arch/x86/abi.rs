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
