//! Reading, writing and managing file descriptors: `read(2)`, `write(2)` and
//! their positional and vectored forms, `lseek(2)`, `dup(2)`, `fcntl(2)`,
//! `ioctl(2)`, pipes, and the in-kernel copies `sendfile(2)`,
//! `copy_file_range(2)` and `splice(2)`.
//!
//! File offsets are `u64` on every architecture; on 32-bit ones the wrappers
//! split them into the register pairs the kernel expects.
//!
//! The kernel may move fewer bytes than asked without an error, and may stop a
//! blocked call with `EINTR` when a signal arrives. The calls here report
//! exactly what the kernel did; the helpers [`retry_on_intr`], [`read_exact`],
//! [`write_all`] and their relatives retry for you and never lose count.

mod dup;
mod retry;

pub use dup::*;

pub use retry::{
    pread_exact, pwrite_all, read_exact, readv_exact, retry_on_intr, write_all, writev_all, Cause,
    PartialError,
};

use crate::fd::{AsFd, BorrowedFd, OwnedFd, RawFd};
use crate::fs::OFlags;
use crate::{syscall, syscall_readonly, Result, Sysno};
use core::marker::PhantomData;
use core::mem::MaybeUninit;
use core::ops::{Deref, DerefMut};
use static_assertions::{assert_eq_align, assert_eq_size, const_assert_eq};

use crate::raw::syscall_off;

/// The largest number of slices one `readv(2)`/`writev(2)` accepts
/// (`UIO_MAXIOV`); more give `EINVAL`.
pub const IOV_MAX: usize = 1024;

/// The kernel's `struct iovec`.
#[derive(Clone, Copy)]
#[repr(C)]
struct IoVec {
    base: *mut u8,
    len: usize,
}

assert_eq_size!(IoVec, [usize; 2]);
assert_eq_align!(IoVec, usize);
const_assert_eq!(
    core::mem::offset_of!(IoVec, len),
    core::mem::size_of::<usize>()
);

/// A buffer to write from, laid out as the kernel's `struct iovec`: a slice
/// of these is what `writev(2)` takes.
#[derive(Clone, Copy)]
#[repr(transparent)]
pub struct IoSlice<'a> {
    vec: IoVec,
    _buf: PhantomData<&'a [u8]>,
}

/// A buffer to read into, laid out as the kernel's `struct iovec`: a slice of
/// these is what `readv(2)` takes.
#[repr(transparent)]
pub struct IoSliceMut<'a> {
    vec: IoVec,
    _buf: PhantomData<&'a mut [u8]>,
}

assert_eq_size!(IoSlice<'_>, IoVec);
assert_eq_size!(IoSliceMut<'_>, IoVec);

// SAFETY: an `IoSlice` is a `&[u8]` in the kernel's layout.
unsafe impl Send for IoSlice<'_> {}
// SAFETY: as above.
unsafe impl Sync for IoSlice<'_> {}
// SAFETY: an `IoSliceMut` is a `&mut [u8]` in the kernel's layout.
unsafe impl Send for IoSliceMut<'_> {}
// SAFETY: as above.
unsafe impl Sync for IoSliceMut<'_> {}

/// Skips the first `n` bytes of a list of slices: drops the slices fully
/// covered and shortens the one `n` ends inside. Used by both slice types.
macro_rules! advance_impl {
    ($t:ident) => {
        impl<'a> $t<'a> {
            /// Drops the first `n` bytes (all of them if `n` is larger).
            #[inline]
            pub fn advance(&mut self, n: usize) {
                let n = n.min(self.vec.len);
                // SAFETY: `n <= len`: the new start is inside the buffer.
                self.vec.base = unsafe { self.vec.base.add(n) };
                self.vec.len -= n;
            }

            /// Drops the first `n` bytes of the list: slices fully covered
            /// leave `*bufs`, and the slice `n` ends inside is shortened —
            /// what a vectored call that moved `n` bytes leaves to do. `n`
            /// past the end leaves `*bufs` empty.
            pub fn advance_slices(bufs: &mut &mut [$t<'a>], n: usize) {
                let mut left = n;
                let mut skip = 0;
                for b in bufs.iter() {
                    if b.vec.len > left {
                        break;
                    }
                    left -= b.vec.len;
                    skip += 1;
                }
                let rest = core::mem::take(bufs);
                *bufs = rest.get_mut(skip..).unwrap_or_default();
                if let Some(first) = bufs.first_mut() {
                    first.advance(left);
                }
            }
        }

        impl Deref for $t<'_> {
            type Target = [u8];
            #[inline]
            fn deref(&self) -> &[u8] {
                // SAFETY: base/len describe a live buffer borrowed for 'a.
                unsafe { core::slice::from_raw_parts(self.vec.base, self.vec.len) }
            }
        }

        impl core::fmt::Debug for $t<'_> {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                core::fmt::Debug::fmt(&**self, f)
            }
        }
    };
}
advance_impl!(IoSlice);
advance_impl!(IoSliceMut);

impl<'a> IoSlice<'a> {
    /// Wraps a buffer.
    #[inline]
    pub const fn new(buf: &'a [u8]) -> Self {
        IoSlice {
            vec: IoVec {
                base: buf.as_ptr().cast_mut(),
                len: buf.len(),
            },
            _buf: PhantomData,
        }
    }
}

impl<'a> IoSliceMut<'a> {
    /// Wraps a buffer.
    #[inline]
    pub fn new(buf: &'a mut [u8]) -> Self {
        IoSliceMut {
            vec: IoVec {
                base: buf.as_mut_ptr(),
                len: buf.len(),
            },
            _buf: PhantomData,
        }
    }
}

impl DerefMut for IoSliceMut<'_> {
    #[inline]
    fn deref_mut(&mut self) -> &mut [u8] {
        // SAFETY: base/len describe a live buffer borrowed mutably for 'a.
        unsafe { core::slice::from_raw_parts_mut(self.vec.base, self.vec.len) }
    }
}

/// A buffer of possibly uninitialized bytes that reads fill from the front:
/// [`read_buf`] appends to it, [`ReadBuf::filled`] is what arrived so far.
///
/// It lets a read target memory that was never initialized, safely, and
/// works with [`retry_on_intr`]:
///
/// ```no_run
/// # use core::mem::MaybeUninit;
/// # use sysgate::io::{read_buf, retry_on_intr, ReadBuf};
/// # use sysgate::BorrowedFd;
/// let mut storage = [MaybeUninit::<u8>::uninit(); 4096];
/// let mut buf = ReadBuf::new(&mut storage);
/// retry_on_intr(|| read_buf(BorrowedFd::stdin(), &mut buf))?;
/// let got: &[u8] = buf.filled();
/// # Ok::<(), sysgate::Errno>(())
/// ```
pub struct ReadBuf<'a> {
    buf: &'a mut [MaybeUninit<u8>],
    filled: usize,
}

impl<'a> ReadBuf<'a> {
    /// An empty buffer over `buf`.
    #[inline]
    pub fn new(buf: &'a mut [MaybeUninit<u8>]) -> Self {
        ReadBuf { buf, filled: 0 }
    }

    /// The bytes read so far.
    #[inline]
    pub fn filled(&self) -> &[u8] {
        // SAFETY: the first `filled` bytes were written by the kernel.
        unsafe { core::slice::from_raw_parts(self.buf.as_ptr().cast(), self.filled) }
    }

    /// The bytes read so far, mutably.
    #[inline]
    pub fn filled_mut(&mut self) -> &mut [u8] {
        // SAFETY: as in `filled`.
        unsafe { core::slice::from_raw_parts_mut(self.buf.as_mut_ptr().cast(), self.filled) }
    }

    /// The bytes read so far, for the whole borrow.
    #[inline]
    pub fn into_filled(self) -> &'a mut [u8] {
        // SAFETY: as in `filled`.
        unsafe { core::slice::from_raw_parts_mut(self.buf.as_mut_ptr().cast(), self.filled) }
    }

    /// Room left after the filled part.
    #[inline]
    pub fn remaining(&self) -> usize {
        self.buf.len() - self.filled
    }

    /// Forgets the filled bytes (the next read starts at the front again).
    #[inline]
    pub fn clear(&mut self) {
        self.filled = 0;
    }

    /// The unfilled part, as the pointer and length a call writes to.
    #[inline]
    pub(crate) fn spare(&mut self) -> (*mut u8, usize) {
        let room = self.remaining();
        // SAFETY: `filled <= len`: the pointer stays inside the buffer.
        (
            unsafe { self.buf.as_mut_ptr().add(self.filled).cast() },
            room,
        )
    }

    /// Counts `n` more bytes as filled (clamped to the room left).
    ///
    /// # Safety
    ///
    /// The first `n` bytes of [`ReadBuf::spare`] must have been initialized.
    #[inline]
    pub(crate) unsafe fn assume_filled(&mut self, n: usize) {
        self.filled += n.min(self.remaining());
    }
}

#[inline(always)]
fn raw(fd: BorrowedFd<'_>) -> RawFd {
    fd.as_raw_fd()
}

/// Reads up to `buf.len()` bytes at the file position (`read(2)`); returns
/// how many arrived, 0 at end of file (or for an empty `buf`).
///
/// # Errors
///
/// `EAGAIN` when a non-blocking fd has nothing, `EINTR` when a signal
/// interrupts a blocked read before any byte arrived, `EBADF`, `EISDIR`, …
#[inline]
pub fn read(fd: impl AsFd, buf: &mut [u8]) -> Result<usize> {
    // SAFETY: the kernel writes at most `buf.len()` bytes into `buf`.
    unsafe { syscall!(Sysno::read, raw(fd.as_fd()), buf.as_mut_ptr(), buf.len()) }
}

/// Like [`read()`], into the unfilled part of `buf`, which may be
/// uninitialized memory; returns how many bytes were appended.
#[inline]
pub fn read_buf(fd: impl AsFd, buf: &mut ReadBuf<'_>) -> Result<usize> {
    let (ptr, room) = buf.spare();
    // SAFETY: the kernel writes at most `room` bytes at `ptr`.
    let n = unsafe { syscall!(Sysno::read, raw(fd.as_fd()), ptr, room) }?;
    // SAFETY: the kernel initialized exactly `n <= room` bytes.
    unsafe { buf.assume_filled(n) };
    Ok(n)
}

/// Writes up to `buf.len()` bytes at the file position (`write(2)`); returns
/// how many the kernel took, possibly fewer than asked.
///
/// # Errors
///
/// `EAGAIN` when a non-blocking fd is full, `EPIPE` when a pipe has no
/// reader (with `SIGPIPE`, unless ignored), `EINTR`, `EBADF`, `ENOSPC`, …
#[inline]
pub fn write(fd: impl AsFd, buf: &[u8]) -> Result<usize> {
    // SAFETY: the kernel reads at most `buf.len()` bytes from `buf`.
    unsafe { syscall_readonly!(Sysno::write, raw(fd.as_fd()), buf.as_ptr(), buf.len()) }
}

/// Reads at `offset` without moving the file position (`pread(2)`).
///
/// # Errors
///
/// As [`read()`]; `ESPIPE` on a pipe or socket, `EINVAL` for an offset past
/// `i64::MAX`.
#[inline]
pub fn pread(fd: impl AsFd, buf: &mut [u8], offset: u64) -> Result<usize> {
    // SAFETY: the kernel writes at most `buf.len()` bytes into `buf`.
    unsafe {
        syscall_off!(
            Sysno::pread64,
            raw(fd.as_fd()),
            buf.as_mut_ptr(),
            buf.len(),
            off(offset)
        )
    }
}

/// Writes at `offset` without moving the file position (`pwrite(2)`; on an
/// fd opened with `O_APPEND` the data goes to the end regardless).
///
/// # Errors
///
/// As [`write()`]; `ESPIPE` on a pipe or socket.
#[inline]
pub fn pwrite(fd: impl AsFd, buf: &[u8], offset: u64) -> Result<usize> {
    // SAFETY: the kernel reads at most `buf.len()` bytes from `buf`.
    unsafe {
        syscall_off!(
            Sysno::pwrite64,
            raw(fd.as_fd()),
            buf.as_ptr(),
            buf.len(),
            off(offset)
        )
    }
}

/// Reads into several buffers in order (`readv(2)`); returns the total.
///
/// # Errors
///
/// As [`read()`]; `EINVAL` for more than [`IOV_MAX`] buffers.
#[inline]
pub fn readv(fd: impl AsFd, bufs: &mut [IoSliceMut<'_>]) -> Result<usize> {
    // SAFETY: `IoSliceMut` has iovec layout and each describes a writable buffer.
    unsafe { syscall!(Sysno::readv, raw(fd.as_fd()), bufs.as_mut_ptr(), bufs.len()) }
}

/// Writes several buffers in order (`writev(2)`); returns the total taken.
///
/// # Errors
///
/// As [`write()`]; `EINVAL` for more than [`IOV_MAX`] buffers.
#[inline]
pub fn writev(fd: impl AsFd, bufs: &[IoSlice<'_>]) -> Result<usize> {
    // SAFETY: `IoSlice` has iovec layout and each describes a readable buffer.
    unsafe { syscall_readonly!(Sysno::writev, raw(fd.as_fd()), bufs.as_ptr(), bufs.len()) }
}

crate::flags::bitflags! {
    /// Per-call flags of [`preadv2`] and [`pwritev2`] (`RWF_*`).
    pub struct ReadWriteFlags: u32 {
        /// High-priority (polled) I/O.
        const HIPRI = 0x1;
        /// Per-write `O_DSYNC`.
        const DSYNC = 0x2;
        /// Per-write `O_SYNC`.
        const SYNC = 0x4;
        /// Fail with `EAGAIN` rather than block (page cache reads).
        const NOWAIT = 0x8;
        /// Per-write `O_APPEND`.
        const APPEND = 0x10;
        /// Ignore `O_APPEND` for this write (Linux 6.9).
        const NOAPPEND = 0x20;
        /// Write all or nothing (Linux 6.11, some filesystems).
        const ATOMIC = 0x40;
        /// Drop the pages from the cache after the I/O (Linux 6.14).
        const DONTCACHE = 0x80;
        const _ = !0;
    }
}

/// [`readv`] at `offset` (or at the file position for `None`, which it then
/// advances), with per-call flags (`preadv2(2)`).
///
/// # Errors
///
/// As [`readv`]; `EOPNOTSUPP` for a flag the fd does not support, `EAGAIN`
/// with [`ReadWriteFlags::NOWAIT`] when the data is not cached.
#[inline]
pub fn preadv2(
    fd: impl AsFd,
    bufs: &mut [IoSliceMut<'_>],
    offset: Option<u64>,
    flags: ReadWriteFlags,
) -> Result<usize> {
    let offset = offset.unwrap_or(u64::MAX);
    // SAFETY: as in `readv`; an offset of -1 means the file position.
    unsafe {
        syscall_off!(
            Sysno::preadv2,
            raw(fd.as_fd()),
            bufs.as_mut_ptr(),
            bufs.len(),
            hilo(offset),
            flags.bits()
        )
    }
}

/// [`writev`] at `offset` (or at the file position for `None`), with
/// per-call flags (`pwritev2(2)`).
///
/// # Errors
///
/// As [`writev`]; `EOPNOTSUPP` for a flag the fd does not support.
#[inline]
pub fn pwritev2(
    fd: impl AsFd,
    bufs: &[IoSlice<'_>],
    offset: Option<u64>,
    flags: ReadWriteFlags,
) -> Result<usize> {
    let offset = offset.unwrap_or(u64::MAX);
    // SAFETY: as in `writev`; an offset of -1 means the file position.
    unsafe {
        syscall_off!(
            Sysno::pwritev2,
            raw(fd.as_fd()),
            bufs.as_ptr(),
            bufs.len(),
            hilo(offset),
            flags.bits()
        )
    }
}

/// Where [`lseek`] moves the file position to.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum SeekFrom {
    /// To this offset (`SEEK_SET`).
    Start(u64),
    /// To the end plus this (`SEEK_END`).
    End(i64),
    /// To the current position plus this (`SEEK_CUR`).
    Current(i64),
    /// To the first data at or after this offset (`SEEK_DATA`).
    Data(u64),
    /// To the first hole at or after this offset (`SEEK_HOLE`).
    Hole(u64),
}

/// Moves the file position (`lseek(2)`, `_llseek` on 32-bit architectures);
/// returns the new position.
///
/// # Errors
///
/// `ESPIPE` on a pipe or socket, `EINVAL` for a negative result, `ENXIO`
/// for `Data`/`Hole` past the end.
#[inline]
pub fn lseek(fd: impl AsFd, pos: SeekFrom) -> Result<u64> {
    let (offset, whence) = match pos {
        SeekFrom::Start(o) => (o, 0u32),
        SeekFrom::Current(o) => (o as u64, 1),
        SeekFrom::End(o) => (o as u64, 2),
        SeekFrom::Data(o) => (o, 3),
        SeekFrom::Hole(o) => (o, 4),
    };
    #[cfg(target_pointer_width = "64")]
    {
        // SAFETY: lseek takes no pointers.
        unsafe { syscall_readonly!(Sysno::lseek, raw(fd.as_fd()), offset, whence) }
            .map(|p| p as u64)
    }
    #[cfg(target_pointer_width = "32")]
    {
        let mut result = 0u64;
        // SAFETY: _llseek(fd, high, low, &result, whence) writes one loff_t.
        unsafe {
            syscall!(
                Sysno::_llseek,
                raw(fd.as_fd()),
                (offset >> 32) as u32,
                offset as u32,
                &mut result as *mut u64,
                whence
            )
        }?;
        Ok(result)
    }
}

/// `fcntl64` where there is one: it knows the 64-bit lock structures.
use crate::sysno::call::FCNTL;

/// `fcntl(2)` with any command and argument, raw.
///
/// # Safety
///
/// `arg` must be what `cmd` expects: a pointer valid for the structure it
/// reads or writes, or an integer. Commands that create or close fds must
/// respect who owns them.
#[inline]
pub unsafe fn fcntl(fd: impl AsFd, cmd: u32, arg: usize) -> Result<usize> {
    // SAFETY: forwarded from the caller.
    unsafe { syscall!(FCNTL, raw(fd.as_fd()), cmd, arg) }
}

/// A new fd for the same open file, numbered at least `min`, with
/// close-on-exec set (`fcntl(2)` `F_DUPFD_CLOEXEC`).
///
/// # Errors
///
/// `EBADF`, `EINVAL` for `min` out of range, `EMFILE`.
#[inline]
pub fn fcntl_dupfd_cloexec(fd: impl AsFd, min: RawFd) -> Result<OwnedFd> {
    // SAFETY: F_DUPFD_CLOEXEC takes an int and returns a new fd we own.
    let n = unsafe { syscall_readonly!(FCNTL, raw(fd.as_fd()), 1030u32, min) }?;
    // SAFETY: the kernel just created fd `n` for us.
    Ok(unsafe { OwnedFd::from_raw_fd(n as RawFd) })
}

crate::flags::bitflags! {
    /// Flags of the fd itself (not of the open file): [`fcntl_getfd`].
    pub struct FdFlags: u32 {
        /// Close the fd on `execve(2)` (`FD_CLOEXEC`).
        const CLOEXEC = 1;
        const _ = !0;
    }
}

/// The fd's flags (`fcntl(2)` `F_GETFD`).
///
/// # Errors
///
/// `EBADF`.
#[inline]
pub fn fcntl_getfd(fd: impl AsFd) -> Result<FdFlags> {
    // SAFETY: F_GETFD takes no argument.
    unsafe { syscall_readonly!(FCNTL, raw(fd.as_fd()), 1u32) }
        .map(|f| FdFlags::from_bits_retain(f as u32))
}

/// Sets the fd's flags (`fcntl(2)` `F_SETFD`); `FdFlags::empty()` lets the fd
/// survive `execve(2)` — the explicit opt-out from close-on-exec.
///
/// # Errors
///
/// `EBADF`.
#[inline]
pub fn fcntl_setfd(fd: impl AsFd, flags: FdFlags) -> Result<()> {
    // SAFETY: F_SETFD takes an int.
    unsafe { syscall_readonly!(FCNTL, raw(fd.as_fd()), 2u32, flags.bits()) }.map(drop)
}

/// The open file's status flags and access mode (`fcntl(2)` `F_GETFL`).
///
/// # Errors
///
/// `EBADF`.
#[inline]
pub fn fcntl_getfl(fd: impl AsFd) -> Result<OFlags> {
    // SAFETY: F_GETFL takes no argument.
    unsafe { syscall_readonly!(FCNTL, raw(fd.as_fd()), 3u32) }
        .map(|f| OFlags::from_bits_retain(f as u32))
}

/// Sets the open file's status flags (`fcntl(2)` `F_SETFL`): only
/// `APPEND`, `ASYNC`, `DIRECT`, `NOATIME` and `NONBLOCK` change; the access
/// mode and creation flags are ignored.
///
/// # Errors
///
/// `EBADF`, `EPERM` (clearing `APPEND` on an append-only file), `EINVAL`.
#[inline]
pub fn fcntl_setfl(fd: impl AsFd, flags: OFlags) -> Result<()> {
    // SAFETY: F_SETFL takes an int.
    unsafe { syscall_readonly!(FCNTL, raw(fd.as_fd()), 4u32, flags.bits()) }.map(drop)
}

/// The capacity of a pipe in bytes (`fcntl(2)` `F_GETPIPE_SZ`).
///
/// # Errors
///
/// `EBADF`; `EBADF` too for an fd that is not a pipe.
#[inline]
pub fn fcntl_get_pipe_size(fd: impl AsFd) -> Result<usize> {
    // SAFETY: F_GETPIPE_SZ takes no argument.
    unsafe { syscall_readonly!(FCNTL, raw(fd.as_fd()), 1032u32) }
}

/// Sets the capacity of a pipe to at least `size` bytes, rounded up to a
/// power of two pages (`fcntl(2)` `F_SETPIPE_SZ`); returns the capacity set.
///
/// # Errors
///
/// `EBUSY` when the pipe holds more than `size`, `EPERM` above
/// `/proc/sys/fs/pipe-max-size` without `CAP_SYS_RESOURCE`, `EBADF`;
/// `EINVAL` for a `size` above `i32::MAX`, which the kernel's `int`
/// argument cannot hold (it would keep only the low bits).
#[inline]
pub fn fcntl_set_pipe_size(fd: impl AsFd, size: usize) -> Result<usize> {
    let size = i32::try_from(size).map_err(|_| crate::Errno::EINVAL)?;
    // SAFETY: F_SETPIPE_SZ takes an int.
    unsafe { syscall_readonly!(FCNTL, raw(fd.as_fd()), 1031u32, size) }
}

/// A record lock, the kernel's `struct flock` (`struct flock64` on 32-bit
/// architectures): what [`fcntl_lock`] sets, tests, or reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct Flock {
    /// `F_RDLCK` (0), `F_WRLCK` (1) or `F_UNLCK` (2): see [`LockType`].
    pub l_type: i16,
    /// How `l_start` is measured: `SEEK_SET` (0), `SEEK_CUR` (1), `SEEK_END` (2).
    pub l_whence: i16,
    /// First byte of the range.
    pub l_start: i64,
    /// Length of the range; 0 means to the end of the file, whatever it grows to.
    pub l_len: i64,
    /// The holder of a conflicting lock ([`LockCmd::GetLk`]); -1 for open
    /// file description locks. Must be 0 when setting OFD locks.
    pub l_pid: i32,
}

// `struct flock64`: its 64-bit fields sit at their type's alignment (4 bytes
// on i386, where the struct has no holes; 8 elsewhere).
mod flock_layout {
    use super::Flock;
    use core::mem::{align_of, offset_of, size_of};
    const A: usize = align_of::<i64>();
    static_assertions::assert_eq_align!(Flock, i64);
    static_assertions::const_assert_eq!(offset_of!(Flock, l_start), A);
    static_assertions::const_assert_eq!(offset_of!(Flock, l_len), A + 8);
    static_assertions::const_assert_eq!(offset_of!(Flock, l_pid), A + 16);
    static_assertions::const_assert_eq!(size_of::<Flock>(), (A + 20).next_multiple_of(A));
}

/// The kind of a record lock.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(i16)]
pub enum LockType {
    /// Shared (`F_RDLCK`).
    Read = 0,
    /// Exclusive (`F_WRLCK`).
    Write = 1,
    /// No lock / release (`F_UNLCK`).
    Unlock = 2,
}

impl Flock {
    /// A lock of `len` bytes from absolute offset `start` (`len` 0: to the end).
    #[inline]
    pub const fn new(kind: LockType, start: i64, len: i64) -> Self {
        Flock {
            l_type: kind as i16,
            l_whence: 0,
            l_start: start,
            l_len: len,
            l_pid: 0,
        }
    }

    /// `l_type` as a [`LockType`]; `None` for a value the kernel never reports.
    #[inline]
    pub const fn lock_type(&self) -> Option<LockType> {
        match self.l_type {
            0 => Some(LockType::Read),
            1 => Some(LockType::Write),
            2 => Some(LockType::Unlock),
            _ => None,
        }
    }
}

/// What [`fcntl_lock`] does. Process-associated locks (`GetLk`, …) belong to
/// the process and are released when it closes *any* fd of the file; open
/// file description locks (`OfdGetLk`, …) belong to the open file and are
/// usually what a program wants.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum LockCmd {
    /// Report a lock that would conflict, or set `l_type` to `F_UNLCK`.
    GetLk,
    /// Take or release a lock; `EAGAIN`/`EACCES` on conflict.
    SetLk,
    /// Take or release a lock, waiting for conflicts (`EINTR` on a signal).
    SetLkW,
    /// [`LockCmd::GetLk`] for open file description locks.
    OfdGetLk,
    /// [`LockCmd::SetLk`] for open file description locks.
    OfdSetLk,
    /// [`LockCmd::SetLkW`] for open file description locks.
    OfdSetLkW,
}

/// Sets, releases or tests a record lock (`fcntl(2)` `F_SETLK`, `F_OFD_SETLK`,
/// …; the `*64` commands on 32-bit architectures).
///
/// # Errors
///
/// `EAGAIN` or `EACCES` when a conflicting lock is held (non-waiting set),
/// `EDEADLK`, `EINTR` (waiting set), `EBADF` (fd not open for the lock's
/// mode), `EINVAL` (bad `l_type`, or `l_pid` not 0 for OFD locks).
#[inline]
pub fn fcntl_lock(fd: impl AsFd, cmd: LockCmd, lock: &mut Flock) -> Result<()> {
    #[cfg(target_pointer_width = "64")]
    const BASE: u32 = 5;
    #[cfg(target_pointer_width = "32")]
    const BASE: u32 = 12;
    let cmd = match cmd {
        LockCmd::GetLk => BASE,
        LockCmd::SetLk => BASE + 1,
        LockCmd::SetLkW => BASE + 2,
        LockCmd::OfdGetLk => 36,
        LockCmd::OfdSetLk => 37,
        LockCmd::OfdSetLkW => 38,
    };
    // SAFETY: every lock command takes a pointer to the struct `Flock` mirrors.
    unsafe { syscall!(FCNTL, raw(fd.as_fd()), cmd, lock as *mut Flock) }.map(drop)
}

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

crate::flags::bitflags! {
    /// Flags of [`pipe2`]. Close-on-exec is always set.
    pub struct PipeFlags: u32 {
        /// Non-blocking ends (`O_NONBLOCK`).
        const NONBLOCK = OFlags::NONBLOCK.bits();
        /// Packet mode: each write is one message (`O_DIRECT`).
        const DIRECT = OFlags::DIRECT.bits();
        /// Close-on-exec (`O_CLOEXEC`): set whether given or not.
        const CLOEXEC = OFlags::CLOEXEC.bits();
        const _ = !0;
    }
}

/// A pipe: `(read end, write end)`, both close-on-exec (`pipe2(2)`).
///
/// # Errors
///
/// `EMFILE`/`ENFILE` when out of fds, `EINVAL` for unknown flags.
#[inline]
pub fn pipe2(flags: PipeFlags) -> Result<(OwnedFd, OwnedFd)> {
    let mut fds = [-1 as RawFd; 2];
    let flags = flags | PipeFlags::CLOEXEC;
    // SAFETY: pipe2 writes two ints.
    unsafe { syscall!(Sysno::pipe2, fds.as_mut_ptr(), flags.bits()) }?;
    // SAFETY: the kernel just created both fds for us.
    Ok(unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) })
}

/// Closes an fd and reports what `close(2)` says, which dropping an
/// [`OwnedFd`] ignores. The fd is closed even on error (Linux never leaves
/// it open); an `EIO` here can mean earlier writes were lost.
///
/// # Errors
///
/// `EIO`, `ENOSPC`, `EDQUOT` from deferred writes on some filesystems; `EINTR`.
#[inline]
pub fn close(fd: OwnedFd) -> Result<()> {
    let fd = fd.into_raw_fd();
    // SAFETY: we owned `fd` and give it up here.
    unsafe { syscall_readonly!(Sysno::close, fd) }.map(drop)
}

crate::flags::bitflags! {
    /// Flags of [`close_range`].
    pub struct CloseRangeFlags: u32 {
        /// Unshare the fd table first, then close in the copy (`CLOSE_RANGE_UNSHARE`).
        const UNSHARE = 1 << 1;
        /// Set close-on-exec instead of closing (`CLOSE_RANGE_CLOEXEC`).
        const CLOEXEC = 1 << 2;
        const _ = !0;
    }
}

/// Closes (or, with [`CloseRangeFlags::CLOEXEC`], marks close-on-exec) every
/// fd from `first` to `last` inclusive (`close_range(2)`, Linux 5.9).
///
/// # Safety
///
/// Without `CLOEXEC` this closes fds that `OwnedFd`s and other code in the
/// process may own: nothing may use them afterwards.
///
/// # Errors
///
/// `EINVAL` for `first > last` or unknown flags, `ENOSYS` before Linux 5.9.
#[inline]
pub unsafe fn close_range(first: u32, last: u32, flags: CloseRangeFlags) -> Result<()> {
    // SAFETY: the caller vouches for ownership of the closed fds.
    unsafe { syscall_readonly!(Sysno::close_range, first, last, flags.bits()) }.map(drop)
}

/// The offset argument of the copy calls: a pointer to a `loff_t` the
/// kernel reads and advances, or null to use (and move) the file position.
#[inline(always)]
fn off_ptr(off: Option<&mut u64>) -> *mut u64 {
    match off {
        Some(o) => o,
        None => core::ptr::null_mut(),
    }
}

/// Copies up to `count` bytes from `in_fd` to `out_fd` inside the kernel
/// (`sendfile(2)`, `sendfile64` on 32-bit). With `offset`, reads there and
/// advances `*offset` instead of the file position of `in_fd`.
///
/// # Errors
///
/// `EINVAL` when `in_fd` cannot be mmap'd-like read (e.g. a socket) or
/// `out_fd` is opened with `O_APPEND`, `EAGAIN`, `EBADF`, `ESPIPE`.
#[inline]
pub fn sendfile(
    out_fd: impl AsFd,
    in_fd: impl AsFd,
    offset: Option<&mut u64>,
    count: usize,
) -> Result<usize> {
    const NR: Sysno = crate::sysno::call::SENDFILE;
    // SAFETY: the offset pointer is null or a valid loff_t.
    unsafe {
        syscall!(
            NR,
            raw(out_fd.as_fd()),
            raw(in_fd.as_fd()),
            off_ptr(offset),
            count
        )
    }
}

/// Copies up to `len` bytes between two files inside the kernel, possibly
/// sharing extents (`copy_file_range(2)`). Each offset, when given, is used
/// and advanced instead of that fd's file position.
///
/// # Errors
///
/// `EXDEV` (older kernels, across filesystems), `EINVAL` for overlapping
/// ranges in one file or a non-regular file, `EBADF`, `EFBIG`.
#[inline]
pub fn copy_file_range(
    fd_in: impl AsFd,
    off_in: Option<&mut u64>,
    fd_out: impl AsFd,
    off_out: Option<&mut u64>,
    len: usize,
) -> Result<usize> {
    // SAFETY: each offset pointer is null or a valid loff_t; flags must be 0.
    unsafe {
        syscall!(
            Sysno::copy_file_range,
            raw(fd_in.as_fd()),
            off_ptr(off_in),
            raw(fd_out.as_fd()),
            off_ptr(off_out),
            len,
            0u32
        )
    }
}

crate::flags::bitflags! {
    /// Flags of [`splice`] (`SPLICE_F_*`).
    pub struct SpliceFlags: u32 {
        /// A hint to move pages rather than copy.
        const MOVE = 1;
        /// Do not block on the pipe (the other fd's own mode still applies).
        const NONBLOCK = 2;
        /// More data follows (a hint for sockets).
        const MORE = 4;
        /// For `vmsplice(2)`: the pages are a gift.
        const GIFT = 8;
        const _ = !0;
    }
}

/// Moves up to `len` bytes between two fds, at least one of them a pipe,
/// without copying through user memory (`splice(2)`). An offset must be
/// `None` for the pipe side; for a file it is used and advanced.
///
/// # Errors
///
/// `EINVAL` when neither fd is a pipe or an offset is given for a pipe,
/// `ESPIPE`, `EAGAIN` with [`SpliceFlags::NONBLOCK`], `EBADF`.
#[inline]
pub fn splice(
    fd_in: impl AsFd,
    off_in: Option<&mut u64>,
    fd_out: impl AsFd,
    off_out: Option<&mut u64>,
    len: usize,
    flags: SpliceFlags,
) -> Result<usize> {
    // SAFETY: each offset pointer is null or a valid loff_t.
    unsafe {
        syscall!(
            Sysno::splice,
            raw(fd_in.as_fd()),
            off_ptr(off_in),
            raw(fd_out.as_fd()),
            off_ptr(off_out),
            len,
            flags.bits()
        )
    }
}

impl OwnedFd {
    /// A second fd for the same open file, close-on-exec, the lowest free
    /// number (`fcntl(2)` `F_DUPFD_CLOEXEC`, as [`dup`]).
    ///
    /// # Errors
    ///
    /// `EMFILE` when the process is out of fds.
    #[inline]
    pub fn try_clone(&self) -> Result<OwnedFd> {
        dup(self)
    }
}

impl BorrowedFd<'_> {
    /// An owned fd for the same open file, close-on-exec (as [`dup`]).
    ///
    /// # Errors
    ///
    /// `EMFILE` when the process is out of fds, `EBADF`.
    #[inline]
    pub fn try_clone_to_owned(&self) -> Result<OwnedFd> {
        dup(self)
    }
}
