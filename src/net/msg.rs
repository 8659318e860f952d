//! `sendmsg(2)` and `recvmsg(2)`: scatter/gather buffers and ancillary data
//! (`SCM_RIGHTS` fd passing, `SCM_CREDENTIALS`, `SCM_PIDFD`), in
//! caller-provided memory.

use super::{RecvFlags, SendFlags, SockAddr, SocketAddrAny};
use crate::fd::{AsFd, BorrowedFd, OwnedFd, RawFd};
use crate::io::{IoSlice, IoSliceMut};
use crate::process::{pid_or_self, Gid, Pid, Uid};
use crate::{syscall, syscall_readonly, Errno, Result, Sysno};
use core::ffi::c_void;
use core::marker::PhantomData;
use core::mem::{offset_of, size_of};
use core::ptr::{null, null_mut};
use static_assertions::{assert_eq_align, assert_eq_size, const_assert_eq};

/// The kernel's `struct user_msghdr`.
#[repr(C)]
struct MsgHdr {
    name: *mut c_void,
    namelen: u32,
    iov: *mut c_void,
    iovlen: usize,
    control: *mut c_void,
    controllen: usize,
    flags: i32,
}

const W: usize = size_of::<usize>();
const_assert_eq!(offset_of!(MsgHdr, iov), 2 * W);
const_assert_eq!(offset_of!(MsgHdr, control), 4 * W);
const_assert_eq!(offset_of!(MsgHdr, flags), 6 * W);
assert_eq_size!(MsgHdr, [usize; 7]);
assert_eq_align!(MsgHdr, usize);

/// The kernel's `struct cmsghdr`; its data follows, aligned to a word.
#[repr(C)]
struct CmsgHdr {
    len: usize,
    level: i32,
    kind: i32,
}

assert_eq_size!(CmsgHdr, [u8; W + 8]);
assert_eq_align!(CmsgHdr, usize);
const_assert_eq!(offset_of!(CmsgHdr, kind), W + 4);

/// `SOL_SOCKET`.
const SOL_SOCKET: i32 = 1;
/// `SCM_RIGHTS`.
const SCM_RIGHTS: i32 = 1;
/// `SCM_CREDENTIALS`.
const SCM_CREDENTIALS: i32 = 2;
/// `SCM_PIDFD` (Linux 6.5): a pidfd of the sender, with `SO_PASSPIDFD`.
const SCM_PIDFD: i32 = 4;
/// `MSG_CMSG_CLOEXEC`.
const MSG_CMSG_CLOEXEC: i32 = 0x4000_0000;

/// Rounds up to the alignment of control messages (`CMSG_ALIGN`).
const fn cmsg_align(n: usize) -> usize {
    n.next_multiple_of(W)
}

/// The buffer space one control message with `data_len` bytes of data
/// takes (`CMSG_SPACE`). Size buffers with the sum over the messages, plus
/// `size_of::<usize>() - 1` if the buffer might not be word-aligned.
pub const fn cmsg_space(data_len: usize) -> usize {
    cmsg_align(size_of::<CmsgHdr>()) + cmsg_align(data_len)
}

/// The process credentials passed with `SCM_CREDENTIALS` and returned by
/// [`sockopt::PEERCRED`](super::sockopt::PEERCRED): the kernel's
/// `struct ucred`, typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct UCred {
    /// Process id; `None` (the kernel's 0) when that process is not visible
    /// in the receiver's pid namespace, or for the peer of a socket that was
    /// never connected.
    pub pid: Option<Pid>,
    /// User id.
    pub uid: Uid,
    /// Group id.
    pub gid: Gid,
}

impl UCred {
    /// The kernel's `struct ucred`: pid, uid, gid.
    pub(super) const fn to_raw(self) -> [u32; 3] {
        [
            pid_or_self(self.pid) as u32,
            self.uid.as_raw(),
            self.gid.as_raw(),
        ]
    }

    /// From the kernel's `struct ucred`.
    pub(super) const fn from_raw(raw: [u32; 3]) -> UCred {
        UCred {
            pid: Pid::from_raw(raw[0] as i32),
            uid: Uid::from_raw(raw[1]),
            gid: Gid::from_raw(raw[2]),
        }
    }
}

/// The word-aligned part of `buf`.
fn aligned(buf: &mut [u8]) -> &mut [u8] {
    let skip = buf.as_ptr().align_offset(W).min(buf.len());
    &mut buf[skip..]
}

/// Control messages to send, built in a caller-provided buffer.
pub struct SendAncillary<'buf, 'fd> {
    buf: &'buf mut [u8],
    len: usize,
    _fds: PhantomData<BorrowedFd<'fd>>,
}

impl<'buf, 'fd> SendAncillary<'buf, 'fd> {
    /// Builds messages in `buf` (its word-aligned part).
    pub fn new(buf: &'buf mut [u8]) -> Self {
        SendAncillary {
            buf: aligned(buf),
            len: 0,
            _fds: PhantomData,
        }
    }

    /// Appends one message; `ENOBUFS` if it does not fit.
    fn push(&mut self, kind: i32, data: &[u8]) -> Result<()> {
        let space = cmsg_space(data.len());
        let Some(msg) = self.buf.get_mut(self.len..self.len + space) else {
            return Err(Errno::ENOBUFS);
        };
        msg.fill(0);
        let hdr = CmsgHdr {
            len: cmsg_align(size_of::<CmsgHdr>()) + data.len(),
            level: SOL_SOCKET,
            kind,
        };
        // SAFETY: `msg` starts word-aligned (the buffer is, and every
        // message takes a multiple of a word) and has room for the header.
        unsafe { msg.as_mut_ptr().cast::<CmsgHdr>().write(hdr) };
        let off = cmsg_align(size_of::<CmsgHdr>());
        msg[off..off + data.len()].copy_from_slice(data);
        self.len += space;
        Ok(())
    }

    /// Adds an `SCM_RIGHTS` message passing `fds` (the receiver gets new fds
    /// to the same open files).
    ///
    /// # Errors
    ///
    /// `ENOBUFS` if the buffer is too small.
    pub fn push_rights(&mut self, fds: &[BorrowedFd<'fd>]) -> Result<()> {
        let mut data = [0u8; 253 * 4];
        let Some(bytes) = data.get_mut(..fds.len() * 4) else {
            // The kernel takes at most 253 fds in one message (SCM_MAX_FD).
            return Err(Errno::EINVAL);
        };
        for (chunk, fd) in bytes.chunks_exact_mut(4).zip(fds) {
            chunk.copy_from_slice(&fd.as_raw_fd().to_ne_bytes());
        }
        self.push(SCM_RIGHTS, bytes)
    }

    /// Adds an `SCM_CREDENTIALS` message. Unprivileged senders may only
    /// send their own pid, uid and gid.
    ///
    /// # Errors
    ///
    /// `ENOBUFS` if the buffer is too small.
    pub fn push_credentials(&mut self, cred: UCred) -> Result<()> {
        let mut data = [0u8; 12];
        for (bytes, v) in data.chunks_exact_mut(4).zip(cred.to_raw()) {
            bytes.copy_from_slice(&v.to_ne_bytes());
        }
        self.push(SCM_CREDENTIALS, &data)
    }
}

/// Control messages received by [`recvmsg`], in a caller-provided buffer.
///
/// File descriptors received with `SCM_RIGHTS` and `SCM_PIDFD` are owned by
/// this value until [`drain`](Self::drain) hands them out; those never taken are closed when
/// it is dropped or reused. They are close-on-exec (`MSG_CMSG_CLOEXEC`).
pub struct RecvAncillary<'buf> {
    buf: &'buf mut [u8],
    len: usize,
}

impl<'buf> RecvAncillary<'buf> {
    /// Receives messages into `buf` (its word-aligned part).
    pub fn new(buf: &'buf mut [u8]) -> Self {
        RecvAncillary {
            buf: aligned(buf),
            len: 0,
        }
    }

    /// Takes the received messages out, one by one.
    pub fn drain(&mut self) -> Drain<'_> {
        let len = core::mem::take(&mut self.len);
        Drain {
            buf: &self.buf[..len],
        }
    }
}

impl Drop for RecvAncillary<'_> {
    fn drop(&mut self) {
        self.drain();
    }
}

/// One received control message.
#[derive(Debug)]
pub enum RecvCmsg<'a> {
    /// `SCM_RIGHTS`: file descriptors, now owned by this process.
    Rights(Rights<'a>),
    /// `SCM_CREDENTIALS`: the sender's credentials (with `SO_PASSCRED`).
    Credentials(UCred),
    /// `SCM_PIDFD`: a pidfd of the sending process, now owned by this
    /// process (with [`sockopt::PASSPIDFD`](super::sockopt::PASSPIDFD),
    /// Linux 6.5).
    PidFd(OwnedFd),
    /// Anything else.
    Other {
        /// `cmsg_level`.
        level: i32,
        /// `cmsg_type`.
        kind: i32,
        /// The data.
        data: &'a [u8],
    },
}

/// The messages of a [`RecvAncillary`]; dropping it closes the fds of
/// messages not yet taken.
#[derive(Debug)]
pub struct Drain<'a> {
    buf: &'a [u8],
}

impl<'a> Iterator for Drain<'a> {
    type Item = RecvCmsg<'a>;

    fn next(&mut self) -> Option<RecvCmsg<'a>> {
        let hdr_len = cmsg_align(size_of::<CmsgHdr>());
        if self.buf.len() < hdr_len {
            return None;
        }
        // SAFETY: `buf` starts word-aligned and holds a header.
        let hdr = unsafe { self.buf.as_ptr().cast::<CmsgHdr>().read() };
        if hdr.len < hdr_len || hdr.len > self.buf.len() {
            self.buf = &[];
            return None;
        }
        let data = &self.buf[hdr_len..hdr.len];
        self.buf = self.buf.get(cmsg_align(hdr.len)..).unwrap_or(&[]);
        let int = |i: usize| u32::from_ne_bytes([data[i], data[i + 1], data[i + 2], data[i + 3]]);
        Some(match (hdr.level, hdr.kind) {
            (SOL_SOCKET, SCM_RIGHTS) => RecvCmsg::Rights(Rights { data }),
            (SOL_SOCKET, SCM_CREDENTIALS) if data.len() >= 12 => {
                RecvCmsg::Credentials(UCred::from_raw([int(0), int(4), int(8)]))
            }
            (SOL_SOCKET, SCM_PIDFD) if data.len() >= 4 => {
                let fd = int(0) as RawFd;
                // SAFETY: the kernel installed this fd for us (close-on-exec,
                // as MSG_CMSG_CLOEXEC asks), and `drain` hands each message
                // out once.
                RecvCmsg::PidFd(unsafe { OwnedFd::from_raw_fd(fd) })
            }
            (level, kind) => RecvCmsg::Other { level, kind, data },
        })
    }
}

impl Drop for Drain<'_> {
    fn drop(&mut self) {
        self.for_each(drop);
    }
}

/// The fds of an `SCM_RIGHTS` message, handed out as [`OwnedFd`]s; those
/// not taken are closed when this is dropped.
#[derive(Debug)]
pub struct Rights<'a> {
    data: &'a [u8],
}

impl Iterator for Rights<'_> {
    type Item = OwnedFd;

    fn next(&mut self) -> Option<OwnedFd> {
        let (fd, rest) = self.data.split_first_chunk::<4>()?;
        self.data = rest;
        // SAFETY: the kernel installed this fd for us, and `drain` hands
        // each message out once.
        Some(unsafe { OwnedFd::from_raw_fd(RawFd::from_ne_bytes(*fd)) })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (self.data.len() / 4, Some(self.data.len() / 4))
    }
}

impl Drop for Rights<'_> {
    fn drop(&mut self) {
        self.for_each(drop);
    }
}

/// What [`recvmsg`] received.
#[derive(Clone, Copy, Debug)]
pub struct RecvMsg {
    /// Bytes received (with [`RecvFlags::TRUNC`] asked, a datagram's full length).
    pub bytes: usize,
    /// Flags the kernel reported: [`RecvFlags::TRUNC`], [`RecvFlags::CTRUNC`], ...
    pub flags: RecvFlags,
    /// The sender's address, when the socket type gives one.
    pub addr: Option<SocketAddrAny>,
}

fn sendmsg_raw(
    fd: BorrowedFd<'_>,
    name: *const c_void,
    namelen: u32,
    iov: &[IoSlice<'_>],
    control: Option<&SendAncillary<'_, '_>>,
    flags: SendFlags,
) -> Result<usize> {
    let (control, controllen) = control.map_or((null(), 0), |c| (c.buf.as_ptr(), c.len));
    let msg = MsgHdr {
        name: name.cast_mut(),
        namelen,
        iov: iov.as_ptr().cast_mut().cast(),
        iovlen: iov.len(),
        control: control.cast_mut().cast(),
        controllen,
        flags: 0,
    };
    // SAFETY: every pointer in `msg` is valid for its length and only read.
    unsafe {
        syscall_readonly!(
            Sysno::sendmsg,
            fd.as_raw_fd(),
            &msg as *const MsgHdr,
            flags.bits()
        )
    }
}

/// Sends the buffers `iov` in order, with control messages, on a connected
/// socket; returns how many bytes were taken (`sendmsg(2)`).
///
/// # Errors
///
/// As for [`send`](super::send); `EINVAL` for malformed control messages;
/// `EBADF` for a bad fd in `SCM_RIGHTS`; `EPERM` for credentials not the
/// sender's.
pub fn sendmsg(
    fd: impl AsFd,
    iov: &[IoSlice<'_>],
    control: Option<&SendAncillary<'_, '_>>,
    flags: SendFlags,
) -> Result<usize> {
    sendmsg_raw(fd.as_fd(), null(), 0, iov, control, flags)
}

/// [`sendmsg`] to `addr` (for unconnected sockets).
pub fn sendmsg_to(
    fd: impl AsFd,
    addr: &impl SockAddr,
    iov: &[IoSlice<'_>],
    control: Option<&SendAncillary<'_, '_>>,
    flags: SendFlags,
) -> Result<usize> {
    let fd = fd.as_fd();
    addr.with_sockaddr(|p, len| sendmsg_raw(fd, p, len, iov, control, flags))
}

/// Receives into the buffers `iov` in order, with control messages into
/// `control` (`recvmsg(2)`, always with `MSG_CMSG_CLOEXEC`). Messages still
/// in `control` from an earlier call are dropped first (closing their fds).
///
/// # Errors
///
/// As for [`recv`](super::recv).
pub fn recvmsg(
    fd: impl AsFd,
    iov: &mut [IoSliceMut<'_>],
    mut control: Option<&mut RecvAncillary<'_>>,
    flags: RecvFlags,
) -> Result<RecvMsg> {
    let mut addr = SocketAddrAny::empty();
    let (name, _) = addr.as_mut_parts();
    let (control_ptr, controllen) = match control.as_deref_mut() {
        Some(c) => {
            c.drain();
            (c.buf.as_mut_ptr().cast(), c.buf.len())
        }
        None => (null_mut(), 0),
    };
    let mut msg = MsgHdr {
        name,
        namelen: 128,
        iov: iov.as_mut_ptr().cast(),
        iovlen: iov.len(),
        control: control_ptr,
        controllen,
        flags: 0,
    };
    let flags = flags.bits() | MSG_CMSG_CLOEXEC;
    // SAFETY: every pointer in `msg` is valid and writable for its length.
    let bytes = unsafe {
        syscall!(
            Sysno::recvmsg,
            fd.as_fd().as_raw_fd(),
            &mut msg as *mut MsgHdr,
            flags
        )
    }?;
    if let Some(c) = control {
        c.len = msg.controllen.min(c.buf.len());
    }
    addr.set_len(msg.namelen);
    Ok(RecvMsg {
        bytes,
        flags: RecvFlags::from_bits_retain(msg.flags),
        addr: (msg.namelen > 0).then_some(addr),
    })
}
