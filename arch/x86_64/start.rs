//! `_start` for x86_64, emitted into the user's program by
//! [`sysgate::start!`](crate::start).
//!
//! The kernel enters with rsp pointing at `argc` (16-byte aligned, but the
//! ABI does not promise it) and every other register meaningless. The code
//! clears rbp so that debuggers and unwinders see the outermost frame, hands
//! the initial stack pointer to the Rust entry as its first argument (rdi),
//! aligns rsp to 16 bytes as the System V ABI requires at a `call`, and
//! calls the entry, which never returns (`ud2` traps if it did).

#[doc(hidden)]
#[macro_export]
macro_rules! __start_asm {
    ($entry:path) => {
        ::core::arch::naked_asm!(
            "xor ebp, ebp",
            "mov rdi, rsp",
            "and rsp, -16",
            "call {entry}",
            "ud2",
            entry = sym $entry,
        )
    };
}
