//! `io_uring_register(2)`: registered files, buffers and ring fds, and the
//! opcode probe.

use super::submit::EnterFlags;
use super::IoUring;
use crate::fd::{AsFd, BorrowedFd};
use crate::io::IoSliceMut;
use crate::{syscall, Result, Sysno};
use core::ffi::c_void;
use core::mem::{align_of, offset_of, size_of};
use static_assertions::const_assert_eq;

/// `io_uring_register(2)` opcodes used here (`IORING_REGISTER_*`).
const REGISTER_BUFFERS: u32 = 0;
const UNREGISTER_BUFFERS: u32 = 1;
const REGISTER_FILES: u32 = 2;
const UNREGISTER_FILES: u32 = 3;
const REGISTER_PROBE: u32 = 8;
const REGISTER_ENABLE_RINGS: u32 = 12;
const REGISTER_RING_FDS: u32 = 20;
const UNREGISTER_RING_FDS: u32 = 21;

/// Registers resources with a ring (`io_uring_register(2)`): `opcode` is an
/// `IORING_REGISTER_*` value, `arg` and `nr_args` its argument. Returns the
/// kernel's non-negative result.
///
/// # Safety
///
/// `arg` must be what `opcode` takes, valid for `nr_args` elements. Memory
/// that the opcode registers (buffers, buffer rings) is used by the kernel
/// until unregistered or the ring is gone: see
/// [`IoUring::register_buffers`].
///
/// # Errors
///
/// `EINVAL` (unknown opcode, bad argument), `EBUSY` (already registered),
/// `EBADF`, `EFAULT`, `ENOMEM`, `ENXIO` (nothing to unregister),
/// `EOPNOTSUPP` (not a ring).
pub unsafe fn register(
    fd: BorrowedFd<'_>,
    opcode: u32,
    arg: *const c_void,
    nr_args: u32,
) -> Result<u32> {
    // SAFETY: forwarded from the caller. Results fit a u32 (counts, ids).
    unsafe {
        syscall!(
            Sysno::io_uring_register,
            fd.as_raw_fd(),
            opcode,
            arg,
            nr_args
        )
    }
    .map(|n| n as u32)
}

/// One opcode's entry in a [`Probe`]: `struct io_uring_probe_op`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(C)]
pub struct ProbeOp {
    /// The opcode.
    pub op: u8,
    resv: u8,
    /// `IO_URING_OP_SUPPORTED` (1) if the kernel knows it.
    pub flags: u16,
    resv2: u32,
}

/// The opcodes the kernel supports: `struct io_uring_probe` with room for
/// all 256 opcodes ([`IoUring::probe`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(C)]
pub struct Probe {
    /// The highest opcode the kernel knows.
    pub last_op: u8,
    /// How many entries of `ops` are filled.
    pub ops_len: u8,
    resv: u16,
    resv2: [u32; 3],
    ops: [ProbeOp; 256],
}

const_assert_eq!(size_of::<ProbeOp>(), 8);
const_assert_eq!(align_of::<ProbeOp>(), 4);
const_assert_eq!(offset_of!(ProbeOp, flags), 2);
const_assert_eq!(size_of::<Probe>(), 16 + 256 * 8);
const_assert_eq!(align_of::<Probe>(), 4);
const_assert_eq!(offset_of!(Probe, ops), 16);

impl Probe {
    /// The entries the kernel filled.
    pub fn ops(&self) -> &[ProbeOp] {
        &self.ops[..usize::from(self.ops_len)]
    }

    /// Whether the kernel supports `opcode` ([`opcode`](super::opcode)).
    pub fn is_supported(&self, opcode: u8) -> bool {
        self.ops()
            .get(usize::from(opcode))
            .is_some_and(|o| o.flags & 1 != 0)
    }
}

/// `struct io_uring_rsrc_update`.
#[repr(C, align(8))]
struct RsrcUpdate {
    offset: u32,
    resv: u32,
    data: u64,
}
const_assert_eq!(size_of::<RsrcUpdate>(), 16);
const_assert_eq!(offset_of!(RsrcUpdate, data), 8);

/// A slice length as `nr_args`, or `EINVAL` past `u32::MAX`.
fn nr(n: usize) -> Result<u32> {
    u32::try_from(n).map_err(|_| crate::Errno::EINVAL)
}

impl IoUring {
    /// Registers files (`IORING_REGISTER_FILES`): entries with
    /// [`Target::Fixed(i)`](super::Target::Fixed) then use `fds[i]` with no
    /// fd lookup. The ring holds its own references: the fds may be closed
    /// afterwards.
    ///
    /// # Errors
    ///
    /// `EBUSY` (files already registered), `EBADF`, `EMFILE` (too many),
    /// `EINVAL` (empty).
    pub fn register_files(&mut self, fds: &[BorrowedFd<'_>]) -> Result<()> {
        // SAFETY: `BorrowedFd` is an `i32` (repr(transparent)), so the slice
        // is the `int` array the kernel reads, `fds.len()` long.
        unsafe {
            register(
                self.fd.as_fd(),
                REGISTER_FILES,
                fds.as_ptr().cast(),
                nr(fds.len())?,
            )
        }
        .map(drop)
    }

    /// Drops the registered files (`IORING_UNREGISTER_FILES`).
    ///
    /// # Errors
    ///
    /// `ENXIO` if none are registered.
    pub fn unregister_files(&mut self) -> Result<()> {
        // SAFETY: no argument.
        unsafe { register(self.fd.as_fd(), UNREGISTER_FILES, core::ptr::null(), 0) }.map(drop)
    }

    /// Registers buffers for [`Entry::read_fixed`](super::Entry::read_fixed)
    /// and [`Entry::write_fixed`](super::Entry::write_fixed)
    /// (`IORING_REGISTER_BUFFERS`): the kernel pins their pages.
    ///
    /// # Safety
    ///
    /// Each buffer's memory must stay mapped until the buffers are
    /// unregistered or the ring is dropped and its operations are done: the
    /// kernel holds the pages and a fixed operation writes to them by
    /// index. (Fixed entries borrow the slice they transfer, so the program
    /// cannot touch it while such an entry lives; that still leaves the
    /// mapping's lifetime to the caller.)
    ///
    /// # Errors
    ///
    /// `EBUSY` (already registered), `EFAULT` (not mapped, or file-backed
    /// memory the kernel cannot pin), `ENOMEM` (over `RLIMIT_MEMLOCK` on old
    /// kernels), `EINVAL` (empty, or a buffer over 1 GiB).
    pub unsafe fn register_buffers(&mut self, bufs: &[IoSliceMut<'_>]) -> Result<()> {
        // SAFETY: `IoSliceMut` is `struct iovec`, `bufs.len()` of them; the
        // caller vouches for the memory's lifetime.
        unsafe {
            register(
                self.fd.as_fd(),
                REGISTER_BUFFERS,
                bufs.as_ptr().cast(),
                nr(bufs.len())?,
            )
        }
        .map(drop)
    }

    /// Drops the registered buffers (`IORING_UNREGISTER_BUFFERS`); waits for
    /// the fixed operations using them.
    ///
    /// # Errors
    ///
    /// `ENXIO` if none are registered.
    pub fn unregister_buffers(&mut self) -> Result<()> {
        // SAFETY: no argument.
        unsafe { register(self.fd.as_fd(), UNREGISTER_BUFFERS, core::ptr::null(), 0) }.map(drop)
    }

    /// Which opcodes the kernel supports (`IORING_REGISTER_PROBE`, 5.6).
    ///
    /// # Errors
    ///
    /// `EINVAL` before Linux 5.6.
    pub fn probe(&self) -> Result<Probe> {
        let mut p = Probe {
            last_op: 0,
            ops_len: 0,
            resv: 0,
            resv2: [0; 3],
            ops: [ProbeOp::default(); 256],
        };
        // SAFETY: the kernel writes the header and at most 256 ops, which `p` holds.
        unsafe {
            register(
                self.fd.as_fd(),
                REGISTER_PROBE,
                (&mut p as *mut Probe).cast(),
                256,
            )
        }?;
        Ok(p)
    }

    /// Enables a ring made with [`SetupFlags::R_DISABLED`](super::SetupFlags::R_DISABLED)
    /// (`IORING_REGISTER_ENABLE_RINGS`, 5.10).
    ///
    /// # Errors
    ///
    /// `EBADFD` if the ring is already enabled.
    pub fn enable_rings(&mut self) -> Result<()> {
        // SAFETY: no argument.
        unsafe { register(self.fd.as_fd(), REGISTER_ENABLE_RINGS, core::ptr::null(), 0) }.map(drop)
    }

    /// Registers the ring fd with the calling thread
    /// (`IORING_REGISTER_RING_FDS`, 5.18): `io_uring_enter` then skips the
    /// fd lookup. Dropping the ring unregisters it.
    ///
    /// # Safety
    ///
    /// The registration belongs to the calling thread: from now on the ring
    /// must be used and dropped on this thread only (elsewhere its index
    /// names another thread's ring, or none).
    ///
    /// # Errors
    ///
    /// `EBUSY` (already registered here), `EINVAL` before 5.18, `ENFILE`
    /// (the thread's 16 slots are taken).
    pub unsafe fn register_ring_fd(&mut self) -> Result<()> {
        if self.enter_flags != 0 {
            return Err(crate::Errno::EBUSY);
        }
        let mut up = RsrcUpdate {
            offset: u32::MAX, // let the kernel pick a slot
            resv: 0,
            data: self.fd.as_raw_fd() as u64,
        };
        // SAFETY: one `io_uring_rsrc_update`, which the kernel reads and
        // writes back with the slot chosen.
        unsafe {
            register(
                self.fd.as_fd(),
                REGISTER_RING_FDS,
                (&mut up as *mut RsrcUpdate).cast(),
                1,
            )
        }?;
        self.enter_fd = up.offset as i32;
        self.enter_flags = EnterFlags::REGISTERED_RING.bits();
        Ok(())
    }

    /// Unregisters the ring fd from the calling thread, if registered.
    pub(super) fn unregister_ring_fd(&mut self) -> Result<()> {
        if self.enter_flags == 0 {
            return Ok(());
        }
        let up = RsrcUpdate {
            offset: self.enter_fd as u32,
            resv: 0,
            data: 0,
        };
        // SAFETY: one `io_uring_rsrc_update`, read by the kernel.
        unsafe {
            register(
                self.fd.as_fd(),
                UNREGISTER_RING_FDS,
                (&up as *const RsrcUpdate).cast(),
                1,
            )
        }?;
        self.enter_fd = self.fd.as_raw_fd();
        self.enter_flags = 0;
        Ok(())
    }
}

impl Drop for IoUring {
    fn drop(&mut self) {
        // A registered ring fd holds a reference that would keep the ring
        // alive until the thread exits.
        let _ = self.unregister_ring_fd();
    }
}
