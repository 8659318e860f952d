//! Processes.

mod lifecycle;
pub use lifecycle::*;
