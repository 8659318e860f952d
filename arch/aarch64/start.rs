//! `_start` for aarch64, emitted into the user's program by
//! [`sysgate::start!`](crate::start).
//!
//! The kernel enters with sp pointing at `argc`. The code clears the frame
//! pointer (x29) and link register (x30) so that debuggers and unwinders see
//! the outermost frame, hands the initial stack pointer to the Rust entry in
//! x0, rounds sp down to 16 bytes (the architecture faults on a misaligned
//! sp; `and` cannot name sp, hence the detour through x1), and calls the
//! entry, which never returns (`brk` traps if it did).

#[doc(hidden)]
#[macro_export]
macro_rules! __start_asm {
    ($entry:path) => {
        ::core::arch::naked_asm!(
            "mov x29, xzr",
            "mov x30, xzr",
            "mov x0, sp",
            "and x1, x0, #-16",
            "mov sp, x1",
            "bl {entry}",
            "brk #1",
            entry = sym $entry,
        )
    };
}
