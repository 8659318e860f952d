//! The raw layer: getpid through sysgate, hand-written asm, libc, rustix.

use crate::harness::{ok, Bench};
use sysgate::{syscall_readonly, Sysno};

/// getpid as the bare instruction, written out here for comparison.
#[inline(always)]
fn getpid_asm() -> usize {
    let ret: usize;
    // SAFETY: getpid takes no arguments and touches no memory.
    unsafe {
        #[cfg(target_arch = "x86_64")]
        core::arch::asm!("syscall", inlateout("rax") Sysno::getpid as usize => ret,
            lateout("rcx") _, lateout("r11") _, options(nostack, preserves_flags, readonly));
        #[cfg(target_arch = "aarch64")]
        core::arch::asm!("svc 0", in("x8") Sysno::getpid as usize, lateout("x0") ret,
            options(nostack, preserves_flags, readonly));
        #[cfg(target_arch = "riscv64")]
        core::arch::asm!("ecall", in("a7") Sysno::getpid as usize, lateout("a0") ret,
            options(nostack, preserves_flags, readonly));
        #[cfg(target_arch = "x86")]
        core::arch::asm!("call dword ptr gs:[0x10]", inlateout("eax") Sysno::getpid as usize => ret,
            options(readonly));
        #[cfg(target_arch = "arm")]
        core::arch::asm!("svc 0", in("r7") Sysno::getpid as usize, lateout("r0") ret,
            options(nostack, preserves_flags, readonly));
        #[cfg(target_arch = "powerpc64")]
        core::arch::asm!("sc", "bns+ 1f", "neg 3, 3", "1:",
            inlateout("r0") Sysno::getpid as usize => _, lateout("r3") ret,
            lateout("r4") _, lateout("r5") _, lateout("r6") _, lateout("r7") _, lateout("r8") _,
            lateout("r9") _, lateout("r10") _, lateout("r11") _, lateout("r12") _,
            lateout("cr0") _, lateout("ctr") _, lateout("xer") _, options(nostack, readonly));
        #[cfg(target_arch = "s390x")]
        core::arch::asm!("svc 0", in("r1") Sysno::getpid as usize, lateout("r2") ret,
            options(nostack, preserves_flags, readonly));
    }
    ret
}

pub fn run(b: &mut Bench) {
    b.compare(
        "getpid",
        &mut [
            // SAFETY: getpid takes no arguments.
            ("sysgate", &mut || {
                ok(unsafe { syscall_readonly!(Sysno::getpid) })
            }),
            ("(inline asm)", &mut || ok(Ok::<_, ()>(getpid_asm()))),
            // SAFETY: as above.
            ("libc", &mut || {
                ok(Ok::<_, ()>(unsafe { libc::syscall(libc::SYS_getpid) }))
            }),
            ("rustix", &mut || ok(Ok::<_, ()>(rustix::process::getpid()))),
        ],
    );
}
