//! `ioctl(2)`: the raw call and the typed requests.

use crate::fd::AsFd;
use crate::{syscall, Result, Sysno};
use static_assertions::{assert_eq_align, assert_eq_size};

use super::*;

/// `ioctl(2)` with any request and argument, raw.
///
/// # Safety
///
/// `arg` must be what `request` expects on this fd: a pointer valid for what
/// the driver reads or writes, or an integer.
#[inline]
pub unsafe fn ioctl(fd: impl AsFd, request: u32, arg: usize) -> Result<usize> {
    // SAFETY: forwarded from the caller.
    unsafe { syscall!(Sysno::ioctl, raw(fd.as_fd()), request, arg) }
}

/// How many bytes can be read without blocking (`ioctl(2)` `FIONREAD`, see
/// `ioctl_tty(2)`, `pipe(7)`, `tcp(7)`).
///
/// # Errors
///
/// `ENOTTY` for an fd that does not support it, `EBADF`.
#[inline]
pub fn ioctl_fionread(fd: impl AsFd) -> Result<usize> {
    let mut n: i32 = 0;
    // SAFETY: FIONREAD writes one int.
    unsafe {
        ioctl(
            fd,
            crate::arch::abi::ioctl_nr::FIONREAD,
            &mut n as *mut i32 as usize,
        )
    }?;
    Ok(n as u32 as usize)
}

/// A terminal's window size: the kernel's `struct winsize`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct Winsize {
    /// Rows, in characters.
    pub ws_row: u16,
    /// Columns, in characters.
    pub ws_col: u16,
    /// Width in pixels (often 0).
    pub ws_xpixel: u16,
    /// Height in pixels (often 0).
    pub ws_ypixel: u16,
}

assert_eq_size!(Winsize, [u16; 4]);
assert_eq_align!(Winsize, u16);

/// The window size of a terminal (`ioctl(2)` `TIOCGWINSZ`, `ioctl_tty(2)`).
///
/// # Errors
///
/// `ENOTTY` when the fd is not a terminal, `EBADF`.
#[inline]
pub fn ioctl_tiocgwinsz(fd: impl AsFd) -> Result<Winsize> {
    let mut ws = Winsize::default();
    // SAFETY: TIOCGWINSZ writes one struct winsize.
    unsafe {
        ioctl(
            fd,
            crate::arch::abi::ioctl_nr::TIOCGWINSZ,
            &mut ws as *mut Winsize as usize,
        )
    }?;
    Ok(ws)
}
