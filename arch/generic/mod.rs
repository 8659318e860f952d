//! What several architectures share: the kernel's asm-generic definitions
//! (each architecture's `abi.rs` re-exports those it uses) and the entry
//! stub template.

mod abi;
pub(crate) mod stubs;

pub use abi::*;

/// `vfork(2)` as `clone(2)` with `CLONE_VM | CLONE_VFORK | SIGCHLD` and no
/// new stack, for the architectures that have no `vfork` call (or where
/// this is as good). The trap instruction uses no stack, so the child,
/// running on the parent's stack, leaves the parent's frames intact.
///
/// # Safety
///
/// The contract of [`crate::process::vfork`].
#[allow(dead_code)] // x86 has its own
#[inline(always)]
pub(crate) unsafe fn vfork_by_clone() -> usize {
    const FLAGS: usize = 0x100 | 0x4000 | 17; // CLONE_VM | CLONE_VFORK | SIGCHLD
    let (a1, a2) = if crate::arch::abi::CLONE_STACK_FIRST {
        (0, FLAGS)
    } else {
        (FLAGS, 0)
    };
    // SAFETY: forwarded from the caller.
    unsafe { crate::arch::syscall5(crate::Sysno::clone as usize, a1, a2, 0, 0, 0) }
}
