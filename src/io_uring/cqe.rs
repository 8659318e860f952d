//! Completion queue entries, and reading them off the CQ ring.
//!
//! The protocol (`io_uring(7)`): the kernel writes entries, then stores the
//! tail with release semantics; we load the tail with acquire (so the
//! entries below it are visible), copy them, then store the head with
//! release (so the kernel reuses a slot only after our copy is done).

use super::IoUring;
use crate::{Errno, Result};
use core::mem::{align_of, offset_of, size_of};
use core::sync::atomic::Ordering;
use static_assertions::const_assert_eq;

/// A completion: `struct io_uring_cqe` (16 bytes).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(C, align(8))]
pub struct Cqe {
    /// The submission's `user_data`, unchanged.
    pub user_data: u64,
    /// The result: what the system call would return, or `-errno`.
    pub res: i32,
    /// [`CqeFlags`] bits (and a buffer id in the top 16 bits).
    pub flags: u32,
}

const_assert_eq!(size_of::<Cqe>(), 16);
const_assert_eq!(align_of::<Cqe>(), 8);
const_assert_eq!(offset_of!(Cqe, res), 8);
const_assert_eq!(offset_of!(Cqe, flags), 12);

crate::flags::bitflags! {
    /// Completion flags (`IORING_CQE_F_*`).
    #[derive(Default)]
    pub struct CqeFlags: u32 {
        /// The top 16 bits hold the id of the provided buffer used.
        const BUFFER = 1 << 0;
        /// More completions will come for this request (multishot).
        const MORE = 1 << 1;
        /// The socket has more data to read.
        const SOCK_NONEMPTY = 1 << 2;
        /// A zero-copy send's notification.
        const NOTIF = 1 << 3;
        const _ = !0;
    }
}

impl Cqe {
    /// The result as a `Result`: `Ok(res)` when non-negative, else the error.
    pub fn result(&self) -> Result<u32> {
        if self.res >= 0 {
            Ok(self.res as u32)
        } else {
            // Results are in [-4095, -1] when negative; anything else would
            // be a kernel bug, reported as EIO rather than wrapped.
            Err(self
                .res
                .checked_neg()
                .and_then(Errno::from_raw)
                .unwrap_or(Errno::EIO))
        }
    }

    /// The flags.
    pub fn flags(&self) -> CqeFlags {
        CqeFlags::from_bits_retain(self.flags)
    }

    /// The provided buffer's id, with [`CqeFlags::BUFFER`].
    pub fn buffer_id(&self) -> Option<u16> {
        self.flags()
            .contains(CqeFlags::BUFFER)
            .then_some((self.flags >> 16) as u16)
    }
}

/// The completions ready in the CQ ring, oldest first
/// ([`IoUring::completions`]). Each is consumed as it is yielded; the
/// kernel gets the slots back (head stored) when the iterator is dropped.
pub struct Completions<'r> {
    ring: &'r mut IoUring,
    head: u32,
    tail: u32,
}

impl IoUring {
    /// Iterates over the completions now in the CQ ring (no system call; to
    /// wait for some, or to flush completions that overflowed the ring, see
    /// [`IoUring::submit_and_wait`]).
    pub fn completions(&mut self) -> Completions<'_> {
        let head = self.cq_head().load(Ordering::Relaxed);
        let tail = self.cq_tail().load(Ordering::Acquire);
        Completions {
            ring: self,
            head,
            tail,
        }
    }

    /// The number of completions ready to be read.
    pub fn cq_ready(&self) -> u32 {
        let tail = self.cq_tail().load(Ordering::Acquire);
        tail.wrapping_sub(self.cq_head().load(Ordering::Relaxed))
    }
}

impl Iterator for Completions<'_> {
    type Item = Cqe;

    #[inline]
    fn next(&mut self) -> Option<Cqe> {
        if self.head == self.tail {
            // Look again: the kernel may have posted more meanwhile.
            self.tail = self.ring.cq_tail().load(Ordering::Acquire);
            if self.head == self.tail {
                return None;
            }
        }
        let i = (self.head & self.ring.cq_mask) as usize;
        // SAFETY: i < cq_entries (the mask is entries - 1); the slot lies
        // below the tail loaded with acquire, so the kernel finished writing
        // it, and it will not reuse it before we store a head past it.
        let cqe = unsafe { self.ring.cqes.add(i).read() };
        self.head = self.head.wrapping_add(1);
        Some(cqe)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.tail.wrapping_sub(self.head) as usize, None)
    }
}

impl Drop for Completions<'_> {
    fn drop(&mut self) {
        // Release: our copies of the entries happen before the kernel
        // sees the slots free.
        self.ring.cq_head().store(self.head, Ordering::Release);
    }
}
