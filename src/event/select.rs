//! `select(2)` and `pselect6(2)` with a typed, bounds-checked fd set.
//!
//! The kernel's `fd_set` is a fixed bitmap of [`FD_SETSIZE`] (1024) bits;
//! C's `FD_SET` with a larger fd writes past it. Here [`FdSet::insert`]
//! refuses such an fd with `EINVAL`, and the `nfds` the kernel reads is
//! computed from the sets, so it never goes past them either. For more
//! fds, use [`poll`](super::poll) or [`epoll`](super::epoll_create).

use crate::base::signal::SigSet;
use crate::base::time::Timespec;
use crate::fd::{AsFd, BorrowedFd, RawFd};
use crate::sysno::call;
use crate::{syscall, Errno, Result};
use core::marker::PhantomData;
use core::ptr::{null, null_mut};
use core::time::Duration;
use static_assertions::{assert_eq_align, assert_eq_size};

/// The number of fds an [`FdSet`] holds: fds `0..FD_SETSIZE`.
pub const FD_SETSIZE: usize = 1024;

const WORD_BITS: usize = usize::BITS as usize;

/// A set of fds below [`FD_SETSIZE`], borrowed for `'fd`: the kernel's
/// `fd_set`, a bitmap of `unsigned long`s.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct FdSet<'fd> {
    bits: [usize; FD_SETSIZE / WORD_BITS],
    _fd: PhantomData<BorrowedFd<'fd>>,
}

assert_eq_size!(FdSet<'static>, [u8; FD_SETSIZE / 8]);
assert_eq_align!(FdSet<'static>, usize);

impl Default for FdSet<'_> {
    fn default() -> Self {
        FdSet::new()
    }
}

/// The word and bit of `fd`; `EINVAL` outside `0..FD_SETSIZE`.
#[inline]
fn position(fd: RawFd) -> Result<(usize, usize)> {
    match usize::try_from(fd) {
        Ok(n) if n < FD_SETSIZE => Ok((n / WORD_BITS, n % WORD_BITS)),
        _ => Err(Errno::EINVAL),
    }
}

impl<'fd> FdSet<'fd> {
    /// The empty set (`FD_ZERO`).
    #[inline]
    pub const fn new() -> Self {
        FdSet {
            bits: [0; FD_SETSIZE / WORD_BITS],
            _fd: PhantomData,
        }
    }

    /// Adds `fd`, borrowed while the set lives (`FD_SET`).
    ///
    /// # Errors
    ///
    /// `EINVAL` for an fd of [`FD_SETSIZE`] or more (or a negative one such
    /// as [`CWD`](crate::fs::CWD)): the set has no room for it.
    #[inline]
    pub fn insert(&mut self, fd: &'fd impl AsFd) -> Result<()> {
        let (w, b) = position(fd.as_fd().as_raw_fd())?;
        self.bits[w] |= 1 << b;
        Ok(())
    }

    /// Removes `fd` (`FD_CLR`); an fd the set cannot hold is not in it.
    #[inline]
    pub fn remove(&mut self, fd: impl AsFd) {
        if let Ok((w, b)) = position(fd.as_fd().as_raw_fd()) {
            self.bits[w] &= !(1 << b);
        }
    }

    /// Whether `fd` is in the set (`FD_ISSET`): after a select, whether it
    /// is ready.
    #[inline]
    pub fn contains(&self, fd: impl AsFd) -> bool {
        position(fd.as_fd().as_raw_fd()).is_ok_and(|(w, b)| self.bits[w] & (1 << b) != 0)
    }

    /// Empties the set.
    #[inline]
    pub fn clear(&mut self) {
        self.bits = [0; FD_SETSIZE / WORD_BITS];
    }

    /// Whether the set is empty.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.bits.iter().all(|&w| w == 0)
    }

    /// The fd numbers in the set, lowest first.
    pub fn iter(&self) -> impl Iterator<Item = RawFd> + '_ {
        (0..FD_SETSIZE)
            .filter(|&n| self.bits[n / WORD_BITS] & (1 << (n % WORD_BITS)) != 0)
            .map(|n| n as RawFd)
    }

    /// One more than the highest fd in the set; 0 if empty.
    fn limit(&self) -> usize {
        match self.bits.iter().rposition(|&w| w != 0) {
            Some(i) => i * WORD_BITS + (WORD_BITS - self.bits[i].leading_zeros() as usize),
            None => 0,
        }
    }
}

/// `pselect6`'s sixth argument: the mask and its size.
#[repr(C)]
struct SigmaskArg {
    set: *const SigSet,
    size: usize,
}

/// The set's pointer for the kernel and its fd limit.
fn set_arg(set: Option<&mut FdSet<'_>>) -> (*mut FdSet<'static>, usize) {
    match set {
        Some(s) => {
            let limit = s.limit();
            ((s as *mut FdSet<'_>).cast(), limit)
        }
        None => (null_mut(), 0),
    }
}

/// Waits until an fd of `read` is readable, of `write` writable, or of
/// `except` has an exceptional condition (`pselect6(2)`;
/// `pselect6_time64` on i386); returns how many are ready, in total, and
/// leaves in each set only its ready fds (0 and empty sets on timeout).
/// `timeout == None` waits forever. With `sigmask`, that mask applies
/// during the wait, atomically.
///
/// # Errors
///
/// `EINTR` if a signal handler ran (the sets are then unchanged);
/// `EINVAL` for a bad timeout; `EBADF` cannot happen, since the sets
/// borrow their fds.
pub fn pselect6(
    read: Option<&mut FdSet<'_>>,
    write: Option<&mut FdSet<'_>>,
    except: Option<&mut FdSet<'_>>,
    timeout: Option<&Timespec>,
    sigmask: Option<&SigSet>,
) -> Result<usize> {
    let (r, rn) = set_arg(read);
    let (w, wn) = set_arg(write);
    let (e, en) = set_arg(except);
    let nfds = rn.max(wn).max(en);
    // The kernel writes the time left back: give it a copy.
    let mut left = timeout.copied();
    let left = left.as_mut().map_or(null_mut(), |t| t as *mut Timespec);
    let mask = sigmask.map(|m| SigmaskArg {
        set: m,
        size: core::mem::size_of::<SigSet>(),
    });
    let mask = mask.as_ref().map_or(null(), |m| m as *const SigmaskArg);
    // SAFETY: each set pointer is null or a whole 1024-bit set the kernel
    // reads and writes, and `nfds` is at most 1024; `left` and `mask` are
    // null or valid, and `mask` points at a valid `SigSet`.
    unsafe { syscall!(call::PSELECT6, nfds, r, w, e, left, mask) }
}

/// [`pselect6`] with a `Duration` (or `None`: forever) and no signal mask:
/// what `select(2)` does (aarch64 and riscv64 have only `pselect6`). The
/// time left is not reported.
///
/// # Errors
///
/// As [`pselect6`].
pub fn select(
    read: Option<&mut FdSet<'_>>,
    write: Option<&mut FdSet<'_>>,
    except: Option<&mut FdSet<'_>>,
    timeout: Option<Duration>,
) -> Result<usize> {
    let timeout = timeout.map(Timespec::from_duration);
    pselect6(read, write, except, timeout.as_ref(), None)
}
