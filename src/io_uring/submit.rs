//! Filling the SQ ring and `io_uring_enter(2)`, including the SQPOLL
//! protocol: with a kernel thread polling the SQ, publishing the tail is
//! the submission, and a system call is needed only to wake the thread.
//!
//! Ordering (`io_uring(7)`, as liburing does it): entries are written, then
//! the tail is stored with release, so the kernel (which loads it with
//! acquire) sees whole entries; the kernel's head is loaded with acquire,
//! so its reads of the slots we reuse are done. With SQPOLL, a full fence
//! between storing the tail and loading the flags pairs with the thread's
//! own fence between setting `NEED_WAKEUP` and its last look at the tail:
//! either it sees our tail, or we see its flag.

use super::sqe::Entry;
use super::IoUring;
use super::SetupFlags;
use crate::fd::BorrowedFd;
use crate::time::Timespec;
use crate::{syscall, Errno, Result, Sysno};
use core::ffi::c_void;
use core::sync::atomic::{fence, Ordering};
use static_assertions::const_assert_eq;

crate::flags::bitflags! {
    /// `io_uring_enter(2)` flags (`IORING_ENTER_*`).
    #[derive(Default)]
    pub struct EnterFlags: u32 {
        /// Wait for `min_complete` completions.
        const GETEVENTS = 1 << 0;
        /// Wake the SQPOLL thread.
        const SQ_WAKEUP = 1 << 1;
        /// Wait until the SQPOLL thread has made room in the SQ (5.10).
        const SQ_WAIT = 1 << 2;
        /// The argument is a `struct io_uring_getevents_arg` (5.11).
        const EXT_ARG = 1 << 3;
        /// The fd is a registered ring index (5.18).
        const REGISTERED_RING = 1 << 4;
        const _ = !0;
    }
}

/// `IORING_SQ_*`: flags the kernel sets in the SQ ring.
const SQ_NEED_WAKEUP: u32 = 1 << 0;
const SQ_CQ_OVERFLOW: u32 = 1 << 1;
const SQ_TASKRUN: u32 = 1 << 2;

/// `struct io_uring_getevents_arg`: the argument of `io_uring_enter` with
/// `EXT_ARG`.
#[repr(C, align(8))]
struct GeteventsArg {
    sigmask: u64,
    sigmask_sz: u32,
    /// `pad` before Linux 6.12.
    min_wait_usec: u32,
    /// A `struct __kernel_timespec` pointer.
    ts: u64,
}
const_assert_eq!(core::mem::size_of::<GeteventsArg>(), 24);
const_assert_eq!(core::mem::offset_of!(GeteventsArg, ts), 16);

/// The SQ is full: submit, or reap completions, and push again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SqFull;

/// Submits and/or waits on a ring (`io_uring_enter(2)`): consumes up to
/// `to_submit` entries of the SQ, then with `GETEVENTS` waits until
/// `min_complete` completions are ready. Returns the number of entries
/// consumed. `arg` and `argsz` are the signal mask (`sigset_t` pointer and
/// its size, 8 on every architecture) or, with `EXT_ARG`, a
/// `struct io_uring_getevents_arg`; null and 0 for neither.
///
/// # Safety
///
/// The kernel runs every entry published in the ring's SQ: each must be
/// valid as [`Entry::from_raw`] describes. `arg` must be null or point to
/// `argsz` readable bytes of the kind `flags` says.
///
/// # Errors
///
/// `EAGAIN`/`EBUSY` (no memory for requests, or completions pending
/// overflow), `EBADF`/`EOPNOTSUPP` (not a ring), `EINTR` (a signal came
/// while waiting), `EINVAL` (bad flags), `EFAULT`, `ETIME` (the `EXT_ARG`
/// timeout expired).
pub unsafe fn enter(
    fd: BorrowedFd<'_>,
    to_submit: u32,
    min_complete: u32,
    flags: EnterFlags,
    arg: *const c_void,
    argsz: usize,
) -> Result<u32> {
    // SAFETY: the caller vouches for the entries and the argument.
    unsafe {
        enter_raw(
            fd.as_raw_fd(),
            to_submit,
            min_complete,
            flags.bits(),
            arg,
            argsz,
        )
    }
}

/// [`enter`] on an fd number or registered ring index.
#[inline]
unsafe fn enter_raw(
    fd: i32,
    to_submit: u32,
    min_complete: u32,
    flags: u32,
    arg: *const c_void,
    argsz: usize,
) -> Result<u32> {
    // SAFETY: forwarded from the caller. The count returned fits a u32
    // (it is at most `to_submit`).
    unsafe {
        syscall!(
            Sysno::io_uring_enter,
            fd,
            to_submit,
            min_complete,
            flags,
            arg,
            argsz
        )
    }
    .map(|n| n as u32)
}

impl IoUring {
    /// Free SQ slots.
    pub fn sq_space_left(&self) -> u32 {
        let used = self
            .sq_local_tail
            .wrapping_sub(self.sq_head().load(Ordering::Acquire));
        // Saturating: another holder of the ring fd could move the head.
        self.sq_entries.saturating_sub(used)
    }

    /// Entries pushed but not yet consumed by the kernel.
    pub fn sq_pending(&self) -> u32 {
        self.sq_local_tail
            .wrapping_sub(self.sq_head().load(Ordering::Acquire))
    }

    /// Queues an entry whose borrows are `'static` (or which borrows
    /// nothing: [`Entry::nop`], [`Entry::close`], [`Entry::cancel`],
    /// [`Entry::poll_remove`]); it is sent on the next submit.
    ///
    /// # Errors
    ///
    /// [`SqFull`] when the SQ has no free slot.
    #[inline]
    pub fn push(&mut self, entry: Entry<'static>) -> core::result::Result<(), SqFull> {
        // SAFETY: everything the entry names lives for the rest of the
        // program, longer than any operation (the `Entry` constructors tie
        // each pointer and fd to `'a`, here `'static`).
        unsafe { self.push_unchecked(entry) }
    }

    /// Queues an entry that borrows for less than `'static`.
    ///
    /// # Safety
    ///
    /// What the entry borrows (buffers, iovec arrays, paths, the timespec,
    /// the `Statx` out-value, addresses, fds) must stay valid — memory
    /// alive and not otherwise accessed where the kernel writes, fds open —
    /// until the entry's completion has been reaped from
    /// [`IoUring::completions`]. If the ring is dropped (or the process
    /// forks and the child keeps it) before that, the kernel may still run
    /// the operation after `drop` returns, so the memory must then stay
    /// valid for good (for example, leaked). A safe API cannot promise this:
    /// the borrow of an `Entry` ends when it is pushed, and a value can be
    /// forgotten without its destructor running, so no guard can hold it.
    ///
    /// # Errors
    ///
    /// [`SqFull`] when the SQ has no free slot.
    #[inline]
    pub unsafe fn push_unchecked(&mut self, entry: Entry<'_>) -> core::result::Result<(), SqFull> {
        if self.sq_room == 0 {
            self.sq_room = self.sq_space_left();
            if self.sq_room == 0 {
                return Err(SqFull);
            }
        }
        self.sq_room -= 1;
        let i = (self.sq_local_tail & self.sq_mask) as usize;
        // SAFETY: i < sq_entries; the slot is free (below the kernel's head
        // loaded with acquire, the kernel is done reading it) and is not
        // published until the tail moves past it in `publish`.
        unsafe { self.sqes.add(i).write(entry.into_raw()) };
        self.sq_local_tail = self.sq_local_tail.wrapping_add(1);
        Ok(())
    }

    /// Publishes the pushed entries (the tail store, release) and returns
    /// how many the kernel has yet to consume.
    #[inline]
    fn publish(&self) -> u32 {
        self.sq_tail().store(self.sq_local_tail, Ordering::Release);
        self.sq_pending()
    }

    /// Sends the pushed entries to the kernel; returns how many. With
    /// SQPOLL this is no system call unless the poll thread sleeps (then
    /// one `io_uring_enter` with `SQ_WAKEUP`); otherwise one
    /// `io_uring_enter`, or none when nothing is pending and no completion
    /// waits in the kernel's overflow list.
    ///
    /// # Errors
    ///
    /// As [`enter`]. On `EBUSY`/`EAGAIN`, reap completions and retry.
    #[inline]
    pub fn submit(&mut self) -> Result<u32> {
        self.submit_and_wait(0)
    }

    /// Submits, then waits until at least `want` completions are ready
    /// (`io_uring_enter` with `GETEVENTS`). Also flushes completions the
    /// kernel holds back because the CQ overflowed.
    ///
    /// # Errors
    ///
    /// As [`enter`]; `EINTR` if a signal interrupts the wait.
    #[inline]
    pub fn submit_and_wait(&mut self, want: u32) -> Result<u32> {
        self.submit_inner(want, 0, core::ptr::null())
    }

    /// As [`submit_and_wait`](IoUring::submit_and_wait), giving up after
    /// `timeout` (`IORING_ENTER_EXT_ARG`, 5.11).
    ///
    /// # Errors
    ///
    /// `ETIME` if fewer than `want` completions came in time; `EINVAL`
    /// without [`Features::EXT_ARG`](super::Features::EXT_ARG); as [`enter`].
    pub fn submit_and_wait_timeout(&mut self, want: u32, timeout: &Timespec) -> Result<u32> {
        let arg = GeteventsArg {
            sigmask: 0,
            sigmask_sz: 0,
            min_wait_usec: 0,
            ts: timeout as *const Timespec as usize as u64,
        };
        self.submit_inner(want.max(1), EnterFlags::EXT_ARG.bits(), &arg)
    }

    /// Publishes, then makes the `io_uring_enter` call only if the kernel
    /// must hear of it. `arg` is null or, with `EXT_ARG` in `extra`, a live
    /// `GeteventsArg`.
    #[inline]
    fn submit_inner(&mut self, want: u32, extra: u32, arg: *const GeteventsArg) -> Result<u32> {
        let pending = self.publish();
        let mut flags = self.enter_flags | extra;
        let sqpoll = self.flags.contains(SetupFlags::SQPOLL);
        let mut needs_enter = false;
        if pending > 0 {
            if sqpoll {
                fence(Ordering::SeqCst);
                if self.sq_kflags().load(Ordering::Relaxed) & SQ_NEED_WAKEUP != 0 {
                    flags |= EnterFlags::SQ_WAKEUP.bits();
                    needs_enter = true;
                }
            } else {
                needs_enter = true;
            }
        }
        let kflags = self.sq_kflags().load(Ordering::Relaxed);
        if want > 0 || kflags & (SQ_CQ_OVERFLOW | SQ_TASKRUN) != 0 {
            flags |= EnterFlags::GETEVENTS.bits();
            needs_enter = true;
        }
        if !needs_enter {
            return Ok(pending);
        }
        let argsz = if arg.is_null() {
            0
        } else {
            core::mem::size_of::<GeteventsArg>()
        };
        // SAFETY: every published entry came through `push_unchecked`,
        // whose callers vouched for it; `arg` is null or a live
        // `io_uring_getevents_arg` flagged by EXT_ARG.
        let n = unsafe { enter_raw(self.enter_fd, pending, want, flags, arg.cast(), argsz) }?;
        Ok(if sqpoll { pending } else { n })
    }

    /// Whether the SQPOLL thread is asleep (`IORING_SQ_NEED_WAKEUP`): the
    /// next [`submit`](IoUring::submit) will wake it with a system call.
    pub fn sq_needs_wakeup(&self) -> bool {
        self.sq_kflags().load(Ordering::Relaxed) & SQ_NEED_WAKEUP != 0
    }

    /// Whether completions overflowed the CQ and wait in the kernel
    /// (`IORING_SQ_CQ_OVERFLOW`): [`submit_and_wait`](IoUring::submit_and_wait)
    /// flushes them into the ring as it frees up.
    pub fn cq_overflow_pending(&self) -> bool {
        self.sq_kflags().load(Ordering::Relaxed) & SQ_CQ_OVERFLOW != 0
    }

    /// With SQPOLL, waits until the poll thread has made room in a full SQ
    /// (`io_uring_enter` with `SQ_WAIT`).
    ///
    /// # Errors
    ///
    /// `EINVAL` on a ring without SQPOLL; as [`enter`].
    pub fn sq_wait(&mut self) -> Result<()> {
        if !self.flags.contains(SetupFlags::SQPOLL) {
            return Err(Errno::EINVAL);
        }
        let flags = self.enter_flags | EnterFlags::SQ_WAIT.bits();
        // SAFETY: submits nothing; no argument pointer.
        unsafe { enter_raw(self.enter_fd, 0, 0, flags, core::ptr::null(), 0) }.map(drop)
    }
}
