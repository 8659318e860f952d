//! `_start` for i386, emitted into the user's program by
//! [`sysgate::start!`](crate::start).
//!
//! The kernel enters with esp pointing at `argc`. The code clears ebp (the
//! outermost frame), keeps the initial stack pointer in eax, aligns esp to
//! 16 bytes (what Rust's i686 code assumes at a `call`), pushes the pointer
//! as the only cdecl argument so that esp is aligned again at the `call`,
//! and calls the entry, which never returns (`ud2` traps if it did).

#[doc(hidden)]
#[macro_export]
macro_rules! __start_asm {
    ($entry:path) => {
        ::core::arch::naked_asm!(
            "xor ebp, ebp",
            "mov eax, esp",
            "and esp, -16",
            "sub esp, 12",
            "push eax",
            "call {entry}",
            "ud2",
            entry = sym $entry,
        )
    };
}
