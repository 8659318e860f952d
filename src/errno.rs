//! Error numbers: what the kernel returns in `[-4095, -1]`.
//!
//! The constants, names and messages come from `arch/<arch>/errno.tbl`, or
//! `arch/generic/errno.tbl` where the architecture uses the asm-generic
//! numbering (x86, x86_64, aarch64 and riscv64 all do; alpha, mips, sparc
//! and parisc would each bring a table of their own).

use core::fmt;

/// An error number returned by the kernel, such as [`Errno::ENOENT`].
///
/// Always in `[1, 4095]`. Prints its name and a short message without std;
/// numbers this table does not know print as the number.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(transparent)]
pub struct Errno(u16);

include!(concat!(env!("OUT_DIR"), "/errno.rs"));

impl Errno {
    /// The error number for a positive raw value in `[1, 4095]` (what C's
    /// `errno` holds); `None` for anything else, which is not an error number.
    #[inline]
    pub const fn from_raw(raw: i32) -> Option<Errno> {
        if raw >= 1 && raw <= crate::raw::MAX_ERRNO as i32 {
            Some(Errno(raw as u16))
        } else {
            None
        }
    }

    /// Wraps a value already known to be in `[1, 4095]`.
    #[inline(always)]
    pub(crate) const fn from_raw_unchecked(raw: u16) -> Errno {
        Errno(raw)
    }

    /// The positive error number, as C's `errno` would hold it.
    #[inline]
    pub const fn raw(self) -> i32 {
        self.0 as i32
    }

    /// The symbolic name, such as `"ENOENT"`; `None` for a number this
    /// architecture's table does not define.
    pub const fn name(self) -> Option<&'static str> {
        match lookup(self.0) {
            Some((name, _)) => Some(name),
            None => None,
        }
    }

    /// A short description, such as `"No such file or directory"`; `None`
    /// for an unknown number.
    pub const fn description(self) -> Option<&'static str> {
        match lookup(self.0) {
            Some((_, text)) => Some(text),
            None => None,
        }
    }

    /// Every error number the table defines (aliases such as `EWOULDBLOCK`
    /// appear under their main name), in numeric order.
    pub fn iter() -> impl Iterator<Item = Errno> {
        ALL.iter().copied()
    }
}

/// Name and description of an error number of the table.
const fn lookup(n: u16) -> Option<(&'static str, &'static str)> {
    let i = n as usize;
    if i < BY_NUMBER.len() {
        BY_NUMBER[i]
    } else {
        None
    }
}

impl fmt::Display for Errno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match lookup(self.0) {
            Some((name, text)) => write!(f, "{name}: {text}"),
            None => write!(f, "error {}", self.0),
        }
    }
}

impl fmt::Debug for Errno {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match lookup(self.0) {
            Some((name, text)) => write!(f, "Errno({name}: {text})"),
            None => write!(f, "Errno({})", self.0),
        }
    }
}

impl core::error::Error for Errno {}

#[cfg(feature = "std")]
impl From<Errno> for std::io::Error {
    fn from(e: Errno) -> Self {
        std::io::Error::from_raw_os_error(e.raw())
    }
}

#[cfg(feature = "std")]
impl TryFrom<std::io::Error> for Errno {
    type Error = std::io::Error;

    /// Succeeds for errors that carry an OS error number; gives the error
    /// back otherwise.
    fn try_from(e: std::io::Error) -> Result<Self, Self::Error> {
        match e.raw_os_error().and_then(Errno::from_raw) {
            Some(errno) => Ok(errno),
            None => Err(e),
        }
    }
}
