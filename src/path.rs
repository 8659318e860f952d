//! Path arguments without allocation.
//!
//! Every call that takes a path takes `impl Arg`: a `&CStr` passes straight
//! through; `&str`, `&[u8]` (and `&Path`, `&OsStr` with the `std` feature)
//! are copied into a `PATH_MAX` buffer on the stack and NUL-terminated.

use crate::{Errno, Result};
use core::ffi::CStr;
use core::mem::MaybeUninit;

/// The kernel's limit on a path, its terminating NUL included
/// (`include/uapi/linux/limits.h`).
pub const PATH_MAX: usize = 4096;

/// A value usable as a path (or any other string argument) of a call.
pub trait Arg {
    /// Calls `f` with the value as a NUL-terminated C string.
    ///
    /// # Errors
    ///
    /// `EINVAL` if the value has an interior NUL byte; `ENAMETOOLONG` if it
    /// does not fit in `PATH_MAX` bytes with its terminator.
    fn with_c_str<T>(self, f: impl FnOnce(&CStr) -> Result<T>) -> Result<T>;
}

impl Arg for &CStr {
    #[inline]
    fn with_c_str<T>(self, f: impl FnOnce(&CStr) -> Result<T>) -> Result<T> {
        f(self)
    }
}

impl Arg for &[u8] {
    fn with_c_str<T>(self, f: impl FnOnce(&CStr) -> Result<T>) -> Result<T> {
        if self.len() >= PATH_MAX {
            return Err(Errno::ENAMETOOLONG);
        }
        let mut buf = [MaybeUninit::<u8>::uninit(); PATH_MAX];
        // SAFETY: `self.len() < PATH_MAX`: the copy and the terminator fit.
        let bytes = unsafe {
            core::ptr::copy_nonoverlapping(
                self.as_ptr(),
                buf.as_mut_ptr().cast::<u8>(),
                self.len(),
            );
            buf[self.len()].write(0);
            core::slice::from_raw_parts(buf.as_ptr().cast::<u8>(), self.len() + 1)
        };
        match CStr::from_bytes_with_nul(bytes) {
            Ok(c) => f(c),
            Err(_) => Err(Errno::EINVAL),
        }
    }
}

impl Arg for &str {
    #[inline]
    fn with_c_str<T>(self, f: impl FnOnce(&CStr) -> Result<T>) -> Result<T> {
        self.as_bytes().with_c_str(f)
    }
}

impl<const N: usize> Arg for &[u8; N] {
    #[inline]
    fn with_c_str<T>(self, f: impl FnOnce(&CStr) -> Result<T>) -> Result<T> {
        self.as_slice().with_c_str(f)
    }
}

#[cfg(feature = "std")]
impl Arg for &std::ffi::OsStr {
    #[inline]
    fn with_c_str<T>(self, f: impl FnOnce(&CStr) -> Result<T>) -> Result<T> {
        self.as_encoded_bytes().with_c_str(f)
    }
}

#[cfg(feature = "std")]
impl Arg for &std::path::Path {
    #[inline]
    fn with_c_str<T>(self, f: impl FnOnce(&CStr) -> Result<T>) -> Result<T> {
        self.as_os_str().with_c_str(f)
    }
}

#[cfg(feature = "std")]
impl Arg for &std::ffi::CString {
    #[inline]
    fn with_c_str<T>(self, f: impl FnOnce(&CStr) -> Result<T>) -> Result<T> {
        f(self.as_c_str())
    }
}
