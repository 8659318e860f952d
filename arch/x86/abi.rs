//! Facts of the x86 ABI that the typed layer needs: kernel struct layouts,
//! constants whose values differ by architecture, and the names the kernel
//! uses here. `src/` reads them through `crate::arch::abi`, never through
//! `cfg(target_arch)`.

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
