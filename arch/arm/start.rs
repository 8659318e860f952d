//! `_start` for 32-bit arm, emitted into the user's program by
//! [`sysgate::start!`](crate::start).
//!
//! The kernel enters with sp pointing at `argc`. The code clears the frame
//! pointers (r11 in Arm code, r7 in Thumb code) and lr (the outermost
//! frame), hands the initial stack pointer to the Rust entry in r0, rounds
//! sp down to 16 bytes (the AAPCS needs 8 at a public interface; Thumb's
//! `bic` cannot name sp, hence the detour through r1), and calls the entry,
//! which never returns (`udf` traps if it did).

#[doc(hidden)]
#[macro_export]
macro_rules! __start_asm {
    ($entry:path) => {
        ::core::arch::naked_asm!(
            "mov r11, #0",
            "mov r7, #0",
            "mov lr, #0",
            "mov r0, sp",
            "bic r1, r0, #15",
            "mov sp, r1",
            "bl {entry}",
            "udf #0",
            entry = sym $entry,
        )
    };
}
