//! io_uring: asynchronous system calls through two rings shared with the
//! kernel (`io_uring(7)`, `io_uring_setup(2)`, `io_uring_enter(2)`,
//! `io_uring_register(2)`), with no allocation and no libc.
//!
//! [`IoUring::new`] makes a ring and maps it; [`Entry`] builds typed
//! submissions (read, write, their vectored and fixed-buffer forms, fsync,
//! openat, close, statx, poll, timeout, accept, connect, send, recv,
//! cancel, and [`Entry::from_raw`] for the rest); [`IoUring::push`] queues
//! them, [`IoUring::submit`] sends them, and [`IoUring::completions`] reads
//! the results. With [`SetupFlags::SQPOLL`] a kernel thread picks up
//! submissions, and a busy ring submits with no system call at all.
//!
//! # Why pushing a borrowed buffer is `unsafe`
//!
//! The kernel reads or writes an entry's buffer at some point between the
//! submission and the completion, long after the call that pushed it has
//! returned. An [`Entry<'a>`](Entry) borrows its buffers, paths and fds for
//! `'a`, but that borrow ends when the entry is pushed; and nothing can hold
//! it longer, since a guard can be leaked with `mem::forget` and the memory
//! then freed while the kernel still writes to it. So:
//!
//! - [`IoUring::push`] is safe for `Entry<'static>`: entries that borrow
//!   nothing (nop, cancel, poll remove, close of an owned fd) or only
//!   `'static` data (leaked or static buffers, the standard fds).
//! - [`IoUring::push_unchecked`] takes any `Entry`, and its caller promises
//!   that what the entry borrows stays valid until its completion is reaped.
//! - Registered buffers ([`IoUring::register_buffers`]) are `unsafe` for the
//!   same reason: the kernel keeps using them after the call.
//!
//! Dropping a ring with work in flight unmaps the rings and closes the fd,
//! which makes the kernel cancel that work, asynchronously: memory given to
//! [`IoUring::push_unchecked`] must outlive the operations, not the ring.

mod cqe;
mod register;
mod setup;
mod sqe;
mod submit;

pub use cqe::{Completions, Cqe, CqeFlags};
pub use register::{register, Probe, ProbeOp};
pub use setup::{setup, CqringOffsets, Features, IoUring, Params, SetupFlags, SqringOffsets};
pub use sqe::{opcode, CancelFlags, Entry, Fixed, FsyncFlags, Sqe, SqeFlags, Target, TimeoutFlags};
pub use submit::{enter, EnterFlags, SqFull};
