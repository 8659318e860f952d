//! Files and directories: opening (`openat(2)`, `openat2(2)`), the `*at`
//! calls on names, metadata ([`statx`], [`fstat`], [`fstatfs`]), directory
//! listing ([`getdents64`]), and file-level operations (`ftruncate(2)`,
//! `fallocate(2)`, `fsync(2)`, `flock(2)`, …).
//!
//! Paths are any [`path::Arg`](crate::path::Arg); directory fds are any
//! [`AsFd`], with [`CWD`] for the current directory. Every call that creates
//! an fd sets close-on-exec; to pass an fd through `execve(2)`, clear it
//! explicitly with [`io::fcntl_setfd`](crate::io::fcntl_setfd).

mod dir;
mod stat;

pub use dir::{getdents64, Dirent, Dirents};
pub use stat::{
    fstat, fstatat, fstatfs, statx, Stat, StatFs, StatFsFlags, StatFsWord, Statx, StatxAttributes,
    StatxFlags, StatxTimestamp,
};

use crate::fd::{AsFd, BorrowedFd, OwnedFd, RawFd};
use crate::path::Arg;
use crate::process::{Gid, Uid};
use crate::raw::syscall_off;
use crate::time::Timespec;
use crate::{syscall, syscall_readonly, Errno, Result, Sysno};
use core::ffi::CStr;
use static_assertions::{assert_eq_align, assert_eq_size, const_assert_eq};

/// The current working directory as a directory fd (`AT_FDCWD`): relative
/// paths given with it resolve as plain `open(2)` would.
pub const CWD: BorrowedFd<'static> = {
    // SAFETY: AT_FDCWD is never an open fd; the kernel reads it as "the cwd".
    unsafe { BorrowedFd::borrow_raw(-100) }
};

#[inline(always)]
fn raw(fd: BorrowedFd<'_>) -> RawFd {
    fd.as_raw_fd()
}

use crate::arch::abi::o_flags as arch_o;

crate::flags::bitflags! {
    /// Flags of [`openat`] and the file status flags of
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

/// What 32-bit architectures must add to every open so large files work.
#[cfg(target_pointer_width = "32")]
const FORCE_OFLAGS: OFlags = OFlags::LARGEFILE.union(OFlags::CLOEXEC);
#[cfg(target_pointer_width = "64")]
const FORCE_OFLAGS: OFlags = OFlags::CLOEXEC;

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

/// Opens `path` relative to `dirfd` (`openat(2)`), close-on-exec; `mode`
/// matters only with `CREAT` or `TMPFILE` (then minus the umask).
///
/// # Errors
///
/// `ENOENT`, `EEXIST` (`CREAT | EXCL`), `EACCES`, `ENOTDIR`, `EISDIR`
/// (writing a directory), `ELOOP` (`NOFOLLOW` on a symlink), `EINVAL`,
/// `ENAMETOOLONG`, `EMFILE`; from the path argument, `EINVAL` for an interior NUL.
#[inline]
pub fn openat(dirfd: impl AsFd, path: impl Arg, flags: OFlags, mode: Mode) -> Result<OwnedFd> {
    let dirfd = raw(dirfd.as_fd());
    path.with_c_str(|p| {
        // SAFETY: `p` is NUL-terminated; openat returns a new fd we own.
        let fd = unsafe {
            syscall_readonly!(
                Sysno::openat,
                dirfd,
                p.as_ptr(),
                (flags | FORCE_OFLAGS).bits(),
                mode.bits()
            )
        }?;
        // SAFETY: the kernel just created fd `fd` for us.
        Ok(unsafe { OwnedFd::from_raw_fd(fd as RawFd) })
    })
}

/// The kernel's `struct open_how`.
#[repr(C)]
struct OpenHow {
    flags: u64,
    mode: u64,
    resolve: u64,
}
assert_eq_size!(OpenHow, [u64; 3]);
assert_eq_align!(OpenHow, u64);
const_assert_eq!(core::mem::offset_of!(OpenHow, resolve), 16);

/// [`openat`] with limits on path resolution (`openat2(2)`, Linux 5.6):
/// `ResolveFlags::BENEATH` opens only inside `dirfd`, checked atomically
/// during the lookup — what an `access()`-then-`open()` or a prefix check
/// on the path cannot guarantee. Stricter than `openat`: unknown flags, or a
/// non-zero `mode` without `CREAT`/`TMPFILE`, are `EINVAL`.
///
/// # Errors
///
/// As [`openat`]; `EXDEV` when the path escapes `BENEATH`/`IN_ROOT` or
/// crosses a mount with `NO_XDEV`, `ELOOP` for a refused symlink, `EAGAIN`
/// with `CACHED`, `E2BIG`/`ENOSYS` on old kernels.
#[inline]
pub fn openat2(
    dirfd: impl AsFd,
    path: impl Arg,
    flags: OFlags,
    mode: Mode,
    resolve: ResolveFlags,
) -> Result<OwnedFd> {
    let dirfd = raw(dirfd.as_fd());
    let how = OpenHow {
        flags: (flags | FORCE_OFLAGS).bits() as u64,
        mode: mode.bits() as u64,
        resolve: resolve.bits(),
    };
    path.with_c_str(|p| {
        // SAFETY: `p` is NUL-terminated, `how` is a valid open_how of the size given.
        let fd = unsafe {
            syscall_readonly!(
                Sysno::openat2,
                dirfd,
                p.as_ptr(),
                &how as *const OpenHow,
                core::mem::size_of::<OpenHow>()
            )
        }?;
        // SAFETY: the kernel just created fd `fd` for us.
        Ok(unsafe { OwnedFd::from_raw_fd(fd as RawFd) })
    })
}

/// One path argument relative to a dirfd, and the rest raw: the shape of
/// most `*at` calls, which read their path and write nothing.
macro_rules! at_call {
    ($nr:expr, $dirfd:expr, $path:expr $(, $a:expr)*) => {{
        let dirfd = raw($dirfd.as_fd());
        $path.with_c_str(|p| {
            // SAFETY: `p` is NUL-terminated; the other arguments are integers.
            unsafe { syscall_readonly!($nr, dirfd, p.as_ptr() $(, $a)*) }.map(drop)
        })
    }};
}

/// Creates a directory (`mkdirat(2)`), permissions `mode` minus the umask.
///
/// # Errors
///
/// `EEXIST`, `ENOENT` (a missing parent), `EACCES`, `ENOSPC`, `EROFS`.
#[inline]
pub fn mkdirat(dirfd: impl AsFd, path: impl Arg, mode: Mode) -> Result<()> {
    at_call!(Sysno::mkdirat, dirfd, path, mode.bits())
}

/// Removes a name (`unlinkat(2)`); a directory with [`AtFlags::REMOVEDIR`].
///
/// # Errors
///
/// `ENOENT`, `EISDIR` (a directory without `REMOVEDIR`), `ENOTDIR`,
/// `ENOTEMPTY`, `EACCES`/`EPERM`, `EINVAL` for other flags.
#[inline]
pub fn unlinkat(dirfd: impl AsFd, path: impl Arg, flags: AtFlags) -> Result<()> {
    at_call!(Sysno::unlinkat, dirfd, path, flags.bits())
}

/// Two path arguments, each relative to its own dirfd.
fn two_paths(
    old_dirfd: BorrowedFd<'_>,
    old: impl Arg,
    new_dirfd: BorrowedFd<'_>,
    new: impl Arg,
    f: impl FnOnce(RawFd, &CStr, RawFd, &CStr) -> Result<usize>,
) -> Result<()> {
    old.with_c_str(|o| new.with_c_str(|n| f(raw(old_dirfd), o, raw(new_dirfd), n)))
        .map(drop)
}

/// Renames `old` to `new` (`renameat2(2)`); with `NOREPLACE` never
/// replaces, with `EXCHANGE` swaps the two.
///
/// # Errors
///
/// `ENOENT`, `EEXIST` (`NOREPLACE`), `EXDEV` across mounts, `EINVAL` (bad
/// flags, or a flag the filesystem does not support), `ENOTEMPTY`, `EISDIR`.
#[inline]
pub fn renameat2(
    old_dirfd: impl AsFd,
    old: impl Arg,
    new_dirfd: impl AsFd,
    new: impl Arg,
    flags: RenameFlags,
) -> Result<()> {
    two_paths(
        old_dirfd.as_fd(),
        old,
        new_dirfd.as_fd(),
        new,
        |od, o, nd, n| {
            // SAFETY: both paths are NUL-terminated.
            unsafe {
                syscall_readonly!(
                    Sysno::renameat2,
                    od,
                    o.as_ptr(),
                    nd,
                    n.as_ptr(),
                    flags.bits()
                )
            }
        },
    )
}

/// Makes `new` a hard link to `old` (`linkat(2)`); `SYMLINK_FOLLOW`
/// follows a symlink `old`, `EMPTY_PATH` links the fd `old_dirfd` itself.
///
/// # Errors
///
/// `EEXIST`, `ENOENT`, `EXDEV` across mounts, `EPERM` (a directory), `EMLINK`.
#[inline]
pub fn linkat(
    old_dirfd: impl AsFd,
    old: impl Arg,
    new_dirfd: impl AsFd,
    new: impl Arg,
    flags: AtFlags,
) -> Result<()> {
    two_paths(
        old_dirfd.as_fd(),
        old,
        new_dirfd.as_fd(),
        new,
        |od, o, nd, n| {
            // SAFETY: both paths are NUL-terminated.
            unsafe {
                syscall_readonly!(Sysno::linkat, od, o.as_ptr(), nd, n.as_ptr(), flags.bits())
            }
        },
    )
}

/// Makes `link` (relative to `dirfd`) a symbolic link whose contents are
/// `target` (`symlinkat(2)`); the target need not exist.
///
/// # Errors
///
/// `EEXIST`, `ENOENT` (missing parent or empty target), `EACCES`.
#[inline]
pub fn symlinkat(target: impl Arg, dirfd: impl AsFd, link: impl Arg) -> Result<()> {
    let dirfd = raw(dirfd.as_fd());
    target
        .with_c_str(|t| {
            link.with_c_str(|l| {
                // SAFETY: both strings are NUL-terminated.
                unsafe { syscall_readonly!(Sysno::symlinkat, t.as_ptr(), dirfd, l.as_ptr()) }
            })
        })
        .map(drop)
}

/// Reads a symlink's contents into `buf` (`readlinkat(2)`); returns the
/// filled part (no NUL is added). The kernel cuts silently what does not
/// fit; this call reports that as `ERANGE` instead, so a returned value is
/// always complete ([`PATH_MAX`](crate::path::PATH_MAX) bytes always suffice).
///
/// # Errors
///
/// `EINVAL` if not a symlink, `ENOENT`, `ERANGE` if `buf` may be too small.
#[inline]
pub fn readlinkat(dirfd: impl AsFd, path: impl Arg, buf: &mut [u8]) -> Result<&[u8]> {
    let dirfd = raw(dirfd.as_fd());
    // The kernel's `bufsiz` is an `int`: a longer buffer offered whole
    // would lose its high bits, and a cut link would look complete.
    let (ptr, len) = (buf.as_mut_ptr(), buf.len().min(i32::MAX as usize));
    let n = path.with_c_str(|p| {
        // SAFETY: `p` is NUL-terminated; the kernel writes at most `len` bytes.
        unsafe { syscall!(Sysno::readlinkat, dirfd, p.as_ptr(), ptr, len) }
    })?;
    if n >= len {
        return Err(Errno::ERANGE);
    }
    Ok(&buf[..n])
}

/// Changes the permissions of an open file (`fchmod(2)`).
///
/// # Errors
///
/// `EPERM` (not the owner), `EROFS`, `EBADF`.
#[inline]
pub fn fchmod(fd: impl AsFd, mode: Mode) -> Result<()> {
    // SAFETY: fchmod takes integers.
    unsafe { syscall_readonly!(Sysno::fchmod, raw(fd.as_fd()), mode.bits()) }.map(drop)
}

/// Changes the permissions of `path` (`fchmodat(2)`; with flags such as
/// `SYMLINK_NOFOLLOW` or `EMPTY_PATH`, `fchmodat2`, Linux 6.6).
///
/// # Errors
///
/// `EPERM`, `ENOENT`, `EROFS`; `EOPNOTSUPP` for `SYMLINK_NOFOLLOW` on a
/// symlink; `ENOSYS` for flags before Linux 6.6.
#[inline]
pub fn fchmodat(dirfd: impl AsFd, path: impl Arg, mode: Mode, flags: AtFlags) -> Result<()> {
    if flags.is_empty() {
        at_call!(Sysno::fchmodat, dirfd, path, mode.bits())
    } else {
        at_call!(Sysno::fchmodat2, dirfd, path, mode.bits(), flags.bits())
    }
}

/// Changes the owner and group of `path` (`fchownat(2)`); `None` leaves
/// that id as it is. `EMPTY_PATH` with `""` changes the fd `dirfd` itself.
///
/// # Errors
///
/// `EPERM` (needs `CAP_CHOWN`, except giving a file to one of your groups),
/// `ENOENT`, `EROFS`.
#[inline]
pub fn fchownat(
    dirfd: impl AsFd,
    path: impl Arg,
    owner: Option<Uid>,
    group: Option<Gid>,
    flags: AtFlags,
) -> Result<()> {
    let uid = owner.map_or(u32::MAX, Uid::as_raw);
    let gid = group.map_or(u32::MAX, Gid::as_raw);
    at_call!(Sysno::fchownat, dirfd, path, uid, gid, flags.bits())
}

/// Checks whether the caller may access `path` (`faccessat2(2)`, Linux
/// 5.8; `faccessat` when `flags` is empty and the kernel is older). By
/// default with the real ids, with `AtFlags::EACCESS` the effective ones.
///
/// This answers a question about one moment: to act on the answer, open the
/// file and handle the open's error, or use [`openat2`] to confine the lookup.
///
/// # Errors
///
/// `EACCES` (access denied), `ENOENT`, `EROFS` (write on a read-only
/// filesystem), `EINVAL` for unknown mode bits or flags.
#[inline]
pub fn faccessat2(dirfd: impl AsFd, path: impl Arg, access: Access, flags: AtFlags) -> Result<()> {
    let dirfd = dirfd.as_fd();
    path.with_c_str(|p| {
        // SAFETY: `p` is NUL-terminated.
        let r = unsafe {
            syscall_readonly!(
                Sysno::faccessat2,
                raw(dirfd),
                p.as_ptr(),
                access.bits(),
                flags.bits()
            )
        };
        match r {
            Err(Errno::ENOSYS) if flags.is_empty() => {
                // SAFETY: as above; faccessat has no flags argument.
                unsafe {
                    syscall_readonly!(Sysno::faccessat, raw(dirfd), p.as_ptr(), access.bits())
                }
            }
            r => r,
        }
        .map(drop)
    })
}

/// Checks whether the caller may access `path` with its real user and group
/// ids (`faccessat(2)`, the call before [`faccessat2`]: it takes no flags,
/// so symbolic links are followed and the ids are always the real ones).
/// Seccomp filters that allow only the old call need this one.
///
/// # Errors
///
/// As [`faccessat2`].
#[inline]
pub fn faccessat(dirfd: impl AsFd, path: impl Arg, access: Access) -> Result<()> {
    at_call!(Sysno::faccessat, dirfd, path, access.bits())
}

/// [`faccessat`] relative to the current directory: C's `access(2)`.
///
/// # Errors
///
/// As [`faccessat2`].
#[inline]
pub fn access(path: impl Arg, access: Access) -> Result<()> {
    faccessat(CWD, path, access)
}

/// Sets the size of a file (`ftruncate(2)`; `ftruncate64` on 32-bit),
/// zero-filling if it grows.
///
/// # Errors
///
/// `EINVAL` (not a regular file open for writing, or a length past
/// `i64::MAX`), `EFBIG`, `EPERM` (append-only or sealed), `EBADF`.
#[inline]
pub fn ftruncate(fd: impl AsFd, len: u64) -> Result<()> {
    // SAFETY: ftruncate takes integers.
    unsafe { syscall_off!(crate::sysno::call::FTRUNCATE, raw(fd.as_fd()), off(len)) }.map(drop)
}

crate::flags::bitflags! {
    /// Modes of [`fallocate`] (`FALLOC_FL_*`); empty allocates and extends.
    pub struct FallocateFlags: u32 {
        /// Do not change the file size.
        const KEEP_SIZE = 0x01;
        /// Free the range (with `KEEP_SIZE`).
        const PUNCH_HOLE = 0x02;
        /// Unused by the kernel; kept for completeness.
        const NO_HIDE_STALE = 0x04;
        /// Remove the range, shifting what follows down.
        const COLLAPSE_RANGE = 0x08;
        /// Zero the range.
        const ZERO_RANGE = 0x10;
        /// Insert a hole, shifting what follows up.
        const INSERT_RANGE = 0x20;
        /// Unshare shared extents.
        const UNSHARE_RANGE = 0x40;
        const _ = !0;
    }
}

/// Allocates or manipulates the disk space of `offset..offset + len`
/// (`fallocate(2)`).
///
/// # Errors
///
/// `EOPNOTSUPP` (the filesystem lacks the mode), `EINVAL` (`len` 0, bad
/// flag combination), `ENOSPC`, `EBADF`, `ENODEV`/`ESPIPE` (not a file).
#[inline]
pub fn fallocate(fd: impl AsFd, flags: FallocateFlags, offset: u64, len: u64) -> Result<()> {
    // SAFETY: fallocate takes integers.
    unsafe {
        syscall_off!(
            Sysno::fallocate,
            raw(fd.as_fd()),
            flags.bits(),
            off(offset),
            off(len)
        )
    }
    .map(drop)
}

/// Calls that take just an fd and return nothing.
macro_rules! fd_calls {
    ($($(#[$doc:meta])* $name:ident => $nr:ident;)*) => {$(
        $(#[$doc])*
        #[inline]
        pub fn $name(fd: impl AsFd) -> Result<()> {
            // SAFETY: the call takes one fd and no pointers.
            unsafe { syscall_readonly!(Sysno::$nr, raw(fd.as_fd())) }.map(drop)
        }
    )*};
}

fd_calls! {
    /// Flushes a file's data and metadata to the device (`fsync(2)`).
    ///
    /// # Errors
    ///
    /// `EIO` (data was lost), `ENOSPC`, `EROFS`/`EINVAL` (fd does not support syncing), `EBADF`.
    fsync => fsync;
    /// Flushes a file's data, and only the metadata needed to read it back
    /// (`fdatasync(2)`).
    ///
    /// # Errors
    ///
    /// As [`fsync`].
    fdatasync => fdatasync;
    /// Makes the directory `fd` the current directory (`fchdir(2)`).
    ///
    /// # Errors
    ///
    /// `ENOTDIR`, `EACCES` (no search permission), `EBADF`.
    fchdir => fchdir;
}

/// Writes the current directory's absolute path into `buf` (`getcwd(2)`);
/// returns it as a C string inside `buf`. A path that is not reachable from
/// the root (after a `chroot`, or a deleted directory) starts with
/// `(unreachable)`.
///
/// # Errors
///
/// `ERANGE` when `buf` is too small ([`PATH_MAX`](crate::path::PATH_MAX)
/// suffices), `ENOENT` when the directory was removed.
#[inline]
pub fn getcwd(buf: &mut [u8]) -> Result<&CStr> {
    // SAFETY: the kernel writes at most `buf.len()` bytes.
    let n = unsafe { syscall!(Sysno::getcwd, buf.as_mut_ptr(), buf.len()) }?;
    CStr::from_bytes_until_nul(&buf[..n.min(buf.len())]).map_err(|_| Errno::ERANGE)
}

/// Changes the current directory (`chdir(2)`).
///
/// # Errors
///
/// `ENOENT`, `ENOTDIR`, `EACCES`.
#[inline]
pub fn chdir(path: impl Arg) -> Result<()> {
    path.with_c_str(|p| {
        // SAFETY: `p` is NUL-terminated.
        unsafe { syscall_readonly!(Sysno::chdir, p.as_ptr()) }.map(drop)
    })
}

/// Changes the root directory of the calling process to `path`
/// (`chroot(2)`); the current directory stays where it was (possibly
/// outside the new root: [`chdir`] into it afterwards). Needs
/// `CAP_SYS_CHROOT`.
///
/// # Errors
///
/// `EPERM` without the capability, `ENOENT`, `ENOTDIR`, `EACCES`.
#[inline]
pub fn chroot(path: impl Arg) -> Result<()> {
    path.with_c_str(|p| {
        // SAFETY: `p` is NUL-terminated.
        unsafe { syscall_readonly!(Sysno::chroot, p.as_ptr()) }.map(drop)
    })
}

/// A `tv_nsec` meaning "the current time" in [`utimensat`].
pub const UTIME_NOW: i64 = (1 << 30) - 1;
/// A `tv_nsec` meaning "leave this time alone" in [`utimensat`].
pub const UTIME_OMIT: i64 = (1 << 30) - 2;

/// Sets the access and modification times of `path` (`utimensat(2)`;
/// `utimensat_time64` on 32-bit): `times` is `[atime, mtime]`, each possibly
/// [`UTIME_NOW`] or [`UTIME_OMIT`] in `tv_nsec`; `None` sets both to now.
/// With `EMPTY_PATH` and `""` it sets the times of `dirfd` itself.
///
/// # Errors
///
/// `EACCES`/`EPERM` (not the owner), `ENOENT`, `EINVAL` (a bad `tv_nsec`),
/// `EROFS`.
#[inline]
pub fn utimensat(
    dirfd: impl AsFd,
    path: impl Arg,
    times: Option<&[Timespec; 2]>,
    flags: AtFlags,
) -> Result<()> {
    const NR: Sysno = crate::sysno::call::UTIMENSAT;
    let times = times.map_or(core::ptr::null(), |t| t.as_ptr());
    at_call!(NR, dirfd, path, times, flags.bits())
}

/// An advisory lock on a whole open file: what [`flock`] does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum FlockOperation {
    /// Take a shared lock, waiting (`LOCK_SH`).
    LockShared = 1,
    /// Take an exclusive lock, waiting (`LOCK_EX`).
    LockExclusive = 2,
    /// Release (`LOCK_UN`).
    Unlock = 8,
    /// Take a shared lock or fail with `EWOULDBLOCK` (`LOCK_SH | LOCK_NB`).
    NonBlockingLockShared = 5,
    /// Take an exclusive lock or fail with `EWOULDBLOCK` (`LOCK_EX | LOCK_NB`).
    NonBlockingLockExclusive = 6,
}

/// Takes or releases an advisory lock on the open file of `fd` (`flock(2)`).
/// The lock belongs to the open file description: dups share it.
///
/// # Errors
///
/// `EWOULDBLOCK` (non-blocking, held elsewhere), `EINTR` (waiting), `EBADF`.
#[inline]
pub fn flock(fd: impl AsFd, op: FlockOperation) -> Result<()> {
    // SAFETY: flock takes integers.
    unsafe { syscall_readonly!(Sysno::flock, raw(fd.as_fd()), op as u32) }.map(drop)
}

crate::flags::bitflags! {
    /// Flags of [`memfd_create`] (`MFD_*`). Close-on-exec is always set.
    pub struct MemfdFlags: u32 {
        /// Close-on-exec: set whether given or not.
        const CLOEXEC = 0x1;
        /// Allow `F_ADD_SEALS`.
        const ALLOW_SEALING = 0x2;
        /// Back with huge pages.
        const HUGETLB = 0x4;
        /// Not executable, sealed so (Linux 6.3).
        const NOEXEC_SEAL = 0x8;
        /// Executable (Linux 6.3).
        const EXEC = 0x10;
        const _ = !0;
    }
}

/// An anonymous in-memory file, close-on-exec (`memfd_create(2)`); `name`
/// (at most 249 bytes) shows in `/proc/self/fd` as `memfd:name`.
///
/// # Errors
///
/// `EINVAL` (name too long, unknown flags), `EMFILE`, `ENOMEM`.
#[inline]
pub fn memfd_create(name: impl Arg, flags: MemfdFlags) -> Result<OwnedFd> {
    name.with_c_str(|n| {
        let flags = flags | MemfdFlags::CLOEXEC;
        // SAFETY: `n` is NUL-terminated; memfd_create returns a new fd we own.
        let fd = unsafe { syscall_readonly!(Sysno::memfd_create, n.as_ptr(), flags.bits()) }?;
        // SAFETY: the kernel just created fd `fd` for us.
        Ok(unsafe { OwnedFd::from_raw_fd(fd as RawFd) })
    })
}

/// Sets the process's file creation mask, returning the previous one
/// (`umask(2)`; never fails).
#[inline]
pub fn umask(mask: Mode) -> Mode {
    // SAFETY: umask takes an integer and cannot fail.
    let old = unsafe { crate::raw::syscall1_readonly(Sysno::umask as usize, mask.bits() as usize) };
    Mode::from_bits_retain(old as u32)
}
