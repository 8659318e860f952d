//! `_start` for s390x, emitted into the user's program by
//! [`sysgate::start!`](crate::start).
//!
//! The kernel enters with r15 (the stack pointer) pointing at `argc`. The
//! code hands that pointer to the Rust entry in r2, rounds r15 down to 8
//! bytes (the ELF ABI's stack alignment; `nill` clears the low bits), and
//! then allocates the 160-byte register save area that the s390x ELF ABI
//! requires every caller to provide below its stack pointer for the callee,
//! with a zero back chain at its start so that unwinders see the outermost
//! frame. It calls the entry with `brasl` (return address in r14), which
//! never returns (the zero halfword after it is an invalid instruction,
//! which traps if it did).

#[doc(hidden)]
#[macro_export]
macro_rules! __start_asm {
    ($entry:path) => {
        ::core::arch::naked_asm!(
            "lgr %r2, %r15",
            "nill %r15, 0xfff8",
            "aghi %r15, -160",
            "xc 0(8, %r15), 0(%r15)",
            "brasl %r14, {entry}",
            ".word 0",
            entry = sym $entry,
        )
    };
}
