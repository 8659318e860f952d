//! The memory functions on 32-bit arm: `strlen` reads a word at a time with
//! `ldr`; the rest is [`generic`].

use crate::rt::mem::generic;

pub(crate) use generic::{compare, copy, copy_back, set};

crate::arch_generic::strlen_by_words!("ldr {w}, [{p}]", reg);
