//! The memory functions on riscv64: `strlen` reads a word at a time with
//! `ld`; the rest is [`generic`].

use crate::rt::mem::generic;

pub(crate) use generic::{compare, copy, copy_back, set};

crate::arch_generic::strlen_by_words!("ld {w}, 0({p})", reg);
