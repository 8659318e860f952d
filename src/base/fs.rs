//! The open flags and the current-directory fd: what `fs`, `io` and every
//! call that opens or describes an fd share.

use crate::fd::BorrowedFd;

/// The current working directory as a directory fd (`AT_FDCWD`): relative
/// paths given with it resolve as plain `open(2)` would.
pub const CWD: BorrowedFd<'static> = {
    // SAFETY: AT_FDCWD is never an open fd; the kernel reads it as "the cwd".
    unsafe { BorrowedFd::borrow_raw(AT_FDCWD) }
};

/// `AT_FDCWD`: the directory fd number that means the current directory.
pub(crate) const AT_FDCWD: i32 = -100;

/// `O_CLOEXEC`, which every `*_CLOEXEC` flag of the calls that create an fd
/// (`SOCK_`, `EFD_`, `TFD_`, `SFD_`, `EPOLL_`, `dup3`'s) equals.
pub(crate) const O_CLOEXEC: u32 = OFlags::CLOEXEC.bits();

use crate::arch::abi::o_flags as arch_o;

crate::flags::bitflags! {
    /// Flags of [`openat`](crate::fs::openat) and the file status flags of
    /// [`io::fcntl_getfl`](crate::io::fcntl_getfl) (`O_*`, values of the
    /// running architecture).
    pub struct OFlags: u32 {
        /// Read only (the access mode 0: `contains` is always true; compare
        /// `self & OFlags::ACCMODE` instead).
        const RDONLY = 0;
        /// Write only.
        const WRONLY = 1;
        /// Read and write.
        const RDWR = 2;
        /// The access mode bits.
        const ACCMODE = 3;
        /// Create the file if missing (give a [`Mode`]).
        const CREAT = 0o100;
        /// With `CREAT`: fail with `EEXIST` if it exists.
        const EXCL = 0o200;
        /// Do not make a terminal the controlling terminal.
        const NOCTTY = 0o400;
        /// Truncate a regular file to length 0.
        const TRUNC = 0o1000;
        /// Every write goes to the end.
        const APPEND = 0o2000;
        /// Non-blocking I/O.
        const NONBLOCK = 0o4000;
        /// Synchronized data writes.
        const DSYNC = 0o10000;
        /// Signal-driven I/O (`FASYNC`).
        const ASYNC = 0o20000;
        /// Bypass the page cache.
        const DIRECT = arch_o::DIRECT;
        /// 64-bit file sizes on 32-bit architectures (always set there).
        const LARGEFILE = arch_o::LARGEFILE;
        /// Fail with `ENOTDIR` unless a directory.
        const DIRECTORY = arch_o::DIRECTORY;
        /// Fail with `ELOOP` if the last component is a symlink.
        const NOFOLLOW = arch_o::NOFOLLOW;
        /// Do not update the access time.
        const NOATIME = 0o1000000;
        /// Close on `execve(2)`: always set by this crate's calls.
        const CLOEXEC = 0o2000000;
        /// Synchronized data and metadata writes.
        const SYNC = 0o4000000 | 0o10000;
        /// A path-only fd: no I/O, usable as a dirfd and for `*at` with `EMPTY_PATH`.
        const PATH = 0o10000000;
        /// An unnamed file in the given directory (needs `WRONLY` or `RDWR`).
        const TMPFILE = 0o20000000 | arch_o::DIRECTORY;
        const _ = !0;
    }
}
