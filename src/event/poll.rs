//! `poll(2)` and `ppoll(2)`.

use crate::base::signal::SigSet;
use crate::base::time::Timespec;
use crate::fd::{BorrowedFd, RawFd};
use crate::{syscall, Result};
use core::marker::PhantomData;
use core::mem::offset_of;
use core::ptr::{null, null_mut};
use core::time::Duration;
use static_assertions::{assert_eq_align, assert_eq_size, const_assert_eq};

crate::flags::bitflags! {
    /// `POLL*` flags: what to wait for and what happened.
    #[derive(Default)]
    pub struct PollFlags: i16 {
        /// `POLLIN`: readable.
        const IN = 0x1;
        /// `POLLPRI`: exceptional condition.
        const PRI = 0x2;
        /// `POLLOUT`: writable.
        const OUT = 0x4;
        /// `POLLERR`: error (always reported).
        const ERR = 0x8;
        /// `POLLHUP`: hang up (always reported).
        const HUP = 0x10;
        /// `POLLNVAL`: the fd is not open (always reported).
        const NVAL = 0x20;
        /// `POLLRDNORM`: normal data readable.
        const RDNORM = 0x40;
        /// `POLLRDBAND`: priority data readable.
        const RDBAND = 0x80;
        /// `POLLWRNORM`: normal data writable.
        const WRNORM = 0x100;
        /// `POLLWRBAND`: priority data writable.
        const WRBAND = 0x200;
        /// `POLLRDHUP`: the peer closed its writing side.
        const RDHUP = 0x2000;
        const _ = !0;
    }
}

/// One fd to poll: `struct pollfd`, borrowing the fd for `'fd`.
#[derive(Clone, Copy, Debug)]
#[repr(C)]
pub struct PollFd<'fd> {
    fd: RawFd,
    events: i16,
    revents: i16,
    _fd: PhantomData<BorrowedFd<'fd>>,
}

assert_eq_size!(PollFd<'static>, [u32; 2]);
assert_eq_align!(PollFd<'static>, u32);
const_assert_eq!(offset_of!(PollFd<'static>, events), 4);
const_assert_eq!(offset_of!(PollFd<'static>, revents), 6);

impl<'fd> PollFd<'fd> {
    /// Waits on `fd` for `events`. The fd is taken by value, so a
    /// temporary works: `PollFd::new(BorrowedFd::stdin(), PollFlags::IN)`;
    /// pass `owned.as_fd()` for an [`OwnedFd`](crate::OwnedFd).
    #[inline]
    pub const fn new(fd: BorrowedFd<'fd>, events: PollFlags) -> Self {
        PollFd {
            fd: fd.as_raw_fd(),
            events: events.bits(),
            revents: 0,
            _fd: PhantomData,
        }
    }

    /// The fd polled.
    #[inline]
    pub const fn fd(&self) -> BorrowedFd<'fd> {
        // SAFETY: the fd was a `BorrowedFd<'fd>` when this was made, so it
        // stays open for `'fd`.
        unsafe { BorrowedFd::borrow_raw(self.fd) }
    }

    /// What to wait for.
    #[inline]
    pub const fn events(&self) -> PollFlags {
        PollFlags::from_bits_retain(self.events)
    }

    /// Changes what to wait for (and clears [`revents`](Self::revents)).
    #[inline]
    pub fn set_events(&mut self, events: PollFlags) {
        self.events = events.bits();
        self.revents = 0;
    }

    /// What happened, after a poll.
    #[inline]
    pub fn revents(&self) -> PollFlags {
        PollFlags::from_bits_retain(self.revents)
    }
}

use crate::sysno::call::PPOLL as SYS_PPOLL;

/// Waits until one of `fds` is ready and sets each one's
/// [`revents`](PollFd::revents); returns how many are ready, 0 on timeout
/// (`ppoll(2)`; the 64-bit-time call on i386). `timeout == None` waits
/// forever. With `sigmask`, that mask applies during the wait.
///
/// # Errors
///
/// `EINTR` if a signal handler ran; `EINVAL` for more fds than
/// `RLIMIT_NOFILE` or a bad timeout.
pub fn ppoll(
    fds: &mut [PollFd<'_>],
    timeout: Option<&Timespec>,
    sigmask: Option<&SigSet>,
) -> Result<usize> {
    // The kernel writes the time left back: give it a copy.
    let mut left = timeout.copied();
    let left = left.as_mut().map_or(null_mut(), |t| t as *mut Timespec);
    let mask = sigmask.map_or(null(), |m| m as *const SigSet);
    // The kernel's `nfds` is an `unsigned int`: more would wrap to a few.
    let nfds = u32::try_from(fds.len()).map_err(|_| crate::Errno::EINVAL)?;
    // SAFETY: `fds` is a writable array of pollfds whose fds are borrowed;
    // `left` and `mask` are null or valid.
    unsafe { syscall!(SYS_PPOLL, fds.as_mut_ptr(), nfds, left, mask, 8) }
}

/// [`ppoll`] with a `Duration` (or `None`: forever) and no signal mask:
/// what `poll(2)` does (aarch64 and riscv64 have only `ppoll`).
pub fn poll(fds: &mut [PollFd<'_>], timeout: Option<Duration>) -> Result<usize> {
    ppoll(fds, timeout.map(Timespec::from_duration).as_ref(), None)
}
