//! What several architectures share: the kernel's asm-generic definitions
//! (each architecture's `abi.rs` re-exports those it uses) and the entry
//! stub template.

mod abi;
pub(crate) mod stubs;

pub use abi::*;
