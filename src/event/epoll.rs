//! `epoll(7)`.

use crate::base::signal::SigSet;
use crate::fd::{AsFd, OwnedFd};
use crate::{syscall, syscall_readonly, Result, Sysno};
use core::mem::{offset_of, size_of};
use core::ptr::null;
use core::time::Duration;
use static_assertions::const_assert_eq;

crate::flags::bitflags! {
    /// `EPOLL*` event flags: what to wait for and what happened.
    #[derive(Default)]
    pub struct EpollFlags: u32 {
        /// `EPOLLIN`: readable.
        const IN = 0x1;
        /// `EPOLLPRI`: exceptional condition (out-of-band data, ...).
        const PRI = 0x2;
        /// `EPOLLOUT`: writable.
        const OUT = 0x4;
        /// `EPOLLERR`: error condition (always reported).
        const ERR = 0x8;
        /// `EPOLLHUP`: hang up (always reported).
        const HUP = 0x10;
        /// `EPOLLRDNORM`: normal data readable.
        const RDNORM = 0x40;
        /// `EPOLLRDBAND`: priority data readable.
        const RDBAND = 0x80;
        /// `EPOLLWRNORM`: normal data writable.
        const WRNORM = 0x100;
        /// `EPOLLWRBAND`: priority data writable.
        const WRBAND = 0x200;
        /// `EPOLLMSG`: unused.
        const MSG = 0x400;
        /// `EPOLLRDHUP`: the peer closed its writing side.
        const RDHUP = 0x2000;
        /// `EPOLLEXCLUSIVE`: wake one of the epoll fds waiting on this fd.
        const EXCLUSIVE = 1 << 28;
        /// `EPOLLWAKEUP`: hold a wakeup source while the event is pending.
        const WAKEUP = 1 << 29;
        /// `EPOLLONESHOT`: disable the registration after one event.
        const ONESHOT = 1 << 30;
        /// `EPOLLET`: edge-triggered.
        const ET = 1 << 31;
        const _ = !0;
    }
}

pub use crate::arch::abi::EpollEvent;

// The layout is the architecture's (`arch/<arch>/abi.rs` asserts its size
// and alignment); on every one the flags come first and the data ends it.
const_assert_eq!(offset_of!(EpollEvent, events), 0);
const_assert_eq!(offset_of!(EpollEvent, data), size_of::<EpollEvent>() - 8);

impl EpollEvent {
    /// An event for `flags` carrying `data` (an index, a token, a pointer).
    #[inline]
    pub const fn new(flags: EpollFlags, data: u64) -> Self {
        EpollEvent {
            events: flags.bits(),
            data,
        }
    }

    /// The flags.
    #[inline]
    pub const fn flags(&self) -> EpollFlags {
        EpollFlags::from_bits_retain(self.events)
    }

    /// The user data.
    #[inline]
    pub const fn data(&self) -> u64 {
        self.data
    }
}

impl core::fmt::Debug for EpollEvent {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("EpollEvent")
            .field("flags", &self.flags())
            .field("data", &self.data())
            .finish()
    }
}

/// A new, close-on-exec epoll instance (`epoll_create1(2)` with
/// `EPOLL_CLOEXEC`).
///
/// # Errors
///
/// `EMFILE`/`ENFILE` when out of fds; `ENOMEM`.
pub fn epoll_create() -> Result<OwnedFd> {
    // SAFETY: a plain flag.
    let fd = unsafe { syscall_readonly!(Sysno::epoll_create1, super::CLOEXEC) }?;
    // SAFETY: the kernel returned a new fd that nothing else owns.
    Ok(unsafe { crate::raw::owned_fd(fd) })
}

/// What [`epoll_ctl`] does with an fd.
#[derive(Clone, Copy, Debug)]
pub enum EpollOp {
    /// `EPOLL_CTL_ADD`: register the fd with this event.
    Add(EpollEvent),
    /// `EPOLL_CTL_MOD`: change the registered event.
    Mod(EpollEvent),
    /// `EPOLL_CTL_DEL`: unregister the fd.
    Del,
}

/// Registers, changes or removes `fd` in the epoll instance `epfd`
/// (`epoll_ctl(2)`).
///
/// # Errors
///
/// `EEXIST` when adding an fd already there; `ENOENT` when changing or
/// removing one that is not; `EPERM` for an fd epoll cannot watch (a
/// regular file); `EINVAL` when `epfd` is not an epoll fd or is `fd`;
/// `ELOOP` for a cycle of epoll fds.
pub fn epoll_ctl(epfd: impl AsFd, op: EpollOp, fd: impl AsFd) -> Result<()> {
    let (op, event) = match &op {
        EpollOp::Add(e) => (1, e as *const EpollEvent),
        EpollOp::Mod(e) => (3, e as *const EpollEvent),
        EpollOp::Del => (2, null()),
    };
    let (epfd, fd) = (epfd.as_fd().as_raw_fd(), fd.as_fd().as_raw_fd());
    // SAFETY: `event` is null (delete) or a valid epoll_event.
    unsafe { syscall_readonly!(Sysno::epoll_ctl, epfd, op, fd, event) }?;
    Ok(())
}

/// Waits for events on `epfd` and fills the front of `events`; returns how
/// many (`epoll_pwait(2)`). `timeout == None` waits forever; a duration is
/// rounded up to milliseconds. With `sigmask`, that mask applies for the
/// duration of the wait.
///
/// # Errors
///
/// `EINTR` if a signal handler ran; `EINVAL` if `events` is empty or `epfd`
/// is not an epoll fd.
pub fn epoll_pwait(
    epfd: impl AsFd,
    events: &mut [EpollEvent],
    timeout: Option<Duration>,
    sigmask: Option<&SigSet>,
) -> Result<usize> {
    let max = events
        .len()
        .min((i32::MAX as usize) / size_of::<EpollEvent>());
    let mask = sigmask.map_or(null(), |m| m as *const SigSet);
    // SAFETY: `events` has room for `max` events; `mask` is null or valid.
    unsafe {
        syscall!(
            Sysno::epoll_pwait,
            epfd.as_fd().as_raw_fd(),
            events.as_mut_ptr(),
            max,
            super::timeout_ms(timeout),
            mask,
            8
        )
    }
}
