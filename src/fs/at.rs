//! Calls on paths, relative to a directory fd: the `*at(2)` family,
//! the working and root directories, and file times.

use crate::fd::{AsFd, BorrowedFd, RawFd};
use crate::path::Arg;
use crate::process::{Gid, Uid};
use crate::time::Timespec;
use crate::{syscall, syscall_readonly, Errno, Result, Sysno};
use core::ffi::CStr;

use super::*;

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
