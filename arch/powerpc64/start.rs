//! `_start` for powerpc64 (ELFv2), emitted into the user's program by
//! [`sysgate::start!`](crate::start).
//!
//! ELFv2 code addresses globals through the TOC pointer in r2, which a
//! function's local entry point assumes is set; nothing sets it before
//! `_start`. So the code first finds its own address (`bcl 20,31` puts the
//! next instruction's address in lr without disturbing the return-address
//! predictor) and loads r2 with `.TOC.` relative to it. Then it hands the
//! initial stack pointer (at `argc`) to the Rust entry in r3, aligns r1 to
//! 16 bytes, and pushes a minimal 32-byte frame whose back chain is 0 (the
//! outermost frame; the callee saves lr and r2 into it), and calls the
//! entry, which never returns (`trap` if it did).

#[doc(hidden)]
#[macro_export]
macro_rules! __start_asm {
    ($entry:path) => {
        ::core::arch::naked_asm!(
            "bcl 20, 31, 1f",
            "1:",
            "mflr 12",
            "addis 2, 12, (.TOC. - 1b)@ha",
            "addi 2, 2, (.TOC. - 1b)@l",
            "mr 3, 1",
            "clrrdi 1, 1, 4",
            "li 0, 0",
            "stdu 0, -32(1)",
            "mtlr 0",
            "bl {entry}",
            "nop",
            "trap",
            entry = sym $entry,
        )
    };
}
