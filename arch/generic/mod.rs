//! What several architectures share: the kernel's asm-generic definitions
//! (each architecture's `abi.rs` re-exports those it uses), the entry
//! stub template and the word-at-a-time `strlen`.

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

/// Defines `strlen` for an architecture's `mem.rs` as
/// [`strlen_by_words`](crate::rt::mem::generic::strlen_by_words), given the
/// instruction that loads the aligned word at `{p}` into `{w}` and the
/// register class that can hold the address.
#[allow(unused_macros)] // x86 has its own `strlen`
macro_rules! strlen_by_words {
    ($load:literal, $addr:ident) => {
        /// `strlen` a word at a time.
        ///
        /// # Safety
        ///
        /// `s` points to a NUL-terminated string.
        pub(crate) unsafe fn strlen(s: *const u8) -> usize {
            #[inline(always)]
            unsafe fn load(p: *const u8) -> usize {
                let w;
                // SAFETY: `strlen_by_words` passes an aligned address in a
                // page that holds string bytes; the load writes nothing.
                unsafe {
                    core::arch::asm!(
                        $load,
                        p = in($addr) p,
                        w = lateout(reg) w,
                        options(pure, readonly, nostack, preserves_flags),
                    )
                };
                w
            }
            // SAFETY: forwarded from the caller; `load` is one aligned load.
            unsafe { crate::rt::mem::generic::strlen_by_words(s, load) }
        }
    };
}
#[allow(unused_imports)]
pub(crate) use strlen_by_words;
