//! Socket options (`getsockopt(2)`, `setsockopt(2)`): typed constants for
//! the common ones, and a raw escape hatch for the rest.
//!
//! ```no_run
//! use sysgate::net::sockopt;
//! # fn f(fd: sysgate::BorrowedFd<'_>) -> sysgate::Result<()> {
//! sockopt::set(fd, sockopt::REUSEADDR, true)?;
//! let pending: Option<sysgate::Errno> = sockopt::get(fd, sockopt::ERROR)?;
//! # Ok(()) }
//! ```

use super::{AddressFamily, SocketType, UCred};
use crate::fd::AsFd;
use crate::time::OldTimeval;
use crate::{syscall, syscall_readonly, Errno, Result, Sysno};
use core::mem::size_of;
use core::time::Duration;

/// A socket option whose value is a `T`, held by the kernel as an `R`.
#[derive(Clone, Copy, Debug)]
pub struct SockOpt<T, R> {
    level: i32,
    name: i32,
    to_raw: fn(T) -> R,
    from_raw: fn(R) -> T,
}

impl<T, R> SockOpt<T, R> {
    /// The option's level (`SOL_SOCKET`, `IPPROTO_TCP`, ...).
    pub const fn level(&self) -> i32 {
        self.level
    }

    /// The option's name (`SO_REUSEADDR`, ...).
    pub const fn name(&self) -> i32 {
        self.name
    }
}

/// Reads option `opt` of the socket (`getsockopt(2)`).
///
/// # Errors
///
/// `ENOPROTOOPT` for an option the socket does not have; `ENOTSOCK`.
pub fn get<T, R: Copy + Default>(fd: impl AsFd, opt: SockOpt<T, R>) -> Result<T> {
    let mut raw = R::default();
    let mut len = size_of::<R>() as u32;
    // SAFETY: `raw` is `len` writable bytes; every `R` used here is plain
    // integers, valid for any bytes the kernel writes.
    unsafe {
        syscall!(
            Sysno::getsockopt,
            fd.as_fd().as_raw_fd(),
            opt.level,
            opt.name,
            &mut raw as *mut R,
            &mut len as *mut u32
        )
    }?;
    Ok((opt.from_raw)(raw))
}

/// Sets option `opt` of the socket (`setsockopt(2)`).
///
/// # Errors
///
/// `ENOPROTOOPT` for an option the socket does not have or one that is read
/// only; `EINVAL` for a bad value; `EPERM` for a privileged one.
pub fn set<T, R: Copy>(fd: impl AsFd, opt: SockOpt<T, R>, value: T) -> Result<()> {
    let raw = (opt.to_raw)(value);
    // SAFETY: `raw` is `size_of::<R>()` readable bytes.
    unsafe {
        syscall_readonly!(
            Sysno::setsockopt,
            fd.as_fd().as_raw_fd(),
            opt.level,
            opt.name,
            &raw as *const R,
            size_of::<R>()
        )
    }?;
    Ok(())
}

/// Reads any option into `buf`; returns the length the kernel wrote
/// (`getsockopt(2)`). A `buf` longer than `u32::MAX` bytes is offered as
/// `u32::MAX` bytes, the most the call can describe.
///
/// Unsafe because some options take a structure holding addresses the
/// kernel then writes to (`TCP_ZEROCOPY_RECEIVE` maps pages at an address
/// it names and fills buffers it points to), and a raw level and name
/// cannot tell those apart:
///
/// ```compile_fail,E0133
/// # fn f(fd: sysgate::BorrowedFd<'_>) {
/// let mut buf = [0u8; 4];
/// // Not inside `unsafe`: this does not compile.
/// sysgate::net::sockopt::get_raw(fd, 1, 9, &mut buf);
/// # }
/// ```
///
/// # Safety
///
/// For option `(level, name)`, the bytes in `buf` (the kernel reads them
/// too, for some options) must be a value that option accepts: any
/// address in them must be valid for what the kernel does with it, as its
/// documentation describes. Options whose value is plain data are always
/// fine; the typed [`get`] covers the common ones.
///
/// # Errors
///
/// As for [`get`].
pub unsafe fn get_raw(fd: impl AsFd, level: i32, name: i32, buf: &mut [u8]) -> Result<usize> {
    let mut len = u32::try_from(buf.len()).unwrap_or(u32::MAX);
    // SAFETY: `buf` is `len` writable bytes; addresses inside it are the
    // caller's to vouch for.
    unsafe {
        syscall!(
            Sysno::getsockopt,
            fd.as_fd().as_raw_fd(),
            level,
            name,
            buf.as_mut_ptr(),
            &mut len as *mut u32
        )
    }?;
    Ok(len as usize)
}

/// Sets any option from the bytes of `value` (`setsockopt(2)`).
///
/// Unsafe for the same reason as [`get_raw`]: some options carry
/// addresses (ring buffers, filters) that the kernel later reads or writes.
///
/// ```compile_fail,E0133
/// # fn f(fd: sysgate::BorrowedFd<'_>) {
/// // Not inside `unsafe`: this does not compile.
/// sysgate::net::sockopt::set_raw(fd, 1, 9, &[0; 4]);
/// # }
/// ```
///
/// # Safety
///
/// `value` must be a value option `(level, name)` accepts, with any address
/// in it valid for what the kernel does with it, for as long as it does so.
///
/// # Errors
///
/// As for [`set`]; `EINVAL` for a `value` longer than `u32::MAX` bytes
/// (the call's length is a `socklen_t`).
pub unsafe fn set_raw(fd: impl AsFd, level: i32, name: i32, value: &[u8]) -> Result<()> {
    let len = u32::try_from(value.len()).map_err(|_| Errno::EINVAL)?;
    // SAFETY: `value` is readable for `len` bytes; addresses inside it
    // are the caller's to vouch for. Not `_readonly`: the kernel may write
    // through such an address during the call.
    unsafe {
        syscall!(
            Sysno::setsockopt,
            fd.as_fd().as_raw_fd(),
            level,
            name,
            value.as_ptr(),
            len
        )
    }?;
    Ok(())
}

/// `SOL_SOCKET`.
pub const SOL_SOCKET: i32 = 1;
/// `IPPROTO_IP`.
pub const IPPROTO_IP: i32 = 0;
/// `IPPROTO_TCP`.
pub const IPPROTO_TCP: i32 = 6;
/// `IPPROTO_IPV6`.
pub const IPPROTO_IPV6: i32 = 41;

const fn bool_to(v: bool) -> i32 {
    v as i32
}
const fn bool_from(v: i32) -> bool {
    v != 0
}
const fn same(v: i32) -> i32 {
    v
}
const fn errno_from(v: i32) -> Option<Errno> {
    Errno::from_raw(v)
}
const fn errno_to(v: Option<Errno>) -> i32 {
    match v {
        Some(e) => e.raw(),
        None => 0,
    }
}
const fn ty_from(v: i32) -> SocketType {
    SocketType::from_raw(v as u32)
}
const fn ty_to(v: SocketType) -> i32 {
    v.raw() as i32
}
const fn family_from(v: i32) -> AddressFamily {
    AddressFamily::from_raw(v as u16)
}
const fn family_to(v: AddressFamily) -> i32 {
    v.raw() as i32
}

/// `None` (no timeout) is zero; a duration rounds up to microseconds, so a
/// tiny one does not become "no timeout", and saturates at the largest
/// `timeval` (which the kernel takes as "never", as it does any timeout
/// past `MAX_SCHEDULE_TIMEOUT`), so a huge one does not wrap.
const fn timeout_to(v: Option<Duration>) -> OldTimeval {
    match v {
        None => OldTimeval {
            tv_sec: 0,
            tv_usec: 0,
        },
        Some(d) => {
            let mut secs = d.as_secs();
            let mut usec = d.subsec_nanos().div_ceil(1000) as isize;
            if usec == 1_000_000 {
                // `Duration::MAX` rounds past u64::MAX seconds: saturate.
                secs = secs.saturating_add(1);
                usec = 0;
            }
            if secs > isize::MAX as u64 {
                OldTimeval {
                    tv_sec: isize::MAX,
                    tv_usec: 999_999,
                }
            } else if secs == 0 && usec == 0 {
                OldTimeval {
                    tv_sec: 0,
                    tv_usec: 1,
                }
            } else {
                OldTimeval {
                    tv_sec: secs as isize,
                    tv_usec: usec,
                }
            }
        }
    }
}
const fn timeout_from(v: OldTimeval) -> Option<Duration> {
    if v.tv_sec <= 0 && v.tv_usec <= 0 {
        None
    } else {
        Some(Duration::new(v.tv_sec as u64, v.tv_usec as u32 * 1000))
    }
}

/// What `close` does with unsent data ([`LINGER`], `SO_LINGER`): the
/// kernel's `struct linger`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct Linger {
    onoff: i32,
    linger: i32,
}

static_assertions::assert_eq_size!(Linger, [i32; 2]);
static_assertions::assert_eq_align!(Linger, i32);

impl Linger {
    /// Off (`None`: `close` returns at once, the kernel sends the data in
    /// the background), or on with a timeout: `close` waits up to that long
    /// for the data to be sent. The kernel counts whole seconds: a partial
    /// second rounds up (so a short timeout does not become zero, which
    /// resets the connection on `close`), and more than `i32::MAX` seconds
    /// saturates.
    pub const fn new(timeout: Option<Duration>) -> Self {
        match timeout {
            None => Linger {
                onoff: 0,
                linger: 0,
            },
            Some(d) => {
                let secs = d.as_secs() + (d.subsec_nanos() > 0) as u64;
                Linger {
                    onoff: 1,
                    linger: if secs > i32::MAX as u64 {
                        i32::MAX
                    } else {
                        secs as i32
                    },
                }
            }
        }
    }

    /// Whether lingering is on (`l_onoff`).
    pub const fn is_on(self) -> bool {
        self.onoff != 0
    }

    /// The timeout if lingering is on (`l_linger` seconds, which the
    /// kernel reads as unsigned).
    pub const fn timeout(self) -> Option<Duration> {
        if self.is_on() {
            Some(Duration::from_secs(self.linger as u32 as u64))
        } else {
            None
        }
    }
}

macro_rules! opts {
    ($($(#[$doc:meta])* $name:ident: $t:ty as $r:ty = ($level:ident, $num:expr), $to:path, $from:path;)*) => {$(
        $(#[$doc])*
        pub const $name: SockOpt<$t, $r> = SockOpt { level: $level, name: $num, to_raw: $to, from_raw: $from };
    )*};
}

opts! {
    /// `SO_REUSEADDR`: allow binding an address in `TIME_WAIT`.
    REUSEADDR: bool as i32 = (SOL_SOCKET, 2), bool_to, bool_from;
    /// `SO_TYPE` (read only): the socket type.
    TYPE: SocketType as i32 = (SOL_SOCKET, 3), ty_to, ty_from;
    /// `SO_ERROR` (read only): takes the pending error, such as the result of
    /// a non-blocking `connect`.
    ERROR: Option<Errno> as i32 = (SOL_SOCKET, 4), errno_to, errno_from;
    /// `SO_BROADCAST`: allow sending to broadcast addresses.
    BROADCAST: bool as i32 = (SOL_SOCKET, 6), bool_to, bool_from;
    /// `SO_SNDBUF`: send buffer size (the kernel doubles what is set).
    SNDBUF: i32 as i32 = (SOL_SOCKET, 7), same, same;
    /// `SO_RCVBUF`: receive buffer size (the kernel doubles what is set).
    RCVBUF: i32 as i32 = (SOL_SOCKET, 8), same, same;
    /// `SO_KEEPALIVE`: send keep-alive probes.
    KEEPALIVE: bool as i32 = (SOL_SOCKET, 9), bool_to, bool_from;
    /// `SO_LINGER`: on close, wait this long for unsent data (`None`: don't).
    LINGER: Option<Duration> as Linger = (SOL_SOCKET, 13), Linger::new, Linger::timeout;
    /// `SO_REUSEPORT`: let several sockets bind the same port.
    REUSEPORT: bool as i32 = (SOL_SOCKET, 15), bool_to, bool_from;
    /// `SO_PASSCRED`: receive `SCM_CREDENTIALS` with every message.
    PASSCRED: bool as i32 = (SOL_SOCKET, crate::arch::abi::so_nr::PASSCRED), bool_to, bool_from;
    /// `SO_PEERCRED` (read only): the credentials of the peer of a Unix socket
    /// (at connect or `socketpair` time).
    PEERCRED: UCred as [u32; 3] = (SOL_SOCKET, crate::arch::abi::so_nr::PEERCRED), UCred::to_raw, UCred::from_raw;
    /// `SO_RCVTIMEO`: fail receives with `EAGAIN` after this long (`None`: never).
    RCVTIMEO: Option<Duration> as OldTimeval = (SOL_SOCKET, crate::arch::abi::so_nr::RCVTIMEO_OLD), timeout_to, timeout_from;
    /// `SO_SNDTIMEO`: fail sends with `EAGAIN` after this long (`None`: never).
    SNDTIMEO: Option<Duration> as OldTimeval = (SOL_SOCKET, crate::arch::abi::so_nr::SNDTIMEO_OLD), timeout_to, timeout_from;
    /// `SO_ACCEPTCONN` (read only): whether the socket is listening.
    ACCEPTCONN: bool as i32 = (SOL_SOCKET, 30), bool_to, bool_from;
    /// `SO_DOMAIN` (read only): the address family.
    DOMAIN: AddressFamily as i32 = (SOL_SOCKET, 39), family_to, family_from;
    /// `SO_PASSPIDFD`: receive an `SCM_PIDFD` pidfd of the sender with every
    /// message on a Unix socket (Linux 6.5;
    /// [`RecvCmsg::PidFd`](super::RecvCmsg::PidFd)).
    PASSPIDFD: bool as i32 = (SOL_SOCKET, 76), bool_to, bool_from;
    /// `TCP_NODELAY`: send at once, without Nagle's algorithm.
    TCP_NODELAY: bool as i32 = (IPPROTO_TCP, 1), bool_to, bool_from;
    /// `TCP_KEEPIDLE`: idle seconds before keep-alive probes.
    TCP_KEEPIDLE: i32 as i32 = (IPPROTO_TCP, 4), same, same;
    /// `TCP_KEEPINTVL`: seconds between keep-alive probes.
    TCP_KEEPINTVL: i32 as i32 = (IPPROTO_TCP, 5), same, same;
    /// `TCP_KEEPCNT`: probes before the connection is dropped.
    TCP_KEEPCNT: i32 as i32 = (IPPROTO_TCP, 6), same, same;
    /// `IP_TTL`: the time-to-live of outgoing IPv4 packets.
    IP_TTL: i32 as i32 = (IPPROTO_IP, 2), same, same;
    /// `IPV6_UNICAST_HOPS`: the hop limit of outgoing IPv6 packets (-1: default).
    IPV6_UNICAST_HOPS: i32 as i32 = (IPPROTO_IPV6, 16), same, same;
    /// `IPV6_V6ONLY`: an IPv6 socket accepts no IPv4-mapped traffic.
    IPV6_V6ONLY: bool as i32 = (IPPROTO_IPV6, 26), bool_to, bool_from;
}
