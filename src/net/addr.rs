//! Socket addresses in the kernel's layouts: `sockaddr_in`, `sockaddr_in6`,
//! `sockaddr_un` and `sockaddr_storage`, converting to and from `core::net`.

use super::AddressFamily;
use crate::{Errno, Result};
use core::ffi::c_void;
use core::fmt;
use core::mem::{offset_of, size_of};
use core::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use static_assertions::{assert_eq_align, assert_eq_size, const_assert_eq};

/// An address that can be passed to `bind`, `connect`, `sendto`, ...
///
/// # Safety
///
/// `with_sockaddr` must call `f` with a pointer to a valid `sockaddr` of
/// the given length, readable for the duration of the call.
pub unsafe trait SockAddr {
    /// Calls `f` with a pointer to the address in the kernel's layout and
    /// its length in bytes.
    fn with_sockaddr<R>(&self, f: impl FnOnce(*const c_void, u32) -> R) -> R;
}

/// An IPv4 address and port: `struct sockaddr_in`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct SocketAddrV4 {
    family: u16,
    port: [u8; 2],
    /// `struct in_addr`: a `__be32` (the octets in memory order), which
    /// gives the struct the kernel's 4-byte alignment.
    addr: u32,
    zero: [u8; 8],
}

assert_eq_size!(SocketAddrV4, [u8; 16]);
assert_eq_align!(SocketAddrV4, u32);
const_assert_eq!(offset_of!(SocketAddrV4, port), 2);
const_assert_eq!(offset_of!(SocketAddrV4, addr), 4);
const_assert_eq!(offset_of!(SocketAddrV4, zero), 8);

impl SocketAddrV4 {
    /// `ip:port`.
    pub const fn new(ip: Ipv4Addr, port: u16) -> Self {
        SocketAddrV4 {
            family: AddressFamily::INET.raw(),
            port: port.to_be_bytes(),
            addr: u32::from_ne_bytes(ip.octets()),
            zero: [0; 8],
        }
    }

    /// The IP address.
    pub const fn ip(&self) -> Ipv4Addr {
        let [a, b, c, d] = self.addr.to_ne_bytes();
        Ipv4Addr::new(a, b, c, d)
    }

    /// The port.
    pub const fn port(&self) -> u16 {
        u16::from_be_bytes(self.port)
    }
}

impl From<core::net::SocketAddrV4> for SocketAddrV4 {
    fn from(a: core::net::SocketAddrV4) -> Self {
        SocketAddrV4::new(*a.ip(), a.port())
    }
}

impl From<SocketAddrV4> for core::net::SocketAddrV4 {
    fn from(a: SocketAddrV4) -> Self {
        core::net::SocketAddrV4::new(a.ip(), a.port())
    }
}

impl fmt::Debug for SocketAddrV4 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&core::net::SocketAddrV4::from(*self), f)
    }
}

/// An IPv6 address, port, flow label and scope: `struct sockaddr_in6`.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct SocketAddrV6 {
    family: u16,
    port: [u8; 2],
    flowinfo: [u8; 4],
    addr: [u8; 16],
    scope_id: u32,
}

assert_eq_size!(SocketAddrV6, [u8; 28]);
// `struct in6_addr` is a union with `__be32` words: 4-aligned.
assert_eq_align!(SocketAddrV6, u32);
const_assert_eq!(offset_of!(SocketAddrV6, flowinfo), 4);
const_assert_eq!(offset_of!(SocketAddrV6, addr), 8);
const_assert_eq!(offset_of!(SocketAddrV6, scope_id), 24);

impl SocketAddrV6 {
    /// `[ip%scope_id]:port` with a flow label (`flowinfo`, host order).
    pub const fn new(ip: Ipv6Addr, port: u16, flowinfo: u32, scope_id: u32) -> Self {
        SocketAddrV6 {
            family: AddressFamily::INET6.raw(),
            port: port.to_be_bytes(),
            flowinfo: flowinfo.to_be_bytes(),
            addr: ip.octets(),
            scope_id,
        }
    }

    /// The IP address.
    pub const fn ip(&self) -> Ipv6Addr {
        Ipv6Addr::from_bits(u128::from_be_bytes(self.addr))
    }

    /// The port.
    pub const fn port(&self) -> u16 {
        u16::from_be_bytes(self.port)
    }

    /// The flow label, in host order.
    pub const fn flowinfo(&self) -> u32 {
        u32::from_be_bytes(self.flowinfo)
    }

    /// The scope id (an interface index for link-local addresses).
    pub const fn scope_id(&self) -> u32 {
        self.scope_id
    }
}

impl From<core::net::SocketAddrV6> for SocketAddrV6 {
    fn from(a: core::net::SocketAddrV6) -> Self {
        SocketAddrV6::new(*a.ip(), a.port(), a.flowinfo(), a.scope_id())
    }
}

impl From<SocketAddrV6> for core::net::SocketAddrV6 {
    fn from(a: SocketAddrV6) -> Self {
        core::net::SocketAddrV6::new(a.ip(), a.port(), a.flowinfo(), a.scope_id())
    }
}

impl fmt::Debug for SocketAddrV6 {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&core::net::SocketAddrV6::from(*self), f)
    }
}

/// The room for a Unix socket path in `struct sockaddr_un`.
const SUN_PATH: usize = 108;

/// The kernel's `struct sockaddr_un`.
#[derive(Clone, Copy)]
#[repr(C)]
struct SockaddrUn {
    family: u16,
    path: [u8; SUN_PATH],
}

assert_eq_size!(SockaddrUn, [u8; 110]);
assert_eq_align!(SockaddrUn, u16);

/// A Unix-domain socket address: a filesystem path, a name in the abstract
/// namespace (Linux), or unnamed; `struct sockaddr_un` and its length.
#[derive(Clone, Copy)]
pub struct SocketAddrUnix {
    addr: SockaddrUn,
    len: u32,
}

/// `offsetof(struct sockaddr_un, sun_path)`.
const PATH_OFFSET: usize = 2;

impl SocketAddrUnix {
    /// The address of the socket file at `path` (at most 107 bytes, as it
    /// is stored NUL-terminated).
    ///
    /// # Errors
    ///
    /// `ENAMETOOLONG` if it does not fit; `EINVAL` if it is empty or has a
    /// NUL byte.
    pub fn new(path: impl AsRef<[u8]>) -> Result<Self> {
        let path = path.as_ref();
        if path.is_empty() || path.contains(&0) {
            return Err(Errno::EINVAL);
        }
        Self::with_bytes(path, 0, 1)
    }

    /// The address `name` in the abstract namespace (at most 107 bytes; it
    /// may contain any bytes; no file is made).
    ///
    /// # Errors
    ///
    /// `ENAMETOOLONG` if it does not fit.
    pub fn new_abstract(name: &[u8]) -> Result<Self> {
        Self::with_bytes(name, 1, 0)
    }

    /// The unnamed address (what an unbound socket has).
    pub const fn unnamed() -> Self {
        SocketAddrUnix {
            addr: SockaddrUn {
                family: AddressFamily::UNIX.raw(),
                path: [0; SUN_PATH],
            },
            len: PATH_OFFSET as u32,
        }
    }

    /// `bytes` placed after `skip` leading NULs, length counting `extra`
    /// trailing NULs.
    fn with_bytes(bytes: &[u8], skip: usize, extra: usize) -> Result<Self> {
        let mut a = Self::unnamed();
        if skip + bytes.len() + extra > SUN_PATH {
            return Err(Errno::ENAMETOOLONG);
        }
        a.addr.path[skip..skip + bytes.len()].copy_from_slice(bytes);
        a.len = (PATH_OFFSET + skip + bytes.len() + extra) as u32;
        Ok(a)
    }

    /// The bytes after the family, as long as the kernel said.
    fn sun_path(&self) -> &[u8] {
        let n = (self.len as usize)
            .saturating_sub(PATH_OFFSET)
            .min(SUN_PATH);
        &self.addr.path[..n]
    }

    /// The filesystem path, for a path address (without its NUL).
    pub fn path(&self) -> Option<&[u8]> {
        match self.sun_path() {
            [] | [0, ..] => None,
            p => Some(p.split(|&b| b == 0).next().unwrap_or(p)),
        }
    }

    /// The name, for an abstract address (without the leading NUL).
    pub fn abstract_name(&self) -> Option<&[u8]> {
        match self.sun_path() {
            [0, name @ ..] => Some(name),
            _ => None,
        }
    }

    /// Whether this is the unnamed address.
    pub fn is_unnamed(&self) -> bool {
        self.sun_path().is_empty()
    }
}

impl PartialEq for SocketAddrUnix {
    fn eq(&self, other: &Self) -> bool {
        self.sun_path() == other.sun_path()
    }
}

impl Eq for SocketAddrUnix {}

impl fmt::Debug for SocketAddrUnix {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let show = |f: &mut fmt::Formatter<'_>, kind: &str, b: &[u8]| {
            write!(f, "SocketAddrUnix({kind} \"{}\")", b.escape_ascii())
        };
        match (self.path(), self.abstract_name()) {
            (Some(p), _) => show(f, "path", p),
            (_, Some(n)) => show(f, "abstract", n),
            _ => f.write_str("SocketAddrUnix(unnamed)"),
        }
    }
}

/// The size of `struct sockaddr_storage`.
const STORAGE: usize = 128;

/// Any socket address, as `accept4`, `recvfrom`, `getsockname` and
/// `getpeername` return it: `struct sockaddr_storage` and a length.
#[derive(Clone, Copy)]
pub struct SocketAddrAny {
    storage: [usize; STORAGE / size_of::<usize>()],
    len: u32,
}

impl SocketAddrAny {
    /// Empty storage for the kernel to fill.
    pub(crate) const fn empty() -> Self {
        SocketAddrAny {
            storage: [0; STORAGE / size_of::<usize>()],
            len: STORAGE as u32,
        }
    }

    /// The storage and its length word, for a call that fills them.
    pub(crate) fn as_mut_parts(&mut self) -> (*mut c_void, &mut u32) {
        self.len = STORAGE as u32;
        (self.storage.as_mut_ptr().cast(), &mut self.len)
    }

    /// Sets the length the kernel reported.
    pub(crate) fn set_len(&mut self, len: u32) {
        self.len = len;
    }

    /// The address family.
    pub fn family(&self) -> AddressFamily {
        if self.len < 2 {
            return AddressFamily::UNSPEC;
        }
        // SAFETY: the storage is at least 2 bytes and aligned for a u16.
        AddressFamily::from_raw(unsafe { self.storage.as_ptr().cast::<u16>().read() })
    }

    /// The length the kernel reported.
    pub fn len(&self) -> usize {
        (self.len as usize).min(STORAGE)
    }

    /// Whether the kernel reported no address at all.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Reads the storage as a `T` if the family is `family` and the address
    /// is long enough.
    fn read<T: Copy>(&self, family: AddressFamily, min: usize) -> Option<T> {
        if self.family() != family || self.len() < min {
            return None;
        }
        const {
            assert!(size_of::<T>() <= STORAGE);
            assert!(core::mem::align_of::<T>() <= core::mem::align_of::<usize>());
        };
        // SAFETY: in bounds; `T` is one of the plain address structs below,
        // valid for any bytes, aligned at most like `usize`.
        Some(unsafe { self.storage.as_ptr().cast::<T>().read() })
    }

    /// The IPv4 address, if it is one.
    pub fn as_v4(&self) -> Option<SocketAddrV4> {
        self.read(AddressFamily::INET, size_of::<SocketAddrV4>())
    }

    /// The IPv6 address, if it is one.
    pub fn as_v6(&self) -> Option<SocketAddrV6> {
        self.read(AddressFamily::INET6, size_of::<SocketAddrV6>())
    }

    /// The Unix-domain address, if it is one.
    pub fn as_unix(&self) -> Option<SocketAddrUnix> {
        let addr = self.read::<SockaddrUn>(AddressFamily::UNIX, PATH_OFFSET)?;
        Some(SocketAddrUnix {
            addr,
            len: self.len().min(size_of::<SockaddrUn>()) as u32,
        })
    }

    /// The IP address as `core::net`'s type, if it is IPv4 or IPv6.
    pub fn to_core(&self) -> Option<SocketAddr> {
        match (self.as_v4(), self.as_v6()) {
            (Some(a), _) => Some(SocketAddr::V4(a.into())),
            (_, Some(a)) => Some(SocketAddr::V6(a.into())),
            _ => None,
        }
    }
}

impl fmt::Debug for SocketAddrAny {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(a) = self.to_core() {
            write!(f, "SocketAddrAny({a})")
        } else if let Some(u) = self.as_unix() {
            fmt::Debug::fmt(&u, f)
        } else {
            write!(
                f,
                "SocketAddrAny({:?}, {} bytes)",
                self.family(),
                self.len()
            )
        }
    }
}

macro_rules! sockaddr_self {
    ($($t:ty),*) => {$(
        // SAFETY: the type is the kernel's struct itself.
        unsafe impl SockAddr for $t {
            #[inline]
            fn with_sockaddr<R>(&self, f: impl FnOnce(*const c_void, u32) -> R) -> R {
                f((self as *const Self).cast(), size_of::<Self>() as u32)
            }
        }
    )*};
}
sockaddr_self!(SocketAddrV4, SocketAddrV6);

// SAFETY: `len` never exceeds the struct.
unsafe impl SockAddr for SocketAddrUnix {
    #[inline]
    fn with_sockaddr<R>(&self, f: impl FnOnce(*const c_void, u32) -> R) -> R {
        f((&self.addr as *const SockaddrUn).cast(), self.len)
    }
}

// SAFETY: `len()` never exceeds the storage.
unsafe impl SockAddr for SocketAddrAny {
    #[inline]
    fn with_sockaddr<R>(&self, f: impl FnOnce(*const c_void, u32) -> R) -> R {
        f(self.storage.as_ptr().cast(), self.len() as u32)
    }
}

macro_rules! sockaddr_via {
    ($($t:ty => $via:ty),*) => {$(
        // SAFETY: converts to a type whose impl upholds the contract.
        unsafe impl SockAddr for $t {
            #[inline]
            fn with_sockaddr<R>(&self, f: impl FnOnce(*const c_void, u32) -> R) -> R {
                <$via>::from(*self).with_sockaddr(f)
            }
        }
    )*};
}
sockaddr_via!(core::net::SocketAddrV4 => SocketAddrV4, core::net::SocketAddrV6 => SocketAddrV6);

// SAFETY: delegates to the impls above.
unsafe impl SockAddr for SocketAddr {
    #[inline]
    fn with_sockaddr<R>(&self, f: impl FnOnce(*const c_void, u32) -> R) -> R {
        match self {
            SocketAddr::V4(a) => a.with_sockaddr(f),
            SocketAddr::V6(a) => a.with_sockaddr(f),
        }
    }
}

// SAFETY: delegates to `T`.
unsafe impl<T: SockAddr> SockAddr for &T {
    #[inline]
    fn with_sockaddr<R>(&self, f: impl FnOnce(*const c_void, u32) -> R) -> R {
        (**self).with_sockaddr(f)
    }
}
