//! Opening files: `openat(2)` and `openat2(2)`.

use crate::fd::{AsFd, OwnedFd};
use crate::path::Arg;
use crate::{syscall_readonly, Result, Sysno};
use static_assertions::{assert_eq_align, assert_eq_size, const_assert_eq};

use super::*;

/// What 32-bit architectures must add to every open so large files work.
#[cfg(target_pointer_width = "32")]
const FORCE_OFLAGS: OFlags = OFlags::LARGEFILE.union(OFlags::CLOEXEC);
#[cfg(target_pointer_width = "64")]
const FORCE_OFLAGS: OFlags = OFlags::CLOEXEC;

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
        Ok(unsafe { crate::raw::owned_fd(fd) })
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
        Ok(unsafe { crate::raw::owned_fd(fd) })
    })
}
