//! Buffers the kernel reads from and writes to: `struct iovec` slices
//! ([`IoSlice`], [`IoSliceMut`]) and a buffer that may start uninitialized
//! ([`ReadBuf`]).

use core::marker::PhantomData;
use core::mem::MaybeUninit;
use core::ops::{Deref, DerefMut};
use static_assertions::{assert_eq_align, assert_eq_size, const_assert_eq};

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
/// [`read_buf`](super::read_buf) appends to it, [`ReadBuf::filled`] is what arrived so far.
///
/// It lets a read target memory that was never initialized, safely, and
/// works with [`retry_on_intr`](super::retry_on_intr):
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
