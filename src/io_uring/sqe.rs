//! Submission queue entries: the kernel's `struct io_uring_sqe`, the
//! opcodes, and [`Entry`], a typed entry that carries the lifetime of what
//! it borrows.

use crate::event::PollFlags;
use crate::fd::{BorrowedFd, OwnedFd};
use crate::fs::{AtFlags, Mode, OFlags, Statx, StatxFlags};
use crate::io::{IoSlice, IoSliceMut};
use crate::net::{RecvFlags, SendFlags, SockAddr, SocketFlags};
use crate::time::Timespec;
use crate::{Errno, Result};
use core::ffi::CStr;
use core::marker::PhantomData;
use core::mem::{align_of, offset_of, size_of, MaybeUninit};
use static_assertions::const_assert_eq;

/// A submission queue entry as the kernel reads it: `struct io_uring_sqe`
/// (64 bytes). The unions of the C struct are named here by their most
/// common member; see `io_uring_enter(2)` for what each opcode reads.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(C, align(8))]
pub struct Sqe {
    /// The operation ([`opcode`]).
    pub opcode: u8,
    /// [`SqeFlags`] bits.
    pub flags: u8,
    /// I/O priority.
    pub ioprio: u16,
    /// The fd, or the registered file index with [`SqeFlags::FIXED_FILE`].
    pub fd: i32,
    /// File offset (`off`), or `addr2`.
    pub off: u64,
    /// Buffer or iovec address (`addr`), or `splice_off_in`.
    pub addr: u64,
    /// Buffer length or iovec count.
    pub len: u32,
    /// The opcode's flags (`rw_flags`, `fsync_flags`, `poll32_events`,
    /// `msg_flags`, `timeout_flags`, `accept_flags`, `cancel_flags`,
    /// `open_flags`, `statx_flags`, …).
    pub op_flags: u32,
    /// Returned unchanged in the completion.
    pub user_data: u64,
    /// Registered buffer index (`buf_index`), or `buf_group`.
    pub buf_index: u16,
    /// Registered credentials to use.
    pub personality: u16,
    /// `file_index`, `splice_fd_in`, or `addr_len`.
    pub file_index: u32,
    /// `addr3`.
    pub addr3: u64,
    /// Padding (`__pad2`).
    pub pad: u64,
}

const_assert_eq!(size_of::<Sqe>(), 64);
const_assert_eq!(align_of::<Sqe>(), 8);
const_assert_eq!(offset_of!(Sqe, fd), 4);
const_assert_eq!(offset_of!(Sqe, off), 8);
const_assert_eq!(offset_of!(Sqe, addr), 16);
const_assert_eq!(offset_of!(Sqe, len), 24);
const_assert_eq!(offset_of!(Sqe, op_flags), 28);
const_assert_eq!(offset_of!(Sqe, user_data), 32);
const_assert_eq!(offset_of!(Sqe, buf_index), 40);
const_assert_eq!(offset_of!(Sqe, personality), 42);
const_assert_eq!(offset_of!(Sqe, file_index), 44);
const_assert_eq!(offset_of!(Sqe, addr3), 48);

/// Opcodes (`enum io_uring_op`, `include/uapi/linux/io_uring.h`), with the
/// kernel version that added each.
#[allow(missing_docs)]
pub mod opcode {
    pub const NOP: u8 = 0;
    pub const READV: u8 = 1;
    pub const WRITEV: u8 = 2;
    pub const FSYNC: u8 = 3;
    pub const READ_FIXED: u8 = 4;
    pub const WRITE_FIXED: u8 = 5;
    /// 5.1.
    pub const POLL_ADD: u8 = 6;
    pub const POLL_REMOVE: u8 = 7;
    /// 5.2.
    pub const SYNC_FILE_RANGE: u8 = 8;
    /// 5.3.
    pub const SENDMSG: u8 = 9;
    pub const RECVMSG: u8 = 10;
    /// 5.4.
    pub const TIMEOUT: u8 = 11;
    /// 5.5.
    pub const TIMEOUT_REMOVE: u8 = 12;
    pub const ACCEPT: u8 = 13;
    pub const ASYNC_CANCEL: u8 = 14;
    pub const LINK_TIMEOUT: u8 = 15;
    pub const CONNECT: u8 = 16;
    /// 5.6.
    pub const FALLOCATE: u8 = 17;
    pub const OPENAT: u8 = 18;
    pub const CLOSE: u8 = 19;
    pub const FILES_UPDATE: u8 = 20;
    pub const STATX: u8 = 21;
    pub const READ: u8 = 22;
    pub const WRITE: u8 = 23;
    pub const FADVISE: u8 = 24;
    pub const MADVISE: u8 = 25;
    pub const SEND: u8 = 26;
    pub const RECV: u8 = 27;
    pub const OPENAT2: u8 = 28;
    pub const EPOLL_CTL: u8 = 29;
    /// 5.7.
    pub const SPLICE: u8 = 30;
    pub const PROVIDE_BUFFERS: u8 = 31;
    pub const REMOVE_BUFFERS: u8 = 32;
    /// 5.8.
    pub const TEE: u8 = 33;
    /// 5.11.
    pub const SHUTDOWN: u8 = 34;
    pub const RENAMEAT: u8 = 35;
    pub const UNLINKAT: u8 = 36;
    /// 5.15.
    pub const MKDIRAT: u8 = 37;
    pub const SYMLINKAT: u8 = 38;
    pub const LINKAT: u8 = 39;
    /// 5.18.
    pub const MSG_RING: u8 = 40;
    /// 5.19.
    pub const FSETXATTR: u8 = 41;
    pub const SETXATTR: u8 = 42;
    pub const FGETXATTR: u8 = 43;
    pub const GETXATTR: u8 = 44;
    pub const SOCKET: u8 = 45;
    pub const URING_CMD: u8 = 46;
    /// 6.0.
    pub const SEND_ZC: u8 = 47;
    /// 6.1.
    pub const SENDMSG_ZC: u8 = 48;
}

crate::flags::bitflags! {
    /// Per-entry flags (`IOSQE_*`).
    #[derive(Default)]
    pub struct SqeFlags: u8 {
        /// `fd` is an index into the registered files.
        const FIXED_FILE = 1 << 0;
        /// Start only after all earlier entries completed.
        const IO_DRAIN = 1 << 1;
        /// The next entry starts after this one succeeds.
        const IO_LINK = 1 << 2;
        /// The next entry starts after this one, whatever its result.
        const IO_HARDLINK = 1 << 3;
        /// Go straight to an async worker.
        const ASYNC = 1 << 4;
        /// Pick a buffer from the group `buf_index` (provided buffers).
        const BUFFER_SELECT = 1 << 5;
        /// Post no completion if it succeeds (5.17).
        const CQE_SKIP_SUCCESS = 1 << 6;
        const _ = !0;
    }
}

crate::flags::bitflags! {
    /// [`Entry::fsync`] flags (`IORING_FSYNC_*`).
    #[derive(Default)]
    pub struct FsyncFlags: u32 {
        /// `fdatasync` rather than `fsync`.
        const DATASYNC = 1 << 0;
        const _ = !0;
    }
}

crate::flags::bitflags! {
    /// [`Entry::timeout`] flags (`IORING_TIMEOUT_*`).
    #[derive(Default)]
    pub struct TimeoutFlags: u32 {
        /// The time is absolute, not relative.
        const ABS = 1 << 0;
        /// Measure on `CLOCK_BOOTTIME`.
        const BOOTTIME = 1 << 2;
        /// Measure on `CLOCK_REALTIME`.
        const REALTIME = 1 << 3;
        /// Expiry (still `-ETIME`) does not cancel the entries linked after
        /// it (5.16).
        const ETIME_SUCCESS = 1 << 5;
        const _ = !0;
    }
}

crate::flags::bitflags! {
    /// [`Entry::cancel`] flags (`IORING_ASYNC_CANCEL_*`).
    #[derive(Default)]
    pub struct CancelFlags: u32 {
        /// Cancel every match, not only the first (5.19).
        const ALL = 1 << 0;
        /// Match on the fd (not used by [`Entry::cancel`], which has none).
        const FD = 1 << 1;
        /// Match any request (5.19).
        const ANY = 1 << 2;
        /// With `FD`: the fd is a registered index.
        const FD_FIXED = 1 << 3;
        /// Match on `user_data` (the default without other keys; 6.6).
        const USERDATA = 1 << 4;
        /// Match on the opcode (6.6).
        const OP = 1 << 5;
        const _ = !0;
    }
}

/// The file an entry works on: an open fd, or an index into the ring's
/// registered files (`IOSQE_FIXED_FILE`).
#[derive(Clone, Copy, Debug)]
pub enum Target<'fd> {
    /// An fd, borrowed while the entry lives.
    Fd(BorrowedFd<'fd>),
    /// A registered file's index ([`IoUring::register_files`](super::IoUring::register_files)).
    Fixed(u32),
}

impl<'fd> From<BorrowedFd<'fd>> for Target<'fd> {
    fn from(fd: BorrowedFd<'fd>) -> Self {
        Target::Fd(fd)
    }
}

impl<'fd> From<&'fd OwnedFd> for Target<'fd> {
    fn from(fd: &'fd OwnedFd) -> Self {
        Target::Fd(crate::fd::AsFd::as_fd(fd))
    }
}

/// A registered file index, as a [`Target`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fixed(pub u32);

impl From<Fixed> for Target<'_> {
    fn from(f: Fixed) -> Self {
        Target::Fixed(f.0)
    }
}

/// A typed submission entry. `'a` is the lifetime of everything the
/// kernel will read or write through it (buffers, paths, fds); the entry
/// keeps them borrowed while it lives.
///
/// That borrow ends when the entry is pushed, but the kernel uses the
/// memory until the operation completes. So the safe
/// [`IoUring::push`](super::IoUring::push) takes only `Entry<'static>`, and
/// shorter-lived entries go through the `unsafe`
/// [`IoUring::push_unchecked`](super::IoUring::push_unchecked), whose caller
/// keeps the memory alive until the completion is reaped.
#[must_use = "an entry does nothing until it is pushed"]
#[derive(Debug)]
pub struct Entry<'a> {
    sqe: Sqe,
    _borrow: PhantomData<&'a mut [u8]>,
}

/// A slice length as the kernel's `u32`: longer buffers are cut to
/// `u32::MAX` bytes, which the completion reports as a partial transfer.
fn len32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl<'a> Entry<'a> {
    fn new(opcode: u8) -> Self {
        Entry {
            sqe: Sqe {
                opcode,
                ..Sqe::default()
            },
            _borrow: PhantomData,
        }
    }

    fn on(opcode: u8, fd: Target<'a>) -> Self {
        let mut e = Entry::new(opcode);
        match fd {
            Target::Fd(fd) => e.sqe.fd = fd.as_raw_fd(),
            Target::Fixed(i) => {
                // An index past i32::MAX names no registered file: the
                // kernel answers EBADF for the out-of-range index.
                e.sqe.fd = i32::try_from(i).unwrap_or(i32::MAX);
                e.sqe.flags |= SqeFlags::FIXED_FILE.bits();
            }
        }
        e
    }

    fn rw(opcode: u8, fd: Target<'a>, addr: *const u8, len: usize, offset: u64) -> Self {
        let mut e = Entry::on(opcode, fd);
        e.sqe.addr = addr as usize as u64;
        e.sqe.len = len32(len);
        e.sqe.off = offset;
        e
    }

    /// Wraps a raw entry: the way to any operation not typed here.
    ///
    /// # Safety
    ///
    /// Every address in `sqe` must be valid, for what its opcode does with
    /// it, until the entry's completion is reaped (or, if the ring is
    /// dropped first, for as long as the kernel may still run it); every fd
    /// it names must stay open that long; and a buffer the kernel writes must
    /// not be read or written by the program meanwhile.
    pub const unsafe fn from_raw(sqe: Sqe) -> Entry<'static> {
        Entry {
            sqe,
            _borrow: PhantomData,
        }
    }

    /// The raw entry.
    pub const fn as_raw(&self) -> &Sqe {
        &self.sqe
    }

    /// Sets the value the completion carries back ([`Cqe::user_data`](super::Cqe::user_data)).
    pub const fn user_data(mut self, data: u64) -> Self {
        self.sqe.user_data = data;
        self
    }

    /// Adds per-entry flags (links, drain, async, …).
    pub const fn flags(mut self, flags: SqeFlags) -> Self {
        self.sqe.flags |= flags.bits();
        self
    }

    /// Sets the I/O priority (`ioprio`).
    pub const fn ioprio(mut self, ioprio: u16) -> Self {
        self.sqe.ioprio = ioprio;
        self
    }

    /// Does nothing, and completes with 0 (`IORING_OP_NOP`).
    pub fn nop() -> Entry<'static> {
        Entry::new(opcode::NOP)
    }

    /// Reads into `buf` at `offset` (`u64::MAX`: at the file position), as
    /// `pread(2)` (`IORING_OP_READ`, 5.6). The completion's result is the
    /// byte count; `len` is cut at `u32::MAX`.
    pub fn read(fd: impl Into<Target<'a>>, buf: &'a mut [u8], offset: u64) -> Self {
        Entry::rw(opcode::READ, fd.into(), buf.as_mut_ptr(), buf.len(), offset)
    }

    /// Writes `buf` at `offset` (`u64::MAX`: at the file position), as
    /// `pwrite(2)` (`IORING_OP_WRITE`, 5.6).
    pub fn write(fd: impl Into<Target<'a>>, buf: &'a [u8], offset: u64) -> Self {
        Entry::rw(opcode::WRITE, fd.into(), buf.as_ptr(), buf.len(), offset)
    }

    /// Reads into `buf`, which must lie inside registered buffer `index`
    /// (`IORING_OP_READ_FIXED`); `EFAULT` in the completion if it does not.
    pub fn read_fixed(
        fd: impl Into<Target<'a>>,
        buf: &'a mut [u8],
        offset: u64,
        index: u16,
    ) -> Self {
        let mut e = Entry::rw(
            opcode::READ_FIXED,
            fd.into(),
            buf.as_mut_ptr(),
            buf.len(),
            offset,
        );
        e.sqe.buf_index = index;
        e
    }

    /// Writes `buf`, which must lie inside registered buffer `index`
    /// (`IORING_OP_WRITE_FIXED`).
    pub fn write_fixed(fd: impl Into<Target<'a>>, buf: &'a [u8], offset: u64, index: u16) -> Self {
        let mut e = Entry::rw(
            opcode::WRITE_FIXED,
            fd.into(),
            buf.as_ptr(),
            buf.len(),
            offset,
        );
        e.sqe.buf_index = index;
        e
    }

    /// Reads into several buffers, as `preadv(2)` (`IORING_OP_READV`).
    pub fn readv<'b: 'a>(
        fd: impl Into<Target<'a>>,
        bufs: &'a mut [IoSliceMut<'b>],
        offset: u64,
    ) -> Self {
        // The iovec array is the kernel's layout (`IoSliceMut` is `struct iovec`).
        Entry::rw(
            opcode::READV,
            fd.into(),
            bufs.as_mut_ptr().cast(),
            bufs.len(),
            offset,
        )
    }

    /// Writes several buffers, as `pwritev(2)` (`IORING_OP_WRITEV`).
    pub fn writev(fd: impl Into<Target<'a>>, bufs: &'a [IoSlice<'a>], offset: u64) -> Self {
        Entry::rw(
            opcode::WRITEV,
            fd.into(),
            bufs.as_ptr().cast(),
            bufs.len(),
            offset,
        )
    }

    /// Flushes a file to storage, as `fsync(2)`/`fdatasync(2)`
    /// (`IORING_OP_FSYNC`).
    pub fn fsync(fd: impl Into<Target<'a>>, flags: FsyncFlags) -> Self {
        let mut e = Entry::on(opcode::FSYNC, fd.into());
        e.sqe.op_flags = flags.bits();
        e
    }

    /// Opens `path`, as [`fs::openat`](crate::fs::openat) does
    /// (`IORING_OP_OPENAT`, 5.6; close-on-exec always). The completion's
    /// result is the new fd, which the program then owns
    /// (wrap it with [`OwnedFd::from_raw_fd`]).
    pub fn openat(dirfd: BorrowedFd<'a>, path: &'a CStr, flags: OFlags, mode: Mode) -> Self {
        let mut e = Entry::on(opcode::OPENAT, Target::Fd(dirfd));
        e.sqe.addr = path.as_ptr() as usize as u64;
        e.sqe.len = mode.bits();
        // As `fs::openat`: close-on-exec and large-file always.
        e.sqe.op_flags = (flags | OFlags::LARGEFILE | OFlags::CLOEXEC).bits();
        e
    }

    /// Closes `fd`, which the entry takes over (`IORING_OP_CLOSE`, 5.6). If
    /// the entry is never pushed the fd stays open (it is not closed on drop).
    pub fn close(fd: OwnedFd) -> Entry<'static> {
        let mut e = Entry::new(opcode::CLOSE);
        e.sqe.fd = fd.into_raw_fd();
        e
    }

    /// Reads metadata of `path` relative to `dirfd` into `out`, as
    /// `statx(2)` (`IORING_OP_STATX`, 5.6). `out` is initialized when the
    /// completion's result is 0.
    pub fn statx(
        dirfd: BorrowedFd<'a>,
        path: &'a CStr,
        flags: AtFlags,
        mask: StatxFlags,
        out: &'a mut MaybeUninit<Statx>,
    ) -> Self {
        let mut e = Entry::on(opcode::STATX, Target::Fd(dirfd));
        e.sqe.addr = path.as_ptr() as usize as u64;
        e.sqe.len = mask.bits();
        e.sqe.off = out.as_mut_ptr() as usize as u64;
        e.sqe.op_flags = flags.bits();
        e
    }

    /// Completes once `fd` has one of `events` (`IORING_OP_POLL_ADD`); the
    /// result is the events that happened.
    pub fn poll_add(fd: impl Into<Target<'a>>, events: PollFlags) -> Self {
        let mut e = Entry::on(opcode::POLL_ADD, fd.into());
        // `poll32_events`, read as a native u32 (all our targets are little-endian).
        e.sqe.op_flags = u32::from(events.bits() as u16);
        e
    }

    /// Removes the poll request whose `user_data` is `target`
    /// (`IORING_OP_POLL_REMOVE`); `-ENOENT` if none is pending.
    pub fn poll_remove(target: u64) -> Entry<'static> {
        let mut e = Entry::new(opcode::POLL_REMOVE);
        e.sqe.addr = target;
        e
    }

    /// Completes after `ts`, or once `count` other completions were posted
    /// (0: only the time counts) (`IORING_OP_TIMEOUT`, 5.4). The result is
    /// `-ETIME` on expiry, 0 when the count was reached.
    pub fn timeout(ts: &'a Timespec, count: u32, flags: TimeoutFlags) -> Self {
        let mut e = Entry::new(opcode::TIMEOUT);
        e.sqe.fd = -1;
        e.sqe.addr = ts as *const Timespec as usize as u64;
        e.sqe.len = 1;
        e.sqe.off = u64::from(count);
        e.sqe.op_flags = flags.bits();
        e
    }

    /// Accepts a connection on the listening socket `fd`, as `accept4(2)`
    /// without the peer's address (`IORING_OP_ACCEPT`, 5.5); the result is
    /// the new fd, close-on-exec as [`accept4`](crate::net::accept4) makes it.
    pub fn accept(fd: impl Into<Target<'a>>, flags: SocketFlags) -> Self {
        let mut e = Entry::on(opcode::ACCEPT, fd.into());
        e.sqe.op_flags = flags.bits() | OFlags::CLOEXEC.bits();
        e
    }

    /// Connects socket `fd` to `addr`, as `connect(2)`
    /// (`IORING_OP_CONNECT`, 5.5).
    ///
    /// # Errors
    ///
    /// `EINVAL` if `addr`'s kernel form does not lie inside `addr` itself
    /// (the entry can only point at memory it borrows; this crate's address
    /// types all do).
    pub fn connect<A: SockAddr>(fd: impl Into<Target<'a>>, addr: &'a A) -> Result<Self> {
        let start = addr as *const A as usize;
        let end = start + core::mem::size_of_val(addr);
        let (p, len) = addr.with_sockaddr(|p, len| (p as usize, len as usize));
        if p < start || p.checked_add(len).is_none_or(|e| e > end) {
            return Err(Errno::EINVAL);
        }
        let mut e = Entry::on(opcode::CONNECT, fd.into());
        e.sqe.addr = p as u64;
        e.sqe.off = len as u64;
        Ok(e)
    }

    /// Sends `buf` on a socket, as `send(2)` (`IORING_OP_SEND`, 5.6).
    pub fn send(fd: impl Into<Target<'a>>, buf: &'a [u8], flags: SendFlags) -> Self {
        let mut e = Entry::rw(opcode::SEND, fd.into(), buf.as_ptr(), buf.len(), 0);
        e.sqe.op_flags = flags.bits() as u32;
        e
    }

    /// Receives into `buf` from a socket, as `recv(2)` (`IORING_OP_RECV`, 5.6).
    pub fn recv(fd: impl Into<Target<'a>>, buf: &'a mut [u8], flags: RecvFlags) -> Self {
        let mut e = Entry::rw(opcode::RECV, fd.into(), buf.as_mut_ptr(), buf.len(), 0);
        e.sqe.op_flags = flags.bits() as u32;
        e
    }

    /// Cancels the request whose `user_data` is `target`
    /// (`IORING_OP_ASYNC_CANCEL`, 5.5); with [`CancelFlags::ANY`], every
    /// request. The result is 0 (or the count, with `ALL`/`ANY`),
    /// `-ENOENT` (none found) or `-EALREADY` (running, cancel requested).
    pub fn cancel(target: u64, flags: CancelFlags) -> Entry<'static> {
        let mut e = Entry::new(opcode::ASYNC_CANCEL);
        e.sqe.fd = -1;
        e.sqe.addr = target;
        e.sqe.op_flags = flags.bits();
        e
    }

    pub(super) fn into_raw(self) -> Sqe {
        self.sqe
    }
}
