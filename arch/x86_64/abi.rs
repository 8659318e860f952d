//! Facts of the x86_64 ABI that the typed layer needs: kernel struct layouts,
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

/// `AUDIT_ARCH_X86_64`: the `arch` that `PTRACE_GET_SYSCALL_INFO` and seccomp
/// report for this architecture's system calls.
pub(crate) const AUDIT_ARCH: u32 = 0xC000_003E;

/// The size in words of the general registers `PTRACE_GETREGSET` `NT_PRSTATUS`
/// reads: 27 registers, r15 first, then rbp, rbx, r11, r10, r9, r8, rax, rcx,
/// rdx, rsi, rdi, orig_rax, rip, cs, eflags, rsp, ss, fs_base, gs_base, ds, es,
/// fs, gs (`struct user_regs_struct`).
pub(crate) const USER_REGS_WORDS: usize = 27;
