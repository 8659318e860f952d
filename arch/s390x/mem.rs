//! The memory functions on s390x: `strlen` reads a word at a time with
//! `lg` (the address in a register other than r0, which as a base reads as zero); the rest is [`generic`].

use crate::rt::mem::generic;

pub(crate) use generic::{compare, copy, copy_back, set};

crate::arch_generic::strlen_by_words!("lg {w}, 0({p})", reg_addr);
