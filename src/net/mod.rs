//! Sockets: creation, addresses, connections, data, messages with
//! ancillary data, and options.
//!
//! Every socket made here, by `socket`, `socketpair`, `accept4` or received
//! with `SCM_RIGHTS`, is close-on-exec. On i386 the direct socket calls
//! (Linux 4.3) are used, not the `socketcall` multiplexer; `send` and `recv`
//! are `sendto` and `recvfrom` with no address on every architecture.

mod addr;
mod msg;
pub mod sockopt;

pub use addr::*;
pub use msg::*;

use crate::fd::{AsFd, OwnedFd};
use crate::{syscall, syscall_readonly, Result, Sysno};
use core::fmt;

/// `SOCK_CLOEXEC` (= `O_CLOEXEC`).
const SOCK_CLOEXEC: u32 = crate::base::fs::O_CLOEXEC;

/// An address family (`AF_*`), the first field of every socket address.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[repr(transparent)]
pub struct AddressFamily(u16);

impl AddressFamily {
    /// `AF_UNSPEC`.
    pub const UNSPEC: AddressFamily = AddressFamily(0);
    /// `AF_UNIX`: local sockets (`unix(7)`).
    pub const UNIX: AddressFamily = AddressFamily(1);
    /// `AF_INET`: IPv4 (`ip(7)`).
    pub const INET: AddressFamily = AddressFamily(2);
    /// `AF_INET6`: IPv6 (`ipv6(7)`).
    pub const INET6: AddressFamily = AddressFamily(10);
    /// `AF_NETLINK`: kernel interfaces (`netlink(7)`).
    pub const NETLINK: AddressFamily = AddressFamily(16);
    /// `AF_PACKET`: raw link-level packets (`packet(7)`).
    pub const PACKET: AddressFamily = AddressFamily(17);

    /// The family with this number.
    pub const fn from_raw(raw: u16) -> Self {
        AddressFamily(raw)
    }

    /// The number.
    pub const fn raw(self) -> u16 {
        self.0
    }
}

impl fmt::Debug for AddressFamily {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match self.0 {
            0 => "AF_UNSPEC",
            1 => "AF_UNIX",
            2 => "AF_INET",
            10 => "AF_INET6",
            16 => "AF_NETLINK",
            17 => "AF_PACKET",
            n => return write!(f, "AddressFamily({n})"),
        };
        f.write_str(name)
    }
}

/// A socket type (`SOCK_*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(transparent)]
pub struct SocketType(u32);

impl SocketType {
    /// `SOCK_STREAM`: a reliable byte stream (TCP).
    pub const STREAM: SocketType = SocketType(1);
    /// `SOCK_DGRAM`: datagrams (UDP).
    pub const DGRAM: SocketType = SocketType(2);
    /// `SOCK_RAW`: raw protocol access.
    pub const RAW: SocketType = SocketType(3);
    /// `SOCK_SEQPACKET`: reliable, ordered datagrams.
    pub const SEQPACKET: SocketType = SocketType(5);

    /// The type with this number.
    pub const fn from_raw(raw: u32) -> Self {
        SocketType(raw)
    }

    /// The number.
    pub const fn raw(self) -> u32 {
        self.0
    }
}

/// A protocol number (`IPPROTO_*`); [`Protocol::DEFAULT`] picks the
/// family's usual one for the type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(transparent)]
pub struct Protocol(i32);

impl Protocol {
    /// 0: the default protocol for the family and type.
    pub const DEFAULT: Protocol = Protocol(0);
    /// `IPPROTO_ICMP`.
    pub const ICMP: Protocol = Protocol(1);
    /// `IPPROTO_TCP`.
    pub const TCP: Protocol = Protocol(6);
    /// `IPPROTO_UDP`.
    pub const UDP: Protocol = Protocol(17);
    /// `IPPROTO_ICMPV6`.
    pub const ICMPV6: Protocol = Protocol(58);

    /// The protocol with this number.
    pub const fn from_raw(raw: i32) -> Self {
        Protocol(raw)
    }

    /// The number.
    pub const fn raw(self) -> i32 {
        self.0
    }
}

crate::flags::bitflags! {
    /// Flags for [`socket`], [`socketpair`] and [`accept4`]; close-on-exec
    /// is always set.
    pub struct SocketFlags: u32 {
        /// `SOCK_NONBLOCK`: the new socket does not block.
        const NONBLOCK = 0o4000;
        const _ = !0;
    }
}

crate::flags::bitflags! {
    /// `MSG_*` flags for sending.
    pub struct SendFlags: i32 {
        /// `MSG_OOB`: out-of-band data.
        const OOB = 0x1;
        /// `MSG_DONTROUTE`: only to directly connected hosts.
        const DONTROUTE = 0x4;
        /// `MSG_DONTWAIT`: this call does not block.
        const DONTWAIT = 0x40;
        /// `MSG_EOR`: end of record (`SOCK_SEQPACKET`).
        const EOR = 0x80;
        /// `MSG_CONFIRM`: the link layer path is known good.
        const CONFIRM = 0x800;
        /// `MSG_NOSIGNAL`: fail with `EPIPE` instead of raising `SIGPIPE`
        /// when the peer has gone.
        const NOSIGNAL = 0x4000;
        /// `MSG_MORE`: more data follows; hold the packet back.
        const MORE = 0x8000;
        const _ = !0;
    }
}

crate::flags::bitflags! {
    /// `MSG_*` flags for receiving, and those a receive reports.
    pub struct RecvFlags: i32 {
        /// `MSG_OOB`: out-of-band data.
        const OOB = 0x1;
        /// `MSG_PEEK`: leave the data queued.
        const PEEK = 0x2;
        /// `MSG_CTRUNC` (reported): ancillary data did not fit.
        const CTRUNC = 0x8;
        /// `MSG_TRUNC`: return the real length of a longer datagram; as
        /// reported, the datagram was cut.
        const TRUNC = 0x20;
        /// `MSG_DONTWAIT`: this call does not block.
        const DONTWAIT = 0x40;
        /// `MSG_EOR` (reported): end of record.
        const EOR = 0x80;
        /// `MSG_WAITALL`: wait for the whole buffer.
        const WAITALL = 0x100;
        /// `MSG_ERRQUEUE`: read the error queue.
        const ERRQUEUE = 0x2000;
        const _ = !0;
    }
}

/// Wraps a new fd the kernel returned.
fn owned(fd: usize) -> OwnedFd {
    // SAFETY: the kernel returned a new fd that nothing else owns.
    unsafe { crate::raw::owned_fd(fd) }
}

/// A new socket (`socket(2)`), close-on-exec.
///
/// # Errors
///
/// `EAFNOSUPPORT` for an unknown family; `EINVAL` for an unknown type or
/// flag; `EPROTONOSUPPORT` for a protocol the family and type do not have;
/// `EACCES` for a raw socket without privilege.
pub fn socket(
    family: AddressFamily,
    ty: SocketType,
    flags: SocketFlags,
    protocol: Protocol,
) -> Result<OwnedFd> {
    let ty = ty.0 | flags.bits() | SOCK_CLOEXEC;
    // SAFETY: plain integers.
    unsafe { syscall_readonly!(Sysno::socket, family.0, ty, protocol.0) }.map(owned)
}

/// A pair of connected sockets (`socketpair(2)`), both close-on-exec.
/// Linux supports it for `AF_UNIX` only.
///
/// # Errors
///
/// `EOPNOTSUPP` for a family without pairs; as for [`socket`].
pub fn socketpair(
    family: AddressFamily,
    ty: SocketType,
    flags: SocketFlags,
    protocol: Protocol,
) -> Result<(OwnedFd, OwnedFd)> {
    let mut fds = [0i32; 2];
    let ty = ty.0 | flags.bits() | SOCK_CLOEXEC;
    // SAFETY: `fds` has room for two fds.
    unsafe {
        syscall!(
            Sysno::socketpair,
            family.0,
            ty,
            protocol.0,
            fds.as_mut_ptr()
        )
    }?;
    Ok((owned(fds[0] as usize), owned(fds[1] as usize)))
}

/// Gives the socket a local address (`bind(2)`).
///
/// # Errors
///
/// `EADDRINUSE`; `EADDRNOTAVAIL` for an address not on this host; `EINVAL`
/// if already bound or for a bad address length; `EAFNOSUPPORT` for an
/// address of another family; `EACCES` for a privileged port.
pub fn bind(fd: impl AsFd, addr: &impl SockAddr) -> Result<()> {
    let fd = fd.as_fd().as_raw_fd();
    // SAFETY: the trait guarantees a valid address of that length.
    addr.with_sockaddr(|p, len| unsafe { syscall_readonly!(Sysno::bind, fd, p, len) })?;
    Ok(())
}

/// Connects the socket to `addr` (`connect(2)`).
///
/// # Errors
///
/// `ECONNREFUSED` when nothing listens there; `EINPROGRESS` on a
/// non-blocking socket (wait for writability, then read
/// [`sockopt::ERROR`]); `ETIMEDOUT`; `ENETUNREACH`; `EISCONN`.
pub fn connect(fd: impl AsFd, addr: &impl SockAddr) -> Result<()> {
    let fd = fd.as_fd().as_raw_fd();
    // SAFETY: the trait guarantees a valid address of that length.
    addr.with_sockaddr(|p, len| unsafe { syscall_readonly!(Sysno::connect, fd, p, len) })?;
    Ok(())
}

/// Marks the socket as accepting connections, with room for `backlog`
/// pending ones (`listen(2)`).
///
/// # Errors
///
/// `EOPNOTSUPP` for a socket type that does not listen (UDP);
/// `EADDRINUSE` if its port is taken.
pub fn listen(fd: impl AsFd, backlog: i32) -> Result<()> {
    // SAFETY: plain integers.
    unsafe { syscall_readonly!(Sysno::listen, fd.as_fd().as_raw_fd(), backlog) }?;
    Ok(())
}

/// Takes a pending connection: the new socket, close-on-exec, and the
/// peer's address (`accept4(2)`).
///
/// # Errors
///
/// `EAGAIN` on a non-blocking socket with none pending; `EINVAL` if the
/// socket is not listening; `ECONNABORTED`; `EMFILE`.
pub fn accept4(fd: impl AsFd, flags: SocketFlags) -> Result<(OwnedFd, SocketAddrAny)> {
    let mut addr = SocketAddrAny::empty();
    let (p, len) = addr.as_mut_parts();
    let flags = flags.bits() | SOCK_CLOEXEC;
    // SAFETY: `p` has room for `*len` bytes, `len` is writable.
    let fd = unsafe {
        syscall!(
            Sysno::accept4,
            fd.as_fd().as_raw_fd(),
            p,
            len as *mut u32,
            flags
        )
    }?;
    Ok((owned(fd), addr))
}

/// Which directions [`shutdown`] closes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(i32)]
pub enum Shutdown {
    /// `SHUT_RD`: no more receiving.
    Read = 0,
    /// `SHUT_WR`: no more sending; the peer reads end-of-file.
    Write = 1,
    /// `SHUT_RDWR`: both.
    Both = 2,
}

/// Shuts down one or both directions of a connection (`shutdown(2)`).
///
/// # Errors
///
/// `ENOTCONN` if the socket is not connected; `ENOTSOCK`.
pub fn shutdown(fd: impl AsFd, how: Shutdown) -> Result<()> {
    // SAFETY: plain integers.
    unsafe { syscall_readonly!(Sysno::shutdown, fd.as_fd().as_raw_fd(), how as i32) }?;
    Ok(())
}

/// Sends bytes on a connected socket; returns how many were taken
/// (`sendto(2)` with no address, which is `send(2)`).
///
/// # Errors
///
/// `EAGAIN` when it would block; `EPIPE` (and `SIGPIPE` unless
/// [`SendFlags::NOSIGNAL`]) when the peer has gone; `ENOTCONN`;
/// `EMSGSIZE` for a datagram too large.
pub fn send(fd: impl AsFd, buf: &[u8], flags: SendFlags) -> Result<usize> {
    // SAFETY: `buf` is readable for its length.
    unsafe {
        syscall_readonly!(
            Sysno::sendto,
            fd.as_fd().as_raw_fd(),
            buf.as_ptr(),
            buf.len(),
            flags.bits(),
            0,
            0
        )
    }
}

/// Sends bytes to `addr` (`sendto(2)`); returns how many were taken.
///
/// # Errors
///
/// As for [`send`], and `EISCONN`, `EDESTADDRREQ`, `EAFNOSUPPORT`.
pub fn sendto(fd: impl AsFd, buf: &[u8], flags: SendFlags, addr: &impl SockAddr) -> Result<usize> {
    let fd = fd.as_fd().as_raw_fd();
    addr.with_sockaddr(|p, len| {
        // SAFETY: `buf` is readable; the trait guarantees the address.
        unsafe {
            syscall_readonly!(
                Sysno::sendto,
                fd,
                buf.as_ptr(),
                buf.len(),
                flags.bits(),
                p,
                len
            )
        }
    })
}

/// Receives bytes; returns how many, 0 at end-of-file on a stream
/// (`recvfrom(2)` with no address, which is `recv(2)`). With
/// [`RecvFlags::TRUNC`] on a datagram socket the datagram's full length.
///
/// # Errors
///
/// `EAGAIN` when nothing is there on a non-blocking socket or after the
/// receive timeout; `ENOTCONN`; `ECONNREFUSED`.
pub fn recv(fd: impl AsFd, buf: &mut [u8], flags: RecvFlags) -> Result<usize> {
    // SAFETY: `buf` is writable for its length.
    unsafe {
        syscall!(
            Sysno::recvfrom,
            fd.as_fd().as_raw_fd(),
            buf.as_mut_ptr(),
            buf.len(),
            flags.bits(),
            0,
            0
        )
    }
}

/// Receives bytes and the sender's address (`recvfrom(2)`).
///
/// # Errors
///
/// As for [`recv`].
pub fn recvfrom(fd: impl AsFd, buf: &mut [u8], flags: RecvFlags) -> Result<(usize, SocketAddrAny)> {
    let mut addr = SocketAddrAny::empty();
    let (p, len) = addr.as_mut_parts();
    // SAFETY: `buf` is writable; `p` has room for `*len` bytes.
    let n = unsafe {
        syscall!(
            Sysno::recvfrom,
            fd.as_fd().as_raw_fd(),
            buf.as_mut_ptr(),
            buf.len(),
            flags.bits(),
            p,
            len as *mut u32
        )
    }?;
    Ok((n, addr))
}

/// Fills an address with `call(fd, addr, &len)`.
fn name_call(call: Sysno, fd: impl AsFd) -> Result<SocketAddrAny> {
    let mut addr = SocketAddrAny::empty();
    let (p, len) = addr.as_mut_parts();
    // SAFETY: `p` has room for `*len` bytes, `len` is writable.
    unsafe { syscall!(call, fd.as_fd().as_raw_fd(), p, len as *mut u32) }?;
    Ok(addr)
}

/// The socket's local address (`getsockname(2)`).
///
/// # Errors
///
/// `ENOTSOCK`; `EBADF`.
pub fn getsockname(fd: impl AsFd) -> Result<SocketAddrAny> {
    name_call(Sysno::getsockname, fd)
}

/// The address of the connected peer (`getpeername(2)`).
///
/// # Errors
///
/// `ENOTCONN` if not connected; `ENOTSOCK`.
pub fn getpeername(fd: impl AsFd) -> Result<SocketAddrAny> {
    name_call(Sysno::getpeername, fd)
}
