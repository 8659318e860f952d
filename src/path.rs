//! Path arguments without allocation.
//!
//! Every call that takes a path takes `impl Arg`: a `&CStr` (or a `CString`)
//! passes straight through; bytes and strings are copied into a `PATH_MAX`
//! buffer on the stack and NUL-terminated. Nothing here allocates.
//!
//! That buffer costs 4 KiB of stack per path argument while the call runs,
//! 8 KiB for the calls that take two (`renameat2`, `linkat`,
//! `symlinkat`). On a small alternate signal stack (`MINSIGSTKSZ` is 2 KiB
//! on x86_64) or a tight thread stack, pass a `&CStr`, which needs none.
//!
//! | feature   | `Arg` types                                                  |
//! |-----------|--------------------------------------------------------------|
//! | (none)    | `&CStr`, `&str`, `&[u8]`, `&[u8; N]`                         |
//! | `alloc`   | `String`, `Vec<u8>`, `CString`, and references to them        |
//! | `std`     | `&Path`, `PathBuf`, `&OsStr`, `OsString`, and references      |

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

/// Implements [`Arg`] for a type through the `Arg` of a view of it.
macro_rules! arg_via {
    ($($(#[$m:meta])* $Ty:ty => |$s:ident| $view:expr;)*) => {$(
        $(#[$m])*
        impl Arg for $Ty {
            #[inline]
            fn with_c_str<R>(self, f: impl FnOnce(&CStr) -> Result<R>) -> Result<R> {
                let $s = self;
                $view.with_c_str(f)
            }
        }
    )*};
}

impl<const N: usize> Arg for &[u8; N] {
    #[inline]
    fn with_c_str<T>(self, f: impl FnOnce(&CStr) -> Result<T>) -> Result<T> {
        self.as_slice().with_c_str(f)
    }
}

arg_via! {
    &str => |s| s.as_bytes();
    #[cfg(feature = "alloc")]
    &alloc::string::String => |s| s.as_bytes();
    #[cfg(feature = "alloc")]
    alloc::string::String => |s| s.as_bytes();
    #[cfg(feature = "alloc")]
    &alloc::vec::Vec<u8> => |s| s.as_slice();
    #[cfg(feature = "alloc")]
    alloc::vec::Vec<u8> => |s| s.as_slice();
    #[cfg(feature = "alloc")]
    &alloc::ffi::CString => |s| s.as_c_str();
    #[cfg(feature = "alloc")]
    alloc::ffi::CString => |s| s.as_c_str();
    #[cfg(feature = "std")]
    &std::ffi::OsStr => |s| s.as_encoded_bytes();
    #[cfg(feature = "std")]
    &std::ffi::OsString => |s| s.as_encoded_bytes();
    #[cfg(feature = "std")]
    std::ffi::OsString => |s| s.as_encoded_bytes();
    #[cfg(feature = "std")]
    &std::path::Path => |s| s.as_os_str().as_encoded_bytes();
    #[cfg(feature = "std")]
    &std::path::PathBuf => |s| s.as_os_str().as_encoded_bytes();
    #[cfg(feature = "std")]
    std::path::PathBuf => |s| s.as_os_str().as_encoded_bytes();
}
