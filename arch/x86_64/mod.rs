//! x86_64 system call entry.
//!
//! | instruction | number | arguments                 | return | clobbers  |
//! |-------------|--------|---------------------------|--------|-----------|
//! | `syscall`   | rax    | rdi, rsi, rdx, r10, r8, r9 | rax    | rcx, r11  |
//!
//! `syscall` stores the return address in rcx and rflags in r11; `sysret`
//! restores rflags from r11, so the flags survive. The kernel does not touch
//! the user stack.

use core::arch::asm;

crate::arch_generic::stubs::syscall_fns! {
    entry: ("syscall", "rax" => "rax"),
    args: ["rdi", "rsi", "rdx", "r10", "r8", "r9"],
    clobbers: [lateout("rcx") _, lateout("r11") _,],
    options: [nostack, preserves_flags],
}

/// `exit`/`exit_group`: the call never returns.
///
/// # Safety
///
/// `n` must be a call that does not return (`exit`, `exit_group`).
#[inline(always)]
pub unsafe fn syscall1_noreturn(n: usize, a1: usize) -> ! {
    // SAFETY: the caller passes a call that ends the thread or process.
    unsafe { asm!("syscall", in("rax") n, in("rdi") a1, options(noreturn, nostack)) }
}
pub(crate) mod abi;
pub(crate) mod mem;
pub(crate) mod signal;
mod start;

/// `vfork(2)`. `syscall` uses no stack, so the child, running on the
/// parent's stack, leaves the parent's frames intact.
///
/// # Safety
///
/// The contract of [`crate::process::vfork`].
#[inline(always)]
pub(crate) unsafe fn vfork() -> usize {
    // SAFETY: forwarded from the caller.
    unsafe { syscall0(crate::Sysno::vfork as usize) }
}

/// System calls from 64-bit code through `int $0x80`: the kernel's 32-bit
/// (i386) entry, as on i386
/// (`syscall(2)`).
///
/// The call is looked up in the **i386 table** (`arch/x86/syscalls.tbl`:
/// `getpid` is 20, not [`Sysno::getpid`](crate::Sysno::getpid)'s 39), with
/// the i386 registers (number in eax; arguments in ebx, ecx, edx, esi, edi,
/// ebp; result in eax) of which the kernel reads **only the low 32 bits**:
/// a pointer above 4 GiB (any stack or heap address of a 64-bit program)
/// reaches the kernel truncated. The result is the 32-bit call's, sign-
/// extended to 64 bits, so [`check`](crate::raw::check) decodes errors as
/// usual. `seccomp` filters see these calls with `AUDIT_ARCH_I386`.
///
/// A kernel built without `CONFIG_IA32_EMULATION`, or booted with
/// `ia32_emulation=0` (the default in some confidential-computing guests),
/// has no gate for vector 0x80: the instruction faults and the process gets
/// `SIGSEGV`, not an error. Probe it in a child process before relying on it.
///
/// This path is for measurement, tests of filters, and tools that must speak
/// the 32-bit ABI; ordinary code uses [`syscall0`](crate::raw::syscall0)..
/// [`syscall6`](crate::raw::syscall6).
pub mod int80 {
    use core::arch::asm;

    /// All six i386 argument registers: Rust lets asm name neither rbx nor
    /// rbp, so the first argument is swapped into rbx and the sixth moved into
    /// rbp (saved on the stack) around the instruction. Kernels before 4.17
    /// zeroed r8-r11 on this path: they are declared clobbered.
    macro_rules! int80_asm {
        ($n:ident, $a:ident, [$($opt:ident),*]) => {{
            let ret;
            // SAFETY: rbx and rbp are restored before the asm ends; the
            // caller vouches for the call.
            unsafe {
                asm!(
                    "xchg {a1}, rbx",
                    "push rbp",
                    "mov rbp, {a6}",
                    "int 0x80",
                    "pop rbp",
                    "xchg {a1}, rbx",
                    a1 = inout(reg) $a[0] => _,
                    a6 = in(reg) $a[5],
                    inlateout("rax") $n => ret,
                    in("rcx") $a[1], in("rdx") $a[2], in("rsi") $a[3], in("rdi") $a[4],
                    lateout("r8") _, lateout("r9") _, lateout("r10") _, lateout("r11") _,
                    options($($opt),*)
                )
            };
            ret
        }};
    }

    /// `syscall0`..`syscall6` and their `_readonly` twins.
    macro_rules! int80_fns {
        ($($name:ident $ro:ident ($($arg:ident),*);)*) => {$(
            /// Makes i386 system call `n` with the arguments in order (low 32
            /// bits of each); returns the raw result register (see
            /// [`check`](crate::raw::check)).
            ///
            /// # Safety
            ///
            /// The arguments must be valid for i386 call `n`, addresses below
            /// 4 GiB; the kernel must have 32-bit emulation (see the module).
            #[inline(always)]
            pub unsafe fn $name(n: usize $(, $arg: usize)*) -> usize {
                let a = int80_fns!(@args $($arg),*);
                int80_asm!(n, a, [])
            }

            /// Like the call without `_readonly`, for calls that write no user memory.
            ///
            /// # Safety
            ///
            /// As for the plain variant; the call must not write user memory.
            #[inline(always)]
            pub unsafe fn $ro(n: usize $(, $arg: usize)*) -> usize {
                let a = int80_fns!(@args $($arg),*);
                int80_asm!(n, a, [readonly])
            }
        )*};
        (@args $($arg:ident),*) => {{
            let mut a = [0usize; 6];
            let given = [$($arg),*];
            a[..given.len()].copy_from_slice(&given);
            a
        }};
    }

    int80_fns! {
        syscall0 syscall0_readonly ();
        syscall1 syscall1_readonly (a1);
        syscall2 syscall2_readonly (a1, a2);
        syscall3 syscall3_readonly (a1, a2, a3);
        syscall4 syscall4_readonly (a1, a2, a3, a4);
        syscall5 syscall5_readonly (a1, a2, a3, a4, a5);
        syscall6 syscall6_readonly (a1, a2, a3, a4, a5, a6);
    }
}
