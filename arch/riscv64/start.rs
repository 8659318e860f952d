//! `_start` for riscv64, emitted into the user's program by
//! [`sysgate::start!`](crate::start).
//!
//! The kernel enters with sp pointing at `argc`. First the code loads gp
//! with `__global_pointer$`: the GNU linker relaxes accesses to small data
//! into gp-relative ones, so gp must hold that address before any Rust code
//! runs (the load itself must not be relaxed, hence `norelax`; the symbol is
//! weak because linkers that do not relax against gp may not define it).
//! Then it clears ra and the frame pointer (the outermost frame), hands the
//! initial stack pointer to the Rust entry in a0, aligns sp to 16 bytes as
//! the psABI requires, and calls the entry, which never returns (`unimp`
//! traps if it did).

#[doc(hidden)]
#[macro_export]
macro_rules! __start_asm {
    ($entry:path) => {
        ::core::arch::naked_asm!(
            ".weak __global_pointer$",
            ".option push",
            ".option norelax",
            "lla gp, __global_pointer$",
            ".option pop",
            "li ra, 0",
            "li s0, 0",
            "mv a0, sp",
            "andi sp, sp, -16",
            "call {entry}",
            "unimp",
            entry = sym $entry,
        )
    };
}
