//! The memory functions on i386: x86_64's (`arch/x86_64/mem.rs`), which
//! uses the string instructions of both with the word size of each.

#[path = "../x86_64/mem.rs"]
mod x86;

pub(crate) use x86::*;
