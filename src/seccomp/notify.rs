//! User notification, the supervisor's side (`seccomp_unotify(2)`): a call
//! a filter answers with [`Action::UserNotif`](super::Action::UserNotif)
//! waits until the holder of the listener fd receives it and responds.

use super::{notif_sizes, SeccompData};
use crate::fd::{AsFd, BorrowedFd, OwnedFd, RawFd};
use crate::fs::OFlags;
use crate::io::ioctl;
use crate::{Errno, Result};
use core::mem::size_of;
use static_assertions::{assert_eq_size, const_assert_eq};

/// A request number, in the generic `_IOC` encoding (which differs only on
/// architectures this crate does not support: alpha, mips, powerpc, sparc).
const fn ioc(dir: u32, nr: u32, size: usize) -> u32 {
    const MAGIC: u32 = b'!' as u32; // SECCOMP_IOC_MAGIC
    (dir << 30) | ((size as u32) << 16) | (MAGIC << 8) | nr
}
const WRITE: u32 = 1;
const READ: u32 = 2;
const NOTIF_RECV: u32 = ioc(READ | WRITE, 0, size_of::<Notif>());
const NOTIF_SEND: u32 = ioc(READ | WRITE, 1, size_of::<NotifResp>());
const NOTIF_ID_VALID: u32 = ioc(WRITE, 2, size_of::<u64>());
const NOTIF_ADDFD: u32 = ioc(WRITE, 3, size_of::<NotifAddfd>());

const_assert_eq!(NOTIF_RECV, 0xc050_2100);
const_assert_eq!(NOTIF_SEND, 0xc018_2101);
const_assert_eq!(NOTIF_ID_VALID, 0x4008_2102);
const_assert_eq!(NOTIF_ADDFD, 0x4018_2103);

/// A call waiting for the supervisor (`struct seccomp_notif`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct Notif {
    /// The notification's id, for the answer.
    pub id: u64,
    /// The calling thread, in the supervisor's pid namespace (0 when it is
    /// not visible there).
    pub pid: u32,
    /// Unused (0).
    pub flags: u32,
    /// The call.
    pub data: SeccompData,
}

assert_eq_size!(Notif, [u8; 80]);
const_assert_eq!(core::mem::offset_of!(Notif, data), 16);

/// `struct seccomp_notif_resp`.
#[derive(Default)]
#[repr(C)]
struct NotifResp {
    id: u64,
    val: i64,
    error: i32,
    flags: u32,
}

assert_eq_size!(NotifResp, [u8; 24]);
const_assert_eq!(core::mem::offset_of!(NotifResp, error), 16);

/// `struct seccomp_notif_addfd`.
#[repr(C)]
struct NotifAddfd {
    id: u64,
    flags: u32,
    srcfd: u32,
    newfd: u32,
    newfd_flags: u32,
}

assert_eq_size!(NotifAddfd, [u8; 24]);

/// `SECCOMP_USER_NOTIF_FLAG_CONTINUE`.
const FLAG_CONTINUE: u32 = 1;
/// `SECCOMP_ADDFD_FLAG_SETFD`, `SECCOMP_ADDFD_FLAG_SEND`.
const ADDFD_SETFD: u32 = 1;
const ADDFD_SEND: u32 = 2;

/// Room for a kernel whose structures have grown: the kernel copies its own
/// size, which [`Listener::new`] checks against these buffers.
const RESERVE: usize = 64;

#[derive(Default)]
#[repr(C)]
struct Padded<T> {
    value: T,
    reserve: [u64; RESERVE / 8],
}

/// The answer to a notification.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Response {
    /// The call fails with this error.
    Errno(Errno),
    /// The call returns this value (without being made).
    Value(i64),
    /// The call is made as it is (`SECCOMP_USER_NOTIF_FLAG_CONTINUE`, Linux
    /// 5.5): for calls the supervisor finds harmless. Its arguments may have
    /// changed since they were checked (the target's memory is its own):
    /// never a security decision on pointed-to data.
    Continue,
}

/// The supervisor's end of user notification: the fd from
/// [`install`](super::install) with
/// [`NEW_LISTENER`](super::FilterFlags::NEW_LISTENER), usually passed to
/// another process.
#[derive(Debug)]
pub struct Listener {
    fd: OwnedFd,
}

impl Listener {
    /// Wraps a listener fd, checking that the kernel's notification
    /// structures fit the buffers used here ([`notif_sizes`]).
    ///
    /// # Errors
    ///
    /// `EINVAL` on kernels before 5.0; `EOVERFLOW` when the kernel's
    /// structures outgrew this crate's buffers.
    pub fn new(fd: OwnedFd) -> Result<Listener> {
        let s = notif_sizes()?;
        let fits = |k: u16, ours: usize| usize::from(k) <= ours + RESERVE;
        if !fits(s.notif, size_of::<Notif>())
            || !fits(s.resp, size_of::<NotifResp>())
            || usize::from(s.data) < size_of::<SeccompData>()
        {
            return Err(Errno::EOVERFLOW);
        }
        Ok(Listener { fd })
    }

    /// Waits for the next notification (`SECCOMP_IOCTL_NOTIF_RECV`).
    ///
    /// # Errors
    ///
    /// `ENOENT`: the target died (or was interrupted) before it was received;
    /// `EINTR`: a signal; `EBADF`/`EINVAL`: not a listener.
    pub fn recv(&self) -> Result<Notif> {
        // The kernel insists on a zeroed buffer.
        let mut buf = Padded::<Notif>::default();
        // SAFETY: the kernel writes its `seccomp_notif`, which fits (checked
        // by `new`).
        unsafe { ioctl(&self.fd, NOTIF_RECV, &mut buf as *mut _ as usize) }?;
        Ok(buf.value)
    }

    /// Answers notification `id` (`SECCOMP_IOCTL_NOTIF_SEND`).
    ///
    /// # Errors
    ///
    /// `ENOENT`: the call is no longer waiting (the target died, or a signal
    /// interrupted it); `EINPROGRESS`: already answered; `EINVAL`: a
    /// `Continue` the kernel does not know.
    pub fn respond(&self, id: u64, response: Response) -> Result<()> {
        let mut buf = Padded::<NotifResp>::default();
        buf.value.id = id;
        match response {
            Response::Errno(e) => buf.value.error = -e.raw(),
            Response::Value(v) => buf.value.val = v,
            Response::Continue => buf.value.flags = FLAG_CONTINUE,
        }
        // SAFETY: the kernel reads its `seccomp_notif_resp`, which fits.
        unsafe { ioctl(&self.fd, NOTIF_SEND, &mut buf as *mut _ as usize) }.map(drop)
    }

    /// Whether notification `id` is still waiting
    /// (`SECCOMP_IOCTL_NOTIF_ID_VALID`): check it after reading the target's
    /// memory, whose pid may have been reused.
    ///
    /// # Errors
    ///
    /// `EBADF`/`EINVAL`: not a listener.
    pub fn id_valid(&self, id: u64) -> Result<bool> {
        // SAFETY: the kernel reads one u64.
        match unsafe { ioctl(&self.fd, NOTIF_ID_VALID, &id as *const u64 as usize) } {
            Ok(_) => Ok(true),
            Err(Errno::ENOENT) => Ok(false),
            Err(e) => Err(e),
        }
    }

    fn addfd(
        &self,
        id: u64,
        fd: BorrowedFd<'_>,
        flags: u32,
        newfd: RawFd,
        cloexec: bool,
    ) -> Result<RawFd> {
        let a = NotifAddfd {
            id,
            flags,
            // fds are never negative: the casts are lossless.
            srcfd: fd.as_raw_fd() as u32,
            newfd: newfd as u32,
            newfd_flags: if cloexec { OFlags::CLOEXEC.bits() } else { 0 },
        };
        // SAFETY: the kernel reads one `seccomp_notif_addfd`.
        let r = unsafe { ioctl(&self.fd, NOTIF_ADDFD, &a as *const NotifAddfd as usize) }?;
        // An fd number, below the fd limit: fits in i32.
        Ok(r as RawFd)
    }

    /// Puts a copy of `fd` into the target of notification `id`, at the
    /// lowest free number, and returns that number
    /// (`SECCOMP_IOCTL_NOTIF_ADDFD`, Linux 5.9). The call still waits for
    /// an answer, such as `Response::Value` of the number.
    ///
    /// # Errors
    ///
    /// `ENOENT`: the call is no longer waiting; `EMFILE`: the target's fd
    /// limit; `EBADF`: `fd` or the listener.
    pub fn add_fd(&self, id: u64, fd: impl AsFd, cloexec: bool) -> Result<RawFd> {
        self.addfd(id, fd.as_fd(), 0, 0, cloexec)
    }

    /// As [`add_fd`](Self::add_fd), and answers the call with the new number
    /// in one step (`SECCOMP_ADDFD_FLAG_SEND`, Linux 5.14), as an `openat`
    /// or `accept` would return it.
    ///
    /// # Errors
    ///
    /// As [`add_fd`](Self::add_fd); `EINPROGRESS`: already answered.
    pub fn add_fd_send(&self, id: u64, fd: impl AsFd, cloexec: bool) -> Result<RawFd> {
        self.addfd(id, fd.as_fd(), ADDFD_SEND, 0, cloexec)
    }

    /// As [`add_fd`](Self::add_fd), at number `newfd` in the target,
    /// replacing what it had there (`SECCOMP_ADDFD_FLAG_SETFD`).
    ///
    /// # Safety
    ///
    /// The target must own nothing at `newfd`, or expect it replaced: this
    /// closes whatever was there behind its owner's back.
    ///
    /// # Errors
    ///
    /// As [`add_fd`](Self::add_fd); `EBADF` for a negative `newfd`.
    pub unsafe fn add_fd_at(
        &self,
        id: u64,
        fd: impl AsFd,
        newfd: RawFd,
        cloexec: bool,
    ) -> Result<RawFd> {
        if newfd < 0 {
            return Err(Errno::EBADF);
        }
        self.addfd(id, fd.as_fd(), ADDFD_SETFD, newfd, cloexec)
    }
}

impl AsFd for Listener {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }
}
