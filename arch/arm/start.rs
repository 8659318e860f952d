//! `_start` for 32-bit arm, emitted into the user's program by
//! [`sysgate::start!`](crate::start).
//!
//! The kernel enters with sp pointing at `argc`. The code clears the frame
//! pointer (r11) and lr (the outermost frame), hands the initial stack
//! pointer to the Rust entry in r0, aligns sp to 8 bytes as the AAPCS
//! requires at a public interface (`bic`), and calls the entry, which never
//! returns (`udf` traps if it did).

#[doc(hidden)]
#[macro_export]
macro_rules! __start_asm {
    ($entry:path) => {
        ::core::arch::naked_asm!(
            "mov r11, #0",
            "mov lr, #0",
            "mov r0, sp",
            "bic sp, sp, #15",
            "bl {entry}",
            "udf #0",
            entry = sym $entry,
        )
    };
}
