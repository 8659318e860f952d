//! The memory functions on powerpc64: `strlen` reads a word at a time with
//! `ld` (the address in a register other than r0, which as a base reads as zero); the rest is [`generic`].

use crate::rt::mem::generic;

pub(crate) use generic::{compare, copy, copy_back, set};

crate::arch_generic::strlen_by_words!("ld {w}, 0({p})", reg_nonzero);
