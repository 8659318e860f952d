//! Directory listing with `getdents64(2)` into a caller's buffer.

use super::{raw, FileType};
use crate::fd::AsFd;
use crate::{syscall, Result, Sysno};
use core::ffi::CStr;

/// Offsets in the kernel's `struct linux_dirent64 { u64 d_ino; s64 d_off;
/// u16 d_reclen; u8 d_type; char d_name[]; }`.
const D_OFF: usize = 8;
const D_RECLEN: usize = 16;
const D_TYPE: usize = 18;
const D_NAME: usize = 19;

/// Reads the next batch of entries of the directory `fd` into `buf`
/// (`getdents64(2)`) and returns an iterator over them. An empty batch
/// ([`Dirents::is_empty`]) means the end of the directory. Each call
/// continues where the previous one stopped (the fd's position), so:
///
/// ```no_run
/// # use sysgate::fs::{getdents64, openat, Mode, OFlags, CWD};
/// let dir = openat(CWD, "/tmp", OFlags::DIRECTORY, Mode::empty())?;
/// let mut buf = [0u8; 8192];
/// loop {
///     let entries = getdents64(&dir, &mut buf)?;
///     if entries.is_empty() {
///         break;
///     }
///     for e in entries {
///         let _name = e.name(); // includes "." and ".."
///     }
/// }
/// # Ok::<(), sysgate::Errno>(())
/// ```
///
/// `buf` needs no alignment; a few KiB amortize the calls well.
///
/// # Errors
///
/// `EINVAL` when `buf` cannot hold even one entry, `ENOTDIR`, `EBADF`,
/// `ENOENT` (the directory was removed).
#[inline]
pub fn getdents64(fd: impl AsFd, buf: &mut [u8]) -> Result<Dirents<'_>> {
    // The kernel's `count` is an `unsigned int`; offer at most `i32::MAX`
    // bytes rather than let the high bits go.
    let len = buf.len().min(i32::MAX as usize);
    // SAFETY: the kernel writes at most `len <= buf.len()` bytes of records.
    let n = unsafe { syscall!(Sysno::getdents64, raw(fd.as_fd()), buf.as_mut_ptr(), len) }?;
    Ok(Dirents {
        buf: &buf[..n.min(buf.len())],
    })
}

/// The entries of one [`getdents64`] batch, in the order the kernel gave.
#[derive(Clone, Debug)]
pub struct Dirents<'a> {
    buf: &'a [u8],
}

impl Dirents<'_> {
    /// True when the batch has no entries: the end of the directory.
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.buf.is_empty()
    }
}

/// One directory entry, borrowing the buffer it was read into.
#[derive(Clone, Copy, Debug)]
pub struct Dirent<'a> {
    ino: u64,
    off: i64,
    d_type: u8,
    name: &'a CStr,
}

impl<'a> Dirent<'a> {
    /// The inode number.
    #[inline]
    pub fn ino(&self) -> u64 {
        self.ino
    }

    /// An opaque cookie for the position after this entry (for `lseek`).
    #[inline]
    pub fn offset(&self) -> i64 {
        self.off
    }

    /// The type, where the filesystem reports it ([`FileType::Unknown`] otherwise).
    #[inline]
    pub fn file_type(&self) -> FileType {
        FileType::from_dirent_type(self.d_type)
    }

    /// The name, without any directory part.
    #[inline]
    pub fn name(&self) -> &'a CStr {
        self.name
    }
}

fn bytes<const N: usize>(rec: &[u8], at: usize) -> [u8; N] {
    let mut out = [0; N];
    out.copy_from_slice(&rec[at..at + N]);
    out
}

impl<'a> Iterator for Dirents<'a> {
    type Item = Dirent<'a>;

    fn next(&mut self) -> Option<Dirent<'a>> {
        let buf = self.buf;
        if buf.len() <= D_NAME {
            return None;
        }
        let reclen = u16::from_ne_bytes(bytes(buf, D_RECLEN)) as usize;
        // A malformed record ends the batch rather than panicking.
        let Some(rec) = buf.get(..reclen).filter(|_| reclen > D_NAME) else {
            self.buf = &[];
            return None;
        };
        let Ok(name) = CStr::from_bytes_until_nul(&rec[D_NAME..]) else {
            self.buf = &[];
            return None;
        };
        self.buf = &buf[reclen..];
        Some(Dirent {
            ino: u64::from_ne_bytes(bytes(rec, 0)),
            off: i64::from_ne_bytes(bytes(rec, D_OFF)),
            d_type: rec[D_TYPE],
            name,
        })
    }
}
