//! Files and directories: opening (`openat(2)`, `openat2(2)`), the `*at`
//! calls on names, metadata ([`statx`], [`fstat`], [`fstatfs`]), directory
//! listing ([`getdents64`]), and file-level operations (`ftruncate(2)`,
//! `fallocate(2)`, `fsync(2)`, `flock(2)`, …).
//!
//! Paths are any [`path::Arg`](crate::path::Arg); directory fds are any
//! [`AsFd`](crate::AsFd), with [`CWD`] for the current directory. Every call that creates
//! an fd sets close-on-exec; to pass an fd through `execve(2)`, clear it
//! explicitly with [`io::fcntl_setfd`](crate::io::fcntl_setfd).

mod dir;
mod stat;

pub use dir::{getdents64, Dirent, Dirents};
pub use stat::{
    fstat, fstatat, fstatfs, statx, Stat, StatFs, StatFsFlags, StatFsWord, Statx, StatxAttributes,
    StatxFlags, StatxTimestamp,
};

use crate::fd::{BorrowedFd, RawFd};

mod at;
mod file;
mod open;
pub use at::*;
pub use file::*;
pub use open::*;

pub use crate::base::fs::{OFlags, CWD};

#[inline(always)]
fn raw(fd: BorrowedFd<'_>) -> RawFd {
    fd.as_raw_fd()
}

crate::flags::bitflags! {
    /// Permission bits of a file (`S_I*`), as given to [`openat`],
    /// [`mkdirat`], [`fchmod`] and [`umask`].
    pub struct Mode: u32 {
        /// Owner: read, write, execute.
        const RWXU = 0o700;
        /// Owner read.
        const RUSR = 0o400;
        /// Owner write.
        const WUSR = 0o200;
        /// Owner execute.
        const XUSR = 0o100;
        /// Group: read, write, execute.
        const RWXG = 0o70;
        /// Group read.
        const RGRP = 0o40;
        /// Group write.
        const WGRP = 0o20;
        /// Group execute.
        const XGRP = 0o10;
        /// Others: read, write, execute.
        const RWXO = 0o7;
        /// Others read.
        const ROTH = 0o4;
        /// Others write.
        const WOTH = 0o2;
        /// Others execute.
        const XOTH = 0o1;
        /// Set-user-ID.
        const SUID = 0o4000;
        /// Set-group-ID.
        const SGID = 0o2000;
        /// Sticky.
        const SVTX = 0o1000;
        const _ = !0;
    }
}

impl Mode {
    /// A mode from its octal number, such as `Mode::from_octal(0o644)`.
    #[inline]
    pub const fn from_octal(m: u32) -> Self {
        Mode::from_bits_retain(m)
    }
}

crate::flags::bitflags! {
    /// Flags of the `*at` calls (`AT_*`).
    pub struct AtFlags: u32 {
        /// Do not follow a symlink in the last component.
        const SYMLINK_NOFOLLOW = 0x100;
        /// [`unlinkat`]: remove a directory.
        const REMOVEDIR = 0x200;
        /// [`faccessat2`]: check with the effective ids (same bit as `REMOVEDIR`).
        const EACCESS = 0x200;
        /// [`linkat`]: follow a symlink in the old path.
        const SYMLINK_FOLLOW = 0x400;
        /// Do not trigger an automount in the last component.
        const NO_AUTOMOUNT = 0x800;
        /// An empty path means the dirfd itself.
        const EMPTY_PATH = 0x1000;
        /// [`statx`]: sync with the server (network filesystems).
        const STATX_FORCE_SYNC = 0x2000;
        /// [`statx`]: do not sync, whatever is cached.
        const STATX_DONT_SYNC = 0x4000;
        const _ = !0;
    }
}

crate::flags::bitflags! {
    /// Flags of [`renameat2`] (`RENAME_*`).
    pub struct RenameFlags: u32 {
        /// Fail with `EEXIST` rather than replace the target.
        const NOREPLACE = 1;
        /// Swap the two names atomically (both must exist).
        const EXCHANGE = 2;
        /// Leave a whiteout at the source (overlay filesystems).
        const WHITEOUT = 4;
        const _ = !0;
    }
}

crate::flags::bitflags! {
    /// How [`openat2`] may resolve a path (`RESOLVE_*`): the race-free way
    /// to confine a lookup, where checking first and opening later is not.
    pub struct ResolveFlags: u64 {
        /// Never cross a mount point (`EXDEV`).
        const NO_XDEV = 0x01;
        /// No `/proc/*/fd`-style magic links (`ELOOP`).
        const NO_MAGICLINKS = 0x02;
        /// No symlinks at all (`ELOOP`).
        const NO_SYMLINKS = 0x04;
        /// Stay inside the dirfd: absolute paths, escaping `..` and
        /// symlinks leading out fail with `EXDEV`.
        const BENEATH = 0x08;
        /// Treat the dirfd as the root: `/` and `..` stop there.
        const IN_ROOT = 0x10;
        /// Only from the lookup cache, else `EAGAIN`.
        const CACHED = 0x20;
        const _ = !0;
    }
}

crate::flags::bitflags! {
    /// What [`faccessat2`] checks (`R_OK`, `W_OK`, `X_OK`; empty is `F_OK`,
    /// existence).
    pub struct Access: u32 {
        /// Readable.
        const READ = 4;
        /// Writable.
        const WRITE = 2;
        /// Executable (searchable for a directory).
        const EXEC = 1;
        const _ = !0;
    }
}

/// The type of a file, from a mode's `S_IFMT` bits or a directory entry's
/// `d_type`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FileType {
    /// A named pipe.
    Fifo,
    /// A character device.
    CharDevice,
    /// A directory.
    Directory,
    /// A block device.
    BlockDevice,
    /// A regular file.
    RegularFile,
    /// A symbolic link.
    Symlink,
    /// A socket.
    Socket,
    /// Not reported (`DT_UNKNOWN`: some filesystems; use [`statx`]).
    Unknown,
}

impl FileType {
    /// The type of a directory entry's `d_type` (`DT_*`).
    #[inline]
    pub const fn from_dirent_type(d_type: u8) -> Self {
        match d_type {
            1 => FileType::Fifo,
            2 => FileType::CharDevice,
            4 => FileType::Directory,
            6 => FileType::BlockDevice,
            8 => FileType::RegularFile,
            10 => FileType::Symlink,
            12 => FileType::Socket,
            _ => FileType::Unknown,
        }
    }

    /// The type in a full mode's `S_IFMT` bits (`st_mode`, `stx_mode`).
    #[inline]
    pub const fn from_mode(mode: u32) -> Self {
        // S_IFMT >> 12 is the d_type number.
        FileType::from_dirent_type(((mode >> 12) & 0o17) as u8)
    }
}
