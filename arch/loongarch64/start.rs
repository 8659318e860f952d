//! `_start` for loongarch64, emitted into the user's program by
//! [`sysgate::start!`](crate::start).
//!
//! The kernel enters with sp pointing at `argc`. The code clears ra and the
//! frame pointer (the outermost frame), hands the initial stack pointer to
//! the Rust entry in a0, aligns sp to 16 bytes as the psABI requires
//! (`bstrins.d` clears bits 3..0), and calls the entry, which never returns
//! (`break 0` traps if it did).

#[doc(hidden)]
#[macro_export]
macro_rules! __start_asm {
    ($entry:path) => {
        ::core::arch::naked_asm!(
            "move $ra, $zero",
            "move $fp, $zero",
            "move $a0, $sp",
            "bstrins.d $sp, $zero, 3, 0",
            "bl {entry}",
            "break 0",
            entry = sym $entry,
        )
    };
}
