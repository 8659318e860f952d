//! Memory mappings: `mmap(2)`, `munmap(2)`, `mprotect(2)`, `madvise(2)`,
//! `mremap(2)`, `msync(2)`, `mlock(2)`, `munlock(2)`, and the raw `brk(2)`.
//!
//! Addresses are raw pointers: a mapping is memory the program manages
//! itself, so the calls that create, move or remove one are `unsafe`.

use crate::fd::AsFd;
use crate::{syscall, syscall_readonly, Result, Sysno};
use core::ffi::c_void;

crate::flags::bitflags! {
    /// Access allowed to a mapping (`PROT_*`).
    pub struct ProtFlags: u32 {
        /// Readable.
        const READ = 0x1;
        /// Writable.
        const WRITE = 0x2;
        /// Executable.
        const EXEC = 0x4;
        /// [`mprotect`]: extend the change down to a grows-down mapping's start.
        const GROWSDOWN = 0x0100_0000;
        /// [`mprotect`]: extend the change up to a grows-up mapping's end.
        const GROWSUP = 0x0200_0000;
        const _ = !0;
    }
}

crate::flags::bitflags! {
    /// How a mapping is made (`MAP_*`): exactly one of `SHARED`,
    /// `SHARED_VALIDATE` or `PRIVATE`, plus modifiers.
    pub struct MapFlags: u32 {
        /// Changes are visible to other mappings and reach the file.
        const SHARED = 0x01;
        /// Copy-on-write: changes stay in this mapping.
        const PRIVATE = 0x02;
        /// `SHARED`, refusing unknown flags with `EOPNOTSUPP`.
        const SHARED_VALIDATE = 0x03;
        /// Place exactly at the address, replacing what was there.
        const FIXED = 0x10;
        /// Not backed by a file (the fd is ignored, the memory is zeroed).
        const ANONYMOUS = 0x20;
        /// A stack that grows down.
        const GROWSDOWN = 0x0100;
        /// Ignored (historical).
        const DENYWRITE = 0x0800;
        /// Ignored (historical).
        const EXECUTABLE = 0x1000;
        /// Lock the pages as with [`mlock`].
        const LOCKED = crate::arch::abi::map_flags::LOCKED;
        /// Do not reserve swap.
        const NORESERVE = crate::arch::abi::map_flags::NORESERVE;
        /// Pre-fault the pages.
        const POPULATE = 0x8000;
        /// With `POPULATE`: do not block on I/O.
        const NONBLOCK = 0x1_0000;
        /// Suitable for a thread stack.
        const STACK = 0x2_0000;
        /// Back with huge pages.
        const HUGETLB = 0x4_0000;
        /// With `SHARED_VALIDATE`: synchronous page faults on DAX files.
        const SYNC = 0x8_0000;
        /// Like `FIXED`, but fail with `EEXIST` rather than replace.
        const FIXED_NOREPLACE = 0x10_0000;
        const _ = !0;
    }
}

/// The page size, from the auxiliary vector (`AT_PAGESZ`), or 4096 if the
/// kernel gave none.
#[inline]
pub fn page_size() -> usize {
    crate::auxv::get(crate::auxv::AT_PAGESZ).unwrap_or(4096)
}

/// Maps `len` bytes of `fd` from `offset` (`mmap(2)`; `mmap2` on i386);
/// returns the address. `addr` is a hint, or the exact place with `FIXED`.
///
/// # Safety
///
/// With `FIXED` the mapping replaces whatever was at `addr`, which may be
/// memory the program uses. The caller owns the returned memory: it must
/// not be used after [`munmap`], and a shared mapping may change under it.
///
/// # Errors
///
/// `EINVAL` (`len` 0, `offset` not page-aligned, bad flags), `EACCES`
/// (`fd` not open for the access asked), `ENODEV` (the file cannot be
/// mapped), `ENOMEM`, `EEXIST` (`FIXED_NOREPLACE`), `EBADF`.
#[inline]
pub unsafe fn mmap(
    addr: *mut c_void,
    len: usize,
    prot: ProtFlags,
    flags: MapFlags,
    fd: impl AsFd,
    offset: u64,
) -> Result<*mut c_void> {
    // SAFETY: forwarded from the caller.
    unsafe { mmap_raw(addr, len, prot, flags, fd.as_fd().as_raw_fd(), offset) }
}

/// Maps `len` bytes of zeroed memory ([`mmap`] with `ANONYMOUS`, no fd).
///
/// # Safety
///
/// As [`mmap`].
///
/// # Errors
///
/// `EINVAL`, `ENOMEM`, `EEXIST` (`FIXED_NOREPLACE`).
#[inline]
pub unsafe fn mmap_anonymous(
    addr: *mut c_void,
    len: usize,
    prot: ProtFlags,
    flags: MapFlags,
) -> Result<*mut c_void> {
    // SAFETY: forwarded from the caller.
    unsafe { mmap_raw(addr, len, prot, flags | MapFlags::ANONYMOUS, -1, 0) }
}

#[inline(always)]
unsafe fn mmap_raw(
    addr: *mut c_void,
    len: usize,
    prot: ProtFlags,
    flags: MapFlags,
    fd: crate::RawFd,
    offset: u64,
) -> Result<*mut c_void> {
    // A 32-bit architecture's `mmap` offset is one register: there `mmap2`
    // counts it in 4096-byte units, whatever the page size.
    #[cfg(target_pointer_width = "32")]
    let (nr, off) = {
        if !offset.is_multiple_of(4096) {
            return Err(crate::Errno::EINVAL);
        }
        (
            Sysno::mmap2,
            usize::try_from(offset / 4096).map_err(|_| crate::Errno::EINVAL)?,
        )
    };
    #[cfg(target_pointer_width = "64")]
    let (nr, off) = (Sysno::mmap, offset as usize);
    let r = if crate::arch::abi::MMAP_ARGS_IN_MEMORY {
        let args = [
            addr as usize,
            len,
            prot.bits() as usize,
            flags.bits() as usize,
            fd as usize,
            off,
        ];
        // SAFETY: as below; the kernel reads the six words of `args`.
        unsafe { syscall!(nr, args.as_ptr()) }
    } else {
        // SAFETY: the caller vouches for the mapping's effect on memory.
        unsafe { syscall!(nr, addr, len, prot.bits(), flags.bits(), fd, off) }
    };
    r.map(|a| a as *mut c_void)
}

/// Removes the mappings in `addr..addr + len` (`munmap(2)`).
///
/// # Safety
///
/// Nothing may use the memory afterwards.
///
/// # Errors
///
/// `EINVAL` (`addr` not page-aligned, `len` 0).
#[inline]
pub unsafe fn munmap(addr: *mut c_void, len: usize) -> Result<()> {
    // SAFETY: forwarded from the caller.
    unsafe { syscall!(Sysno::munmap, addr, len) }.map(drop)
}

/// Changes the access allowed to pages (`mprotect(2)`).
///
/// # Safety
///
/// Removing access from memory the program still uses makes it fault.
///
/// # Errors
///
/// `EINVAL` (unaligned `addr`, bad flags), `ENOMEM` (part of the range is
/// not mapped), `EACCES` (e.g. write to a read-only file mapping).
#[inline]
pub unsafe fn mprotect(addr: *mut c_void, len: usize, prot: ProtFlags) -> Result<()> {
    // SAFETY: forwarded from the caller.
    unsafe { syscall!(Sysno::mprotect, addr, len, prot.bits()) }.map(drop)
}

/// Advice for [`madvise`] (`MADV_*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum Advice {
    /// No special treatment.
    Normal = 0,
    /// Random access: less read-ahead.
    Random = 1,
    /// Sequential access: more read-ahead.
    Sequential = 2,
    /// Will be needed soon: read ahead.
    WillNeed = 3,
    /// Not needed: private anonymous pages read back as zeros afterwards.
    DontNeed = 4,
    /// Free lazily: pages may read back as zeros or as before.
    Free = 8,
    /// Free the backing store of a shared mapping.
    Remove = 9,
    /// Not inherited by `fork`.
    DontFork = 10,
    /// Inherited by `fork` again.
    DoFork = 11,
    /// Candidate for KSM merging.
    Mergeable = 12,
    /// No longer a KSM candidate.
    Unmergeable = 13,
    /// Use transparent huge pages.
    HugePage = 14,
    /// Do not use transparent huge pages.
    NoHugePage = 15,
    /// Leave out of core dumps.
    DontDump = 16,
    /// Include in core dumps again.
    DoDump = 17,
    /// Zeroed in the child after `fork`.
    WipeOnFork = 18,
    /// Undo `WipeOnFork`.
    KeepOnFork = 19,
    /// Deactivate (reclaim first).
    Cold = 20,
    /// Reclaim now.
    PageOut = 21,
    /// Populate, as if read.
    PopulateRead = 22,
    /// Populate, as if written.
    PopulateWrite = 23,
}

/// Gives the kernel advice on how memory will be used (`madvise(2)`).
///
/// # Safety
///
/// Some advice changes contents: `DontNeed`, `Free`, `Remove` and
/// `WipeOnFork` discard data the program may still expect.
///
/// # Errors
///
/// `EINVAL` (unaligned, or advice the kernel or mapping does not support),
/// `ENOMEM` (not mapped), `EAGAIN`.
#[inline]
pub unsafe fn madvise(addr: *mut c_void, len: usize, advice: Advice) -> Result<()> {
    // SAFETY: forwarded from the caller.
    unsafe { syscall!(Sysno::madvise, addr, len, advice as u32) }.map(drop)
}

crate::flags::bitflags! {
    /// Flags of [`mremap`] (`MREMAP_*`).
    pub struct MremapFlags: u32 {
        /// The mapping may move.
        const MAYMOVE = 1;
        /// Move to `new_addr` exactly (with `MAYMOVE`).
        const FIXED = 2;
        /// Move and leave the old range mapped but empty.
        const DONTUNMAP = 4;
        const _ = !0;
    }
}

/// Grows, shrinks or moves a mapping (`mremap(2)`); returns its new address.
///
/// # Safety
///
/// When the mapping moves, pointers into the old range dangle; with
/// `FIXED`, whatever was at `new_addr` is replaced.
///
/// # Errors
///
/// `ENOMEM` (cannot grow in place without `MAYMOVE`), `EINVAL`, `EFAULT`.
#[inline]
pub unsafe fn mremap(
    old_addr: *mut c_void,
    old_len: usize,
    new_len: usize,
    flags: MremapFlags,
    new_addr: *mut c_void,
) -> Result<*mut c_void> {
    // SAFETY: forwarded from the caller.
    unsafe {
        syscall!(
            Sysno::mremap,
            old_addr,
            old_len,
            new_len,
            flags.bits(),
            new_addr
        )
    }
    .map(|a| a as *mut c_void)
}

crate::flags::bitflags! {
    /// Flags of [`msync`] (`MS_*`): one of `ASYNC` or `SYNC`, optionally `INVALIDATE`.
    pub struct MsyncFlags: u32 {
        /// Schedule the write-back and return.
        const ASYNC = 1;
        /// Invalidate other mappings of the same file.
        const INVALIDATE = 2;
        /// Write back and wait.
        const SYNC = 4;
        const _ = !0;
    }
}

/// Writes a shared file mapping's changes back to the file (`msync(2)`).
///
/// ```compile_fail,E0133
/// # let p = core::ptr::null_mut();
/// // Not inside `unsafe`: this does not compile.
/// sysgate::mm::msync(p, 4096, sysgate::mm::MsyncFlags::SYNC);
/// ```
///
/// # Safety
///
/// `addr..addr + len` must be memory the caller manages as a mapping (its
/// own, or one it may act on), like the other calls here that take a raw
/// range: the call acts on whatever is mapped there, which may belong to
/// other code. It changes no memory contents.
///
/// # Errors
///
/// `EINVAL` (unaligned, bad flags, both `SYNC` and `ASYNC`), `ENOMEM` (not
/// mapped), `EBUSY` (`INVALIDATE` on locked pages).
#[inline]
pub unsafe fn msync(addr: *mut c_void, len: usize, flags: MsyncFlags) -> Result<()> {
    // SAFETY: the caller vouches for the range. msync writes pages back to
    // their file and changes no memory, so `_readonly` holds.
    unsafe { syscall_readonly!(Sysno::msync, addr, len, flags.bits()) }.map(drop)
}

/// Keeps the pages of a range in RAM (`mlock(2)`), faulting them in first.
///
/// ```compile_fail,E0133
/// // Not inside `unsafe`: this does not compile.
/// sysgate::mm::mlock(core::ptr::null(), 4096);
/// ```
///
/// # Safety
///
/// As for [`msync`]: the range must be memory the caller manages. Locked
/// pages count against `RLIMIT_MEMLOCK` until unlocked or unmapped.
///
/// # Errors
///
/// `ENOMEM` (not mapped, or over `RLIMIT_MEMLOCK`), `EPERM`, `EAGAIN`.
#[inline]
pub unsafe fn mlock(addr: *const c_void, len: usize) -> Result<()> {
    // SAFETY: the caller vouches for the range; mlock changes no memory
    // contents (faulting a page in shows what it already held).
    unsafe { syscall_readonly!(Sysno::mlock, addr, len) }.map(drop)
}

/// Lets the pages of a range be swapped again (`munlock(2)`).
///
/// # Safety
///
/// As for [`msync`]: the range must be memory the caller manages; pages
/// other code locked are unlocked too.
///
/// # Errors
///
/// `ENOMEM` (not mapped), `EPERM`.
#[inline]
pub unsafe fn munlock(addr: *const c_void, len: usize) -> Result<()> {
    // SAFETY: as for mlock.
    unsafe { syscall_readonly!(Sysno::munlock, addr, len) }.map(drop)
}

/// Moves the end of the data segment to `addr`, raw (`brk(2)`): returns the
/// new end, or the unchanged old end when the kernel refused (this call has
/// no error return). A null `addr` queries the current end.
///
/// # Safety
///
/// Shrinking frees memory that may be in use; a C library's `malloc`, if
/// present, assumes it owns the break.
#[inline]
pub unsafe fn brk(addr: *mut c_void) -> *mut c_void {
    // SAFETY: forwarded from the caller; brk returns an address, never an errno.
    unsafe { crate::raw::syscall1(Sysno::brk as usize, addr as usize) as *mut c_void }
}
