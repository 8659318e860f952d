//! `io_uring_setup(2)`: the parameters, and the owned ring with its three
//! shared mappings (SQ ring, CQ ring, SQE array).

use super::cqe::Cqe;
use super::sqe::Sqe;
use crate::fd::{AsFd, BorrowedFd, OwnedFd};
use crate::mm::{self, MapFlags, ProtFlags};
use crate::{syscall, Errno, Result, Sysno};
use core::ffi::c_void;
use core::mem::{align_of, offset_of, size_of};
use core::ptr::{self, NonNull};
use core::sync::atomic::AtomicU32;
use static_assertions::{const_assert, const_assert_eq};

crate::flags::bitflags! {
    /// How a ring is made (`IORING_SETUP_*`, `io_uring_setup(2)`).
    #[derive(Default)]
    pub struct SetupFlags: u32 {
        /// Busy-poll for completions (`O_DIRECT` files on polled devices only).
        const IOPOLL = 1 << 0;
        /// A kernel thread polls the SQ: submission needs no system call
        /// while it is awake (see [`IoUring::submit`]).
        const SQPOLL = 1 << 1;
        /// Pin the SQ thread to `sq_thread_cpu`.
        const SQ_AFF = 1 << 2;
        /// `cq_entries` gives the CQ size.
        const CQSIZE = 1 << 3;
        /// Clamp too-large sizes instead of failing with `EINVAL`.
        const CLAMP = 1 << 4;
        /// Share the async workers of the ring `wq_fd`.
        const ATTACH_WQ = 1 << 5;
        /// Start disabled, until [`IoUring::enable_rings`].
        const R_DISABLED = 1 << 6;
        /// Go on submitting after an entry fails to start.
        const SUBMIT_ALL = 1 << 7;
        /// Run completion work only when the task enters the kernel.
        const COOP_TASKRUN = 1 << 8;
        /// With `COOP_TASKRUN`: set `IORING_SQ_TASKRUN` when work waits.
        const TASKRUN_FLAG = 1 << 9;
        /// 128-byte SQEs (refused by [`IoUring::with_params`]).
        const SQE128 = 1 << 10;
        /// 32-byte CQEs (refused by [`IoUring::with_params`]).
        const CQE32 = 1 << 11;
        /// Only one task submits (Linux 6.0).
        const SINGLE_ISSUER = 1 << 12;
        /// Run completion work only in `io_uring_enter` with `GETEVENTS` (6.1).
        const DEFER_TASKRUN = 1 << 13;
        /// The application provides the ring memory (6.5; refused by
        /// [`IoUring::with_params`]).
        const NO_MMAP = 1 << 14;
        /// Return a registered ring index, not an fd (6.5; refused by
        /// [`IoUring::with_params`]).
        const REGISTERED_FD_ONLY = 1 << 15;
        /// No SQ index array (6.6; refused by [`IoUring::with_params`]).
        const NO_SQARRAY = 1 << 16;
        /// With `IOPOLL`: sleep before polling (6.13).
        const HYBRID_IOPOLL = 1 << 17;
        const _ = !0;
    }
}

crate::flags::bitflags! {
    /// What the kernel's io_uring offers, as `io_uring_setup` reports it
    /// (`IORING_FEAT_*`).
    #[derive(Default)]
    pub struct Features: u32 {
        /// The SQ and CQ rings share one mapping (5.4).
        const SINGLE_MMAP = 1 << 0;
        /// Completions are never dropped: overflow is kept in the kernel (5.5).
        const NODROP = 1 << 1;
        /// Data an entry points to is read by the time it is submitted (5.5).
        const SUBMIT_STABLE = 1 << 2;
        /// Offset `u64::MAX` means the file position (5.6).
        const RW_CUR_POS = 1 << 3;
        /// Requests run with the submitter's credentials (5.6).
        const CUR_PERSONALITY = 1 << 4;
        /// Internal polling for not-ready files (5.7).
        const FAST_POLL = 1 << 5;
        /// 32-bit poll events (5.9).
        const POLL_32BITS = 1 << 6;
        /// SQPOLL works with unregistered files (5.11).
        const SQPOLL_NONFIXED = 1 << 7;
        /// `IORING_ENTER_EXT_ARG` (5.11).
        const EXT_ARG = 1 << 8;
        /// Async work runs in native workers (5.12).
        const NATIVE_WORKERS = 1 << 9;
        /// Resource tags (5.13).
        const RSRC_TAGS = 1 << 10;
        /// `IOSQE_CQE_SKIP_SUCCESS` (5.17).
        const CQE_SKIP = 1 << 11;
        /// Linked entries resolve files in order (5.17).
        const LINKED_FILE = 1 << 12;
        /// Registered ring fds may register (6.3).
        const REG_REG_RING = 1 << 13;
        /// Bundled send/recv (6.10).
        const RECVSEND_BUNDLE = 1 << 14;
        /// Minimum wait time in `EXT_ARG` (6.12).
        const MIN_TIMEOUT = 1 << 15;
        /// Read/write attributes (6.14).
        const RW_ATTR = 1 << 16;
        /// `IORING_ENTER_NO_IOWAIT` (6.15).
        const NO_IOWAIT = 1 << 17;
        const _ = !0;
    }
}

/// Where the SQ ring's fields are in its mapping: `struct io_sqring_offsets`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(C, align(8))]
#[allow(missing_docs)]
pub struct SqringOffsets {
    pub head: u32,
    pub tail: u32,
    pub ring_mask: u32,
    pub ring_entries: u32,
    pub flags: u32,
    pub dropped: u32,
    pub array: u32,
    pub resv1: u32,
    /// `user_addr` with `NO_MMAP`.
    pub resv2: u64,
}

/// Where the CQ ring's fields are in its mapping: `struct io_cqring_offsets`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(C, align(8))]
#[allow(missing_docs)]
pub struct CqringOffsets {
    pub head: u32,
    pub tail: u32,
    pub ring_mask: u32,
    pub ring_entries: u32,
    pub overflow: u32,
    pub cqes: u32,
    pub flags: u32,
    pub resv1: u32,
    /// `user_addr` with `NO_MMAP`.
    pub resv2: u64,
}

/// The parameters of `io_uring_setup(2)`: `struct io_uring_params`. Fill
/// `flags` (and the fields they name); the kernel writes back the sizes,
/// `features` and the ring offsets.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(C, align(8))]
pub struct Params {
    /// SQ size (out).
    pub sq_entries: u32,
    /// CQ size: in with [`SetupFlags::CQSIZE`], out always.
    pub cq_entries: u32,
    /// How to make the ring.
    pub flags: SetupFlags,
    /// The CPU of the SQ thread, with [`SetupFlags::SQ_AFF`].
    pub sq_thread_cpu: u32,
    /// Milliseconds of idleness after which the SQ thread sleeps
    /// ([`SetupFlags::SQPOLL`]; 0 means the kernel's default, one second).
    pub sq_thread_idle: u32,
    /// What the kernel offers (out).
    pub features: Features,
    /// The ring whose workers to share, with [`SetupFlags::ATTACH_WQ`].
    pub wq_fd: u32,
    /// Zero.
    pub resv: [u32; 3],
    /// SQ ring layout (out).
    pub sq_off: SqringOffsets,
    /// CQ ring layout (out).
    pub cq_off: CqringOffsets,
}

const_assert_eq!(size_of::<SqringOffsets>(), 40);
const_assert_eq!(align_of::<SqringOffsets>(), 8);
const_assert_eq!(offset_of!(SqringOffsets, array), 24);
const_assert_eq!(offset_of!(SqringOffsets, resv2), 32);
const_assert_eq!(size_of::<CqringOffsets>(), 40);
const_assert_eq!(align_of::<CqringOffsets>(), 8);
const_assert_eq!(offset_of!(CqringOffsets, cqes), 20);
const_assert_eq!(offset_of!(CqringOffsets, resv2), 32);
const_assert_eq!(size_of::<Params>(), 120);
const_assert_eq!(align_of::<Params>(), 8);
const_assert_eq!(offset_of!(Params, features), 20);
const_assert_eq!(offset_of!(Params, wq_fd), 24);
const_assert_eq!(offset_of!(Params, sq_off), 40);
const_assert_eq!(offset_of!(Params, cq_off), 80);

impl Params {
    /// Parameters for a ring with a kernel thread polling the SQ
    /// ([`SetupFlags::SQPOLL`]), which sleeps after `idle_ms` milliseconds
    /// without work.
    pub fn sqpoll(idle_ms: u32) -> Params {
        Params {
            flags: SetupFlags::SQPOLL,
            sq_thread_idle: idle_ms,
            ..Params::default()
        }
    }
}

/// The `mmap` offsets that select each region of a ring (`IORING_OFF_*`).
const OFF_SQ_RING: u64 = 0;
const OFF_CQ_RING: u64 = 0x800_0000;
const OFF_SQES: u64 = 0x1000_0000;

/// Makes a ring (`io_uring_setup(2)`) with at least `entries` SQ entries
/// (rounded up to a power of two); the kernel fills the rest of `params`.
/// [`IoUring::with_params`] also maps it.
///
/// # Errors
///
/// `EINVAL` (`entries` 0 or above 32768 without `CLAMP`, unknown flags,
/// non-zero `resv`), `EFAULT`, `EMFILE`, `ENOMEM`, `EPERM` (io_uring
/// disabled by `kernel.io_uring_disabled`, or SQPOLL on old kernels),
/// `ENOSYS` (no io_uring in this kernel, or under an emulator that lacks it).
pub fn setup(entries: u32, params: &mut Params) -> Result<OwnedFd> {
    // SAFETY: the kernel reads and writes one `struct io_uring_params`.
    let fd = unsafe { syscall!(Sysno::io_uring_setup, entries, params as *mut Params) }?;
    // SAFETY: a new fd that only this value owns (the cast is lossless: fds are small).
    Ok(unsafe { OwnedFd::from_raw_fd(fd as i32) })
}

/// Setup flags whose ring layout this module does not implement.
const UNSUPPORTED: SetupFlags = SetupFlags::SQE128
    .union(SetupFlags::CQE32)
    .union(SetupFlags::NO_MMAP)
    .union(SetupFlags::REGISTERED_FD_ONLY)
    .union(SetupFlags::NO_SQARRAY);

/// One `mmap` of a ring region; unmapped on drop.
pub(super) struct Mapping {
    ptr: NonNull<c_void>,
    len: usize,
}

impl Mapping {
    fn new(fd: BorrowedFd<'_>, len: usize, offset: u64) -> Result<Mapping> {
        // SAFETY: a new shared mapping of the ring fd at a place the kernel
        // picks: it replaces nothing, and only this value owns it.
        let p = unsafe {
            mm::mmap(
                ptr::null_mut(),
                len,
                ProtFlags::READ | ProtFlags::WRITE,
                MapFlags::SHARED | MapFlags::POPULATE,
                fd,
                offset,
            )
        }?;
        NonNull::new(p)
            .map(|ptr| Mapping { ptr, len })
            .ok_or(Errno::ENOMEM)
    }

    /// The address `off` bytes in, as a `T`. `off` comes from the kernel's
    /// offsets, which lie inside the mapping it sized for us.
    fn at<T>(&self, off: u32) -> *mut T {
        self.ptr
            .as_ptr()
            .cast::<u8>()
            .wrapping_add(off as usize)
            .cast()
    }
}

impl Drop for Mapping {
    fn drop(&mut self) {
        // SAFETY: our own mapping; the ring's pointers into it die with it.
        let _ = unsafe { mm::munmap(self.ptr.as_ptr(), self.len) };
    }
}

/// An io_uring instance with its rings mapped: owns the ring fd and the
/// mappings; dropping it unmaps them and closes the fd.
///
/// Dropping the ring does not wait for operations in flight: closing the
/// last reference to the ring cancels them, asynchronously, in a kernel
/// worker. An operation the kernel had started may still complete (and
/// write to its buffer) after `drop` returns, which is why
/// [`IoUring::push_unchecked`] asks for memory that outlives the ring's
/// work, not the ring.
pub struct IoUring {
    pub(super) fd: OwnedFd,
    /// The fd number (or registered index) passed to `io_uring_enter`.
    pub(super) enter_fd: i32,
    /// `IORING_ENTER_REGISTERED_RING` once the ring fd is registered.
    pub(super) enter_flags: u32,
    pub(super) flags: SetupFlags,
    pub(super) features: Features,
    // SQ ring.
    pub(super) sq_head: *const AtomicU32,
    pub(super) sq_tail: *const AtomicU32,
    pub(super) sq_flags: *const AtomicU32,
    pub(super) sq_dropped: *const AtomicU32,
    pub(super) sq_mask: u32,
    pub(super) sq_entries: u32,
    /// The next free slot: entries below it are written, at or above the
    /// kernel's tail they are not yet published.
    pub(super) sq_local_tail: u32,
    /// Slots known free as of the last look at the kernel's head (which
    /// only moves forward, so the count is never too high).
    pub(super) sq_room: u32,
    pub(super) sqes: *mut Sqe,
    // CQ ring.
    pub(super) cq_head: *const AtomicU32,
    pub(super) cq_tail: *const AtomicU32,
    pub(super) cq_overflow: *const AtomicU32,
    pub(super) cq_mask: u32,
    pub(super) cq_entries: u32,
    pub(super) cqes: *const Cqe,
    // Declared last: the pointers above die before the memory goes.
    _sq_map: Mapping,
    _cq_map: Option<Mapping>,
    _sqe_map: Mapping,
}

// SAFETY: the ring's memory is owned by this value (no other Rust code holds
// a pointer into it); moving it to another thread moves all of it. The
// kernel's concurrent side synchronizes through the atomics.
unsafe impl Send for IoUring {}
// SAFETY: every `&self` method only reads the rings (the atomics) or makes
// system calls; all writes to the rings take `&mut self`.
unsafe impl Sync for IoUring {}

impl IoUring {
    /// A ring with at least `entries` SQ entries and default parameters
    /// (`io_uring_setup(2)`, then `mmap(2)` of its rings).
    ///
    /// # Errors
    ///
    /// As [`setup`]; `ENOMEM` from `mmap`.
    pub fn new(entries: u32) -> Result<IoUring> {
        IoUring::with_params(entries, &mut Params::default())
    }

    /// A ring made with `params` (flags, SQ thread settings; the kernel
    /// writes back the sizes and features there), then mapped: one mapping
    /// for both rings when the kernel offers [`Features::SINGLE_MMAP`].
    ///
    /// # Errors
    ///
    /// `EINVAL` for the flags whose layout this type does not implement
    /// (`SQE128`, `CQE32`, `NO_MMAP`, `REGISTERED_FD_ONLY`, `NO_SQARRAY`),
    /// else as [`setup`].
    pub fn with_params(entries: u32, params: &mut Params) -> Result<IoUring> {
        if params.flags.intersects(UNSUPPORTED) {
            return Err(Errno::EINVAL);
        }
        let fd = setup(entries, params)?;
        let p = *params;
        let sq_len = p.sq_off.array as usize + p.sq_entries as usize * size_of::<u32>();
        let cq_len = p.cq_off.cqes as usize + p.cq_entries as usize * size_of::<Cqe>();
        let single = p.features.contains(Features::SINGLE_MMAP);
        let sq_map = Mapping::new(
            fd.as_fd(),
            if single { sq_len.max(cq_len) } else { sq_len },
            OFF_SQ_RING,
        )?;
        let cq_map = if single {
            None
        } else {
            Some(Mapping::new(fd.as_fd(), cq_len, OFF_CQ_RING)?)
        };
        let sqe_map = Mapping::new(
            fd.as_fd(),
            p.sq_entries as usize * size_of::<Sqe>(),
            OFF_SQES,
        )?;
        let cq = cq_map.as_ref().unwrap_or(&sq_map);
        // SAFETY: ring_mask and ring_entries are u32 fields inside the
        // mapping the kernel sized; nothing else writes them.
        let (sq_mask, cq_mask) = unsafe {
            (
                *sq_map.at::<u32>(p.sq_off.ring_mask),
                *cq.at::<u32>(p.cq_off.ring_mask),
            )
        };
        let array = sq_map.at::<u32>(p.sq_off.array);
        for i in 0..p.sq_entries {
            // SAFETY: the index array has `sq_entries` u32s, and the kernel
            // reads it only for published entries (none yet). Slot i holds
            // entry i for good: pushes then only move the tail.
            unsafe { array.add(i as usize).write(i) };
        }
        Ok(IoUring {
            enter_fd: fd.as_raw_fd(),
            enter_flags: 0,
            flags: p.flags,
            features: p.features,
            sq_head: sq_map.at(p.sq_off.head),
            sq_tail: sq_map.at(p.sq_off.tail),
            sq_flags: sq_map.at(p.sq_off.flags),
            sq_dropped: sq_map.at(p.sq_off.dropped),
            sq_mask,
            sq_entries: p.sq_entries,
            // A new ring's tail is 0.
            sq_local_tail: 0,
            sq_room: 0,
            sqes: sqe_map.ptr.as_ptr().cast(),
            cq_head: cq.at(p.cq_off.head),
            cq_tail: cq.at(p.cq_off.tail),
            cq_overflow: cq.at(p.cq_off.overflow),
            cq_mask,
            cq_entries: p.cq_entries,
            cqes: cq.at(p.cq_off.cqes),
            fd,
            _sq_map: sq_map,
            _cq_map: cq_map,
            _sqe_map: sqe_map,
        })
    }

    /// The flags the ring was made with.
    pub fn setup_flags(&self) -> SetupFlags {
        self.flags
    }

    /// What the kernel offers ([`Features`]).
    pub fn features(&self) -> Features {
        self.features
    }

    /// The SQ size.
    pub fn sq_entries(&self) -> u32 {
        self.sq_entries
    }

    /// The CQ size.
    pub fn cq_entries(&self) -> u32 {
        self.cq_entries
    }

    pub(super) fn sq_head(&self) -> &AtomicU32 {
        // SAFETY: a u32 the kernel aligned inside our live mapping; shared
        // with the kernel, hence accessed only atomically.
        unsafe { &*self.sq_head }
    }

    pub(super) fn sq_tail(&self) -> &AtomicU32 {
        // SAFETY: as `sq_head`.
        unsafe { &*self.sq_tail }
    }

    pub(super) fn sq_kflags(&self) -> &AtomicU32 {
        // SAFETY: as `sq_head`.
        unsafe { &*self.sq_flags }
    }

    pub(super) fn cq_head(&self) -> &AtomicU32 {
        // SAFETY: as `sq_head`.
        unsafe { &*self.cq_head }
    }

    pub(super) fn cq_tail(&self) -> &AtomicU32 {
        // SAFETY: as `sq_head`.
        unsafe { &*self.cq_tail }
    }

    /// Entries the kernel dropped as invalid (the SQ ring's `dropped`).
    pub fn sq_dropped(&self) -> u32 {
        // SAFETY: as `sq_head`.
        unsafe { &*self.sq_dropped }.load(core::sync::atomic::Ordering::Relaxed)
    }

    /// Completions lost to a full CQ (the CQ ring's `overflow`; with
    /// [`Features::NODROP`] the kernel keeps them instead, and this stays 0
    /// unless it ran out of memory).
    pub fn cq_overflow(&self) -> u32 {
        // SAFETY: as `sq_head`.
        unsafe { &*self.cq_overflow }.load(core::sync::atomic::Ordering::Relaxed)
    }
}

impl AsFd for IoUring {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }
}

impl core::fmt::Debug for IoUring {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("IoUring")
            .field("fd", &self.fd)
            .field("flags", &self.flags)
            .field("sq_entries", &self.sq_entries)
            .field("cq_entries", &self.cq_entries)
            .finish_non_exhaustive()
    }
}

// The ring's u32 fields are read as `AtomicU32`.
const_assert!(align_of::<AtomicU32>() == align_of::<u32>());
