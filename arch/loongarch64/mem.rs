//! The memory functions on loongarch64: `strlen` reads a word at a time with
//! `ld.d`; the rest is [`generic`].

use crate::rt::mem::generic;

pub(crate) use generic::{compare, copy, copy_back, set};

crate::arch_generic::strlen_by_words!("ld.d {w}, {p}, 0", reg);
