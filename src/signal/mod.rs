//! Signals: numbers, sets, handlers, masks, waiting, and sending.
//!
//! Everything here is the kernel's interface, not libc's: the kernel's
//! `struct sigaction` (which differs per architecture), a 64-bit signal set
//! (`_NSIG` is 64 on every supported architecture, so `sigsetsize` is 8),
//! and the 128-byte `siginfo_t`.
//!
//! # Returning from a handler
//!
//! A handler returns into a trampoline that calls `rt_sigreturn`. On x86_64
//! and i386 sysgate supplies it (`SA_RESTORER`, see `arch/<arch>/signal.rs`);
//! on aarch64 and riscv64 the kernel's vDSO trampoline is used.
//! [`SigAction::new`] does the right thing on each, so a handler installed
//! through [`sigaction`] always returns cleanly.
//!
//! # Living next to libc
//!
//! glibc and musl keep the first real-time signals (32 to 34) for their
//! own thread machinery; a program that has libc must leave those alone.

mod action;
mod mask;
mod send;
mod signalfd;

pub use crate::base::signal::{SiCode, SigInfo, SigSet, Signal};
pub(crate) use crate::base::signal::{SIGSET_SIZE, W};
pub use action::*;
pub use mask::*;
pub use send::*;
pub use signalfd::*;
