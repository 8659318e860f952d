//! File descriptors with ownership: [`OwnedFd`] closes on drop,
//! [`BorrowedFd`] borrows for a lifetime, [`AsFd`] accepts either.
//!
//! The same model as std's `std::os::fd`, without std; with the `std`
//! feature the types convert losslessly to and from std's.

use core::fmt;
use core::marker::PhantomData;

/// A file descriptor number as the kernel sees it.
pub type RawFd = i32;

/// An open file descriptor this value owns: dropping it closes the fd
/// (`close(2)`; an error from that close is ignored, as std does).
#[repr(transparent)]
pub struct OwnedFd {
    fd: RawFd,
}

/// A file descriptor borrowed for `'fd`: it stays open at least that long.
#[derive(Clone, Copy)]
#[repr(transparent)]
pub struct BorrowedFd<'fd> {
    fd: RawFd,
    _owner: PhantomData<&'fd OwnedFd>,
}

/// Something that can lend out a [`BorrowedFd`]: every wrapper that takes an
/// fd takes `impl AsFd`.
pub trait AsFd {
    /// Borrows the fd.
    fn as_fd(&self) -> BorrowedFd<'_>;
}

impl OwnedFd {
    /// Takes ownership of `fd`.
    ///
    /// # Safety
    ///
    /// `fd` must be open and owned by nothing else: it is closed on drop.
    #[inline]
    pub const unsafe fn from_raw_fd(fd: RawFd) -> Self {
        OwnedFd { fd }
    }

    /// The fd number, still owned by `self`.
    #[inline]
    pub const fn as_raw_fd(&self) -> RawFd {
        self.fd
    }

    /// Gives up ownership without closing.
    #[inline]
    pub fn into_raw_fd(self) -> RawFd {
        let fd = self.fd;
        core::mem::forget(self);
        fd
    }
}

impl Drop for OwnedFd {
    #[inline]
    fn drop(&mut self) {
        // SAFETY: we own the fd; nothing uses it after this.
        let _ = unsafe { crate::syscall_readonly!(crate::Sysno::close, self.fd) };
    }
}

impl<'fd> BorrowedFd<'fd> {
    /// Borrows `fd` for `'fd`.
    ///
    /// # Safety
    ///
    /// `fd` must stay open for all of `'fd`.
    #[inline]
    pub const unsafe fn borrow_raw(fd: RawFd) -> Self {
        BorrowedFd {
            fd,
            _owner: PhantomData,
        }
    }

    /// The fd number.
    #[inline]
    pub const fn as_raw_fd(&self) -> RawFd {
        self.fd
    }
}

impl BorrowedFd<'static> {
    /// Standard input, fd 0, borrowed for the whole process.
    ///
    /// # Why this is safe
    ///
    /// A `'static` borrow of fds 0–2 is sound only if those numbers are
    /// open for the whole life of the process, from its first instruction:
    /// otherwise (a program started with fd 0 closed) the next `openat`
    /// returns 0 as an [`OwnedFd`], and this borrow aliases it. The process
    /// runtime upholds that, as std's own `io::stdin()` assumes:
    ///
    /// - programs with std: std's runtime opens `/dev/null` onto each of
    ///   fds 0–2 found closed before `main` (`sanitize_standard_fds` in
    ///   `library/std/src/sys/pal/unix`, on Linux), and aborts if it cannot;
    /// - programs with [`start!`](crate::start): its runtime does the same
    ///   ([`rt::open_std_fds`](crate::rt::open_std_fds)) before `main`, and
    ///   exits with status 127 if it cannot;
    /// - a program with a `_start` of its own (which takes
    ///   `#[unsafe(no_mangle)]`) or a `#![no_main]` program started by a C
    ///   runtime: providing the entry point makes the runtime's duties its
    ///   own; it calls [`rt::open_std_fds`](crate::rt::open_std_fds) before
    ///   anything opens a file. sysgate accepts this, as std does for
    ///   Rust code that a C program loads.
    ///
    /// After startup the numbers stay open because closing one needs
    /// ownership (`OwnedFd::from_raw_fd(0)`, `close_range`), which is
    /// `unsafe`. With fd 0 closed by such code, calls fail with `EBADF` or
    /// reach whatever reused the number.
    #[inline]
    pub const fn stdin() -> Self {
        BorrowedFd {
            fd: 0,
            _owner: PhantomData,
        }
    }

    /// Standard output, fd 1 (see [`BorrowedFd::stdin`]).
    #[inline]
    pub const fn stdout() -> Self {
        BorrowedFd {
            fd: 1,
            _owner: PhantomData,
        }
    }

    /// Standard error, fd 2 (see [`BorrowedFd::stdin`]).
    #[inline]
    pub const fn stderr() -> Self {
        BorrowedFd {
            fd: 2,
            _owner: PhantomData,
        }
    }
}

impl AsFd for OwnedFd {
    #[inline]
    fn as_fd(&self) -> BorrowedFd<'_> {
        BorrowedFd {
            fd: self.fd,
            _owner: PhantomData,
        }
    }
}

impl AsFd for BorrowedFd<'_> {
    #[inline]
    fn as_fd(&self) -> BorrowedFd<'_> {
        *self
    }
}

impl<T: AsFd + ?Sized> AsFd for &T {
    #[inline]
    fn as_fd(&self) -> BorrowedFd<'_> {
        (**self).as_fd()
    }
}

impl<T: AsFd + ?Sized> AsFd for &mut T {
    #[inline]
    fn as_fd(&self) -> BorrowedFd<'_> {
        (**self).as_fd()
    }
}

impl fmt::Debug for OwnedFd {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OwnedFd").field("fd", &self.fd).finish()
    }
}

impl fmt::Debug for BorrowedFd<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BorrowedFd").field("fd", &self.fd).finish()
    }
}

#[cfg(feature = "std")]
mod std_interop {
    use super::{AsFd, BorrowedFd, OwnedFd};
    use std::os::fd as sfd;

    impl From<sfd::OwnedFd> for OwnedFd {
        fn from(fd: sfd::OwnedFd) -> Self {
            // SAFETY: std hands over sole ownership of an open fd.
            unsafe { OwnedFd::from_raw_fd(sfd::IntoRawFd::into_raw_fd(fd)) }
        }
    }

    impl From<OwnedFd> for sfd::OwnedFd {
        fn from(fd: OwnedFd) -> Self {
            // SAFETY: we hand over sole ownership of an open fd.
            unsafe { sfd::FromRawFd::from_raw_fd(fd.into_raw_fd()) }
        }
    }

    impl<'a> From<sfd::BorrowedFd<'a>> for BorrowedFd<'a> {
        fn from(fd: sfd::BorrowedFd<'a>) -> Self {
            // SAFETY: std guarantees the fd is open for 'a.
            unsafe { BorrowedFd::borrow_raw(sfd::AsRawFd::as_raw_fd(&fd)) }
        }
    }

    impl<'a> From<BorrowedFd<'a>> for sfd::BorrowedFd<'a> {
        fn from(fd: BorrowedFd<'a>) -> Self {
            // SAFETY: the fd is open for 'a.
            unsafe { sfd::BorrowedFd::borrow_raw(fd.as_raw_fd()) }
        }
    }

    impl sfd::AsFd for OwnedFd {
        fn as_fd(&self) -> sfd::BorrowedFd<'_> {
            AsFd::as_fd(self).into()
        }
    }

    impl sfd::AsFd for BorrowedFd<'_> {
        fn as_fd(&self) -> sfd::BorrowedFd<'_> {
            (*self).into()
        }
    }

    impl sfd::AsRawFd for OwnedFd {
        fn as_raw_fd(&self) -> sfd::RawFd {
            self.fd
        }
    }

    impl sfd::AsRawFd for BorrowedFd<'_> {
        fn as_raw_fd(&self) -> sfd::RawFd {
            self.fd
        }
    }

    impl sfd::IntoRawFd for OwnedFd {
        fn into_raw_fd(self) -> sfd::RawFd {
            OwnedFd::into_raw_fd(self)
        }
    }

    impl sfd::FromRawFd for OwnedFd {
        unsafe fn from_raw_fd(fd: sfd::RawFd) -> Self {
            // SAFETY: the caller upholds std's contract, which is ours.
            unsafe { OwnedFd::from_raw_fd(fd) }
        }
    }

    /// std's fd-holding types (files, sockets, pipes, std's own `OwnedFd`)
    /// lend their fds to sysgate calls.
    macro_rules! as_fd_via_std {
        ($($t:ty),*) => {$(
            impl AsFd for $t {
                fn as_fd(&self) -> BorrowedFd<'_> {
                    sfd::AsFd::as_fd(self).into()
                }
            }
        )*};
    }
    as_fd_via_std!(
        sfd::OwnedFd,
        sfd::BorrowedFd<'_>,
        std::fs::File,
        std::net::TcpStream,
        std::net::TcpListener,
        std::net::UdpSocket,
        std::os::unix::net::UnixStream,
        std::os::unix::net::UnixListener,
        std::os::unix::net::UnixDatagram,
        std::io::PipeReader,
        std::io::PipeWriter,
        std::process::ChildStdin,
        std::process::ChildStdout,
        std::process::ChildStderr
    );
}
