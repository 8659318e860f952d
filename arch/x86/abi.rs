//! Facts of the x86 ABI that the typed layer needs: kernel struct layouts,
//! constants whose values differ by architecture, and the names the kernel
//! uses here. `src/` reads them through `crate::arch::abi`, never through
//! `cfg(target_arch)`.

use crate::Sysno;

/// `clock_settime(2)`, the 64-bit-time form.
pub(crate) const CLOCK_SETTIME: Sysno = Sysno::clock_settime64;
/// `timer_settime(2)`, the 64-bit-time form.
pub(crate) const TIMER_SETTIME: Sysno = Sysno::timer_settime64;
/// `timer_gettime(2)`, the 64-bit-time form.
pub(crate) const TIMER_GETTIME: Sysno = Sysno::timer_gettime64;
/// `pselect6(2)`, the 64-bit-time form.
pub(crate) const PSELECT6: Sysno = Sysno::pselect6_time64;

/// `AUDIT_ARCH_I386`: the `arch` that `PTRACE_GET_SYSCALL_INFO` and seccomp
/// report for this architecture's system calls.
pub(crate) const AUDIT_ARCH: u32 = 0x4000_0003;

/// The size in words of the general registers `PTRACE_GETREGSET` `NT_PRSTATUS`
/// reads: 17 registers: ebx, ecx, edx, esi, edi, ebp, eax, xds, xes, xfs, xgs,
/// orig_eax, eip, xcs, eflags, esp, xss (`struct user_regs_struct`).
pub(crate) const USER_REGS_WORDS: usize = 17;
