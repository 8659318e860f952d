//! Facts of the riscv64 ABI that the typed layer needs: kernel struct layouts,
//! constants whose values differ by architecture, and the names the kernel
//! uses here. `src/` reads them through `crate::arch::abi`, never through
//! `cfg(target_arch)`.

use crate::Sysno;

/// `clock_settime(2)`.
pub(crate) const CLOCK_SETTIME: Sysno = Sysno::clock_settime;
/// `timer_settime(2)`.
pub(crate) const TIMER_SETTIME: Sysno = Sysno::timer_settime;
/// `timer_gettime(2)`.
pub(crate) const TIMER_GETTIME: Sysno = Sysno::timer_gettime;
/// `pselect6(2)`.
pub(crate) const PSELECT6: Sysno = Sysno::pselect6;

/// `AUDIT_ARCH_RISCV64`: the `arch` that `PTRACE_GET_SYSCALL_INFO` and seccomp
/// report for this architecture's system calls.
pub(crate) const AUDIT_ARCH: u32 = 0xC000_00F3;

/// The size in words of the general registers `PTRACE_GETREGSET` `NT_PRSTATUS`
/// reads: pc, then x1 (ra) to x31 (`struct user_regs_struct`).
pub(crate) const USER_REGS_WORDS: usize = 32;
