//! File metadata: [`statx`] (one layout everywhere, with a fallback), the
//! per-architecture [`Stat`] of [`fstat`]/[`fstatat`], and [`fstatfs`].

use super::{raw, AtFlags, FileType};
use crate::fd::AsFd;
use crate::path::Arg;
use crate::time::Timespec;
use crate::{syscall, Errno, Result, Sysno};
use core::ffi::CStr;
use core::mem::{offset_of, size_of, MaybeUninit};
use static_assertions::{assert_eq_align, assert_eq_size, const_assert_eq};

pub use crate::arch::abi::Stat;

// The field types differ per architecture: the casts widen (or are
// no-ops); seconds keep their sign, nanoseconds are below 10^9.
#[allow(clippy::unnecessary_cast)]
impl Stat {
    /// The file type in `st_mode`.
    #[inline]
    pub const fn file_type(&self) -> FileType {
        FileType::from_mode(self.st_mode)
    }

    /// Last access (`st_atime`, `st_atime_nsec`).
    #[inline]
    pub const fn atime(&self) -> Timespec {
        Timespec {
            tv_sec: self.st_atime as i64,
            tv_nsec: self.st_atime_nsec as i64,
        }
    }

    /// Last modification of the contents (`st_mtime`, `st_mtime_nsec`).
    #[inline]
    pub const fn mtime(&self) -> Timespec {
        Timespec {
            tv_sec: self.st_mtime as i64,
            tv_nsec: self.st_mtime_nsec as i64,
        }
    }

    /// Last status change (`st_ctime`, `st_ctime_nsec`).
    #[inline]
    pub const fn ctime(&self) -> Timespec {
        Timespec {
            tv_sec: self.st_ctime as i64,
            tv_nsec: self.st_ctime_nsec as i64,
        }
    }
}

/// Metadata of an open file (`fstat(2)`; `fstat64` on i386).
///
/// # Errors
///
/// `EBADF`, `EOVERFLOW` (never on these architectures' 64-bit layouts).
#[inline]
pub fn fstat(fd: impl AsFd) -> Result<Stat> {
    // Zeroed: the compat path of 32-bit processes writes field by field and
    // leaves the padding alone.
    let mut st = MaybeUninit::<Stat>::zeroed();
    // SAFETY: the kernel fills one `Stat`, this architecture's layout.
    unsafe { syscall!(crate::sysno::call::FSTAT, raw(fd.as_fd()), st.as_mut_ptr()) }?;
    // SAFETY: filled on success.
    Ok(unsafe { st.assume_init() })
}

fn fstatat_c(dirfd: crate::RawFd, path: &CStr, flags: AtFlags) -> Result<Stat> {
    // Zeroed, as in `fstat`.
    let mut st = MaybeUninit::<Stat>::zeroed();
    // SAFETY: `path` is NUL-terminated; the kernel fills one `Stat`.
    unsafe {
        syscall!(
            crate::sysno::call::FSTATAT,
            dirfd,
            path.as_ptr(),
            st.as_mut_ptr(),
            flags.bits()
        )
    }?;
    // SAFETY: filled on success.
    Ok(unsafe { st.assume_init() })
}

/// Metadata of `path` (`newfstatat(2)`; `fstatat64` on i386);
/// `SYMLINK_NOFOLLOW` describes a symlink itself, `EMPTY_PATH` with `""`
/// the fd `dirfd`.
///
/// # Errors
///
/// `ENOENT`, `ENOTDIR`, `EACCES`, `ELOOP`, `EINVAL` for other flags.
#[inline]
pub fn fstatat(dirfd: impl AsFd, path: impl Arg, flags: AtFlags) -> Result<Stat> {
    let dirfd = raw(dirfd.as_fd());
    path.with_c_str(|p| fstatat_c(dirfd, p, flags))
}

/// A time in [`Statx`]: the kernel's `struct statx_timestamp`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct StatxTimestamp {
    /// Seconds since the epoch.
    pub tv_sec: i64,
    /// Nanoseconds.
    pub tv_nsec: u32,
    __reserved: i32,
}
assert_eq_size!(StatxTimestamp, [u32; 4]);
assert_eq_align!(StatxTimestamp, u64);
const_assert_eq!(offset_of!(StatxTimestamp, tv_nsec), 8);

impl From<StatxTimestamp> for Timespec {
    #[inline]
    fn from(t: StatxTimestamp) -> Timespec {
        Timespec {
            tv_sec: t.tv_sec,
            tv_nsec: t.tv_nsec as i64,
        }
    }
}

crate::flags::bitflags! {
    /// Which [`Statx`] fields to fill, and which were (`STATX_*`).
    pub struct StatxFlags: u32 {
        /// `stx_mode & S_IFMT`.
        const TYPE = 0x1;
        /// `stx_mode & !S_IFMT`.
        const MODE = 0x2;
        /// `stx_nlink`.
        const NLINK = 0x4;
        /// `stx_uid`.
        const UID = 0x8;
        /// `stx_gid`.
        const GID = 0x10;
        /// `stx_atime`.
        const ATIME = 0x20;
        /// `stx_mtime`.
        const MTIME = 0x40;
        /// `stx_ctime`.
        const CTIME = 0x80;
        /// `stx_ino`.
        const INO = 0x100;
        /// `stx_size`.
        const SIZE = 0x200;
        /// `stx_blocks`.
        const BLOCKS = 0x400;
        /// Everything `stat(2)` gives.
        const BASIC_STATS = 0x7ff;
        /// `stx_btime` (creation time).
        const BTIME = 0x800;
        /// `stx_mnt_id`.
        const MNT_ID = 0x1000;
        /// `stx_dio_mem_align` and `stx_dio_offset_align`.
        const DIOALIGN = 0x2000;
        /// The unique `stx_mnt_id` (Linux 6.8).
        const MNT_ID_UNIQUE = 0x4000;
        /// `stx_subvol` (Linux 6.10).
        const SUBVOL = 0x8000;
        /// The `stx_atomic_write_*` fields (Linux 6.11).
        const WRITE_ATOMIC = 0x10000;
        /// `stx_dio_read_offset_align` (Linux 6.14).
        const DIO_READ_ALIGN = 0x20000;
        const _ = !0;
    }
}

crate::flags::bitflags! {
    /// File attributes in [`Statx::attributes`] (`STATX_ATTR_*`); which
    /// ones the filesystem supports is in [`Statx::attributes_mask`].
    pub struct StatxAttributes: u64 {
        /// `STATX_ATTR_COMPRESSED`: compressed by the filesystem.
        const COMPRESSED = 0x4;
        /// `STATX_ATTR_IMMUTABLE`: cannot be changed.
        const IMMUTABLE = 0x10;
        /// `STATX_ATTR_APPEND`: can only be appended to.
        const APPEND = 0x20;
        /// `STATX_ATTR_NODUMP`: not a candidate for backup.
        const NODUMP = 0x40;
        /// `STATX_ATTR_ENCRYPTED`: needs a key to be read.
        const ENCRYPTED = 0x800;
        /// `STATX_ATTR_AUTOMOUNT`: a directory that triggers an automount.
        const AUTOMOUNT = 0x1000;
        /// `STATX_ATTR_MOUNT_ROOT`: the root of a mount.
        const MOUNT_ROOT = 0x2000;
        /// `STATX_ATTR_VERITY`: fs-verity protected.
        const VERITY = 0x10_0000;
        /// `STATX_ATTR_DAX`: in DAX (direct access) state.
        const DAX = 0x20_0000;
        /// `STATX_ATTR_WRITE_ATOMIC` (Linux 6.11): supports atomic writes.
        const WRITE_ATOMIC = 0x40_0000;
        const _ = !0;
    }
}

/// File metadata from [`statx`]: the kernel's `struct statx`
/// (`include/uapi/linux/stat.h`), the same on every architecture. Fields
/// not in `stx_mask` were not filled (they are zero).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(C)]
#[allow(missing_docs)]
pub struct Statx {
    /// What was filled: compare with the mask asked for.
    pub stx_mask: StatxFlags,
    pub stx_blksize: u32,
    pub stx_attributes: u64,
    pub stx_nlink: u32,
    pub stx_uid: u32,
    pub stx_gid: u32,
    /// File type and permissions (`S_IFMT | 0o7777`).
    pub stx_mode: u16,
    __spare0: u16,
    pub stx_ino: u64,
    pub stx_size: u64,
    pub stx_blocks: u64,
    pub stx_attributes_mask: u64,
    pub stx_atime: StatxTimestamp,
    pub stx_btime: StatxTimestamp,
    pub stx_ctime: StatxTimestamp,
    pub stx_mtime: StatxTimestamp,
    pub stx_rdev_major: u32,
    pub stx_rdev_minor: u32,
    pub stx_dev_major: u32,
    pub stx_dev_minor: u32,
    pub stx_mnt_id: u64,
    pub stx_dio_mem_align: u32,
    pub stx_dio_offset_align: u32,
    pub stx_subvol: u64,
    pub stx_atomic_write_unit_min: u32,
    pub stx_atomic_write_unit_max: u32,
    pub stx_atomic_write_segments_max: u32,
    pub stx_dio_read_offset_align: u32,
    pub stx_atomic_write_unit_max_opt: u32,
    __spare2: u32,
    __spare3: [u64; 8],
}
assert_eq_size!(Statx, [u8; 256]);
assert_eq_size!(StatxFlags, u32);
const_assert_eq!(offset_of!(Statx, stx_nlink), 0x10);
const_assert_eq!(offset_of!(Statx, stx_mode), 0x1c);
const_assert_eq!(offset_of!(Statx, stx_ino), 0x20);
const_assert_eq!(offset_of!(Statx, stx_atime), 0x40);
const_assert_eq!(offset_of!(Statx, stx_mtime), 0x70);
const_assert_eq!(offset_of!(Statx, stx_rdev_major), 0x80);
const_assert_eq!(offset_of!(Statx, stx_mnt_id), 0x90);
const_assert_eq!(offset_of!(Statx, stx_subvol), 0xa0);
const_assert_eq!(offset_of!(Statx, stx_atomic_write_unit_max_opt), 0xb8);
const_assert_eq!(offset_of!(Statx, __spare3), 0xc0);
// `__u64` fields: 8-aligned, 4 on i386, as Rust's `u64`.
assert_eq_align!(Statx, u64);

impl Statx {
    /// The file type in `stx_mode`.
    #[inline]
    pub const fn file_type(&self) -> FileType {
        FileType::from_mode(self.stx_mode as u32)
    }

    /// The file's attributes (`stx_attributes`); only those in
    /// [`attributes_mask`](Self::attributes_mask) are meaningful.
    #[inline]
    pub const fn attributes(&self) -> StatxAttributes {
        StatxAttributes::from_bits_retain(self.stx_attributes)
    }

    /// The attributes this filesystem reports (`stx_attributes_mask`).
    #[inline]
    pub const fn attributes_mask(&self) -> StatxAttributes {
        StatxAttributes::from_bits_retain(self.stx_attributes_mask)
    }

    /// Last access (`stx_atime`), if `stx_mask` has `ATIME`.
    #[inline]
    pub fn atime(&self) -> Option<Timespec> {
        self.time(StatxFlags::ATIME, self.stx_atime)
    }

    /// Creation (`stx_btime`), if `stx_mask` has `BTIME`: not every
    /// filesystem records it.
    #[inline]
    pub fn btime(&self) -> Option<Timespec> {
        self.time(StatxFlags::BTIME, self.stx_btime)
    }

    /// Last status change (`stx_ctime`), if `stx_mask` has `CTIME`.
    #[inline]
    pub fn ctime(&self) -> Option<Timespec> {
        self.time(StatxFlags::CTIME, self.stx_ctime)
    }

    /// Last modification (`stx_mtime`), if `stx_mask` has `MTIME`.
    #[inline]
    pub fn mtime(&self) -> Option<Timespec> {
        self.time(StatxFlags::MTIME, self.stx_mtime)
    }

    fn time(&self, bit: StatxFlags, t: StatxTimestamp) -> Option<Timespec> {
        self.stx_mask.contains(bit).then(|| t.into())
    }
}

/// The major number of a `dev_t` as `stat` encodes it.
const fn dev_major(dev: u64) -> u32 {
    (((dev >> 8) & 0xfff) | ((dev >> 32) & !0xfff)) as u32
}

/// The minor number of a `dev_t` as `stat` encodes it.
const fn dev_minor(dev: u64) -> u32 {
    ((dev & 0xff) | ((dev >> 12) & !0xff)) as u32
}

// The casts are no-ops on some architectures and conversions on others.
#[allow(clippy::unnecessary_cast)]
impl From<Stat> for Statx {
    /// The basic fields of a [`Stat`] in a `Statx`, with `stx_mask`
    /// [`StatxFlags::BASIC_STATS`]: what [`statx`] returns when it falls
    /// back to `fstatat`.
    fn from(st: Stat) -> Self {
        let ts = |sec: i64, nsec: u64| StatxTimestamp {
            tv_sec: sec,
            tv_nsec: nsec as u32,
            __reserved: 0,
        };
        Statx {
            stx_mask: StatxFlags::BASIC_STATS,
            stx_blksize: st.st_blksize as u32,
            stx_attributes: 0,
            stx_nlink: st.st_nlink as u32,
            stx_uid: st.st_uid,
            stx_gid: st.st_gid,
            stx_mode: st.st_mode as u16,
            __spare0: 0,
            stx_ino: st.st_ino,
            stx_size: st.st_size as u64,
            stx_blocks: st.st_blocks as u64,
            stx_attributes_mask: 0,
            stx_atime: ts(st.st_atime as i64, st.st_atime_nsec as u64),
            stx_btime: StatxTimestamp::default(),
            stx_ctime: ts(st.st_ctime as i64, st.st_ctime_nsec as u64),
            stx_mtime: ts(st.st_mtime as i64, st.st_mtime_nsec as u64),
            stx_rdev_major: dev_major(st.st_rdev),
            stx_rdev_minor: dev_minor(st.st_rdev),
            stx_dev_major: dev_major(st.st_dev),
            stx_dev_minor: dev_minor(st.st_dev),
            stx_mnt_id: 0,
            stx_dio_mem_align: 0,
            stx_dio_offset_align: 0,
            stx_subvol: 0,
            stx_atomic_write_unit_min: 0,
            stx_atomic_write_unit_max: 0,
            stx_atomic_write_segments_max: 0,
            stx_dio_read_offset_align: 0,
            stx_atomic_write_unit_max_opt: 0,
            __spare2: 0,
            __spare3: [0; 8],
        }
    }
}

/// Metadata of `path` (`statx(2)`): the fields in `mask`, where the
/// filesystem has them (check `stx_mask`). `EMPTY_PATH` with `""` describes
/// the fd `dirfd`; `SYMLINK_NOFOLLOW` a symlink itself.
///
/// Where `statx` is missing (`ENOSYS`: kernels before 4.11) or refused by a
/// seccomp filter (`EPERM`, as some container profiles do), this falls back
/// to [`fstatat`] and returns its fields, with `stx_mask` set to
/// `BASIC_STATS`; the `AT_STATX_*` sync flags are dropped then.
///
/// # Errors
///
/// `ENOENT`, `ENOTDIR`, `EACCES`, `ELOOP`, `EINVAL` for unknown flags.
#[inline]
pub fn statx(dirfd: impl AsFd, path: impl Arg, flags: AtFlags, mask: StatxFlags) -> Result<Statx> {
    let dirfd = raw(dirfd.as_fd());
    path.with_c_str(|p| {
        // Zeroed: emulators (qemu-user) copy the known fields one by one.
        let mut stx = MaybeUninit::<Statx>::zeroed();
        // SAFETY: `p` is NUL-terminated; the kernel fills one `struct statx`.
        let r = unsafe {
            syscall!(
                Sysno::statx,
                dirfd,
                p.as_ptr(),
                flags.bits(),
                mask.bits(),
                stx.as_mut_ptr()
            )
        };
        match r {
            // SAFETY: filled on success.
            Ok(_) => Ok(unsafe { stx.assume_init() }),
            Err(Errno::ENOSYS | Errno::EPERM) => {
                let sync = AtFlags::STATX_FORCE_SYNC | AtFlags::STATX_DONT_SYNC;
                fstatat_c(dirfd, p, flags - sync).map(Statx::from)
            }
            Err(e) => Err(e),
        }
    })
}

pub use crate::arch::abi::StatFsWord;

crate::flags::bitflags! {
    /// Mount flags of a filesystem in [`StatFs::flags`] (`ST_*`,
    /// `include/linux/statfs.h`).
    pub struct StatFsFlags: u64 {
        /// `ST_RDONLY`: mounted read-only.
        const RDONLY = 0x1;
        /// `ST_NOSUID`: set-user/group-id bits ignored.
        const NOSUID = 0x2;
        /// `ST_NODEV`: device files not usable.
        const NODEV = 0x4;
        /// `ST_NOEXEC`: programs cannot be executed.
        const NOEXEC = 0x8;
        /// `ST_SYNCHRONOUS`: writes are synchronous.
        const SYNCHRONOUS = 0x10;
        /// `ST_VALID`: the kernel filled `f_flags` (always set by Linux
        /// 2.6.36 and later).
        const VALID = 0x20;
        /// `ST_MANDLOCK`: mandatory locking allowed.
        const MANDLOCK = 0x40;
        /// `ST_NOATIME`: access times not updated.
        const NOATIME = 0x400;
        /// `ST_NODIRATIME`: directory access times not updated.
        const NODIRATIME = 0x800;
        /// `ST_RELATIME`: access times updated relative to mtime/ctime.
        const RELATIME = 0x1000;
        /// `ST_NOSYMFOLLOW` (Linux 5.10): symlinks not followed.
        const NOSYMFOLLOW = 0x2000;
        const _ = !0;
    }
}

/// Filesystem metadata from [`fstatfs`]: the kernel's `struct statfs`
/// (64-bit) or `struct statfs64` (i386), `include/uapi/asm-generic/statfs.h`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct StatFs {
    /// Filesystem magic number (`TMPFS_MAGIC`, `EXT4_SUPER_MAGIC`, …).
    pub f_type: StatFsWord,
    /// Optimal transfer block size.
    pub f_bsize: StatFsWord,
    /// Total blocks, in `f_frsize` units.
    pub f_blocks: u64,
    /// Free blocks.
    pub f_bfree: u64,
    /// Free blocks for unprivileged users.
    pub f_bavail: u64,
    /// Total inodes.
    pub f_files: u64,
    /// Free inodes.
    pub f_ffree: u64,
    /// Filesystem id.
    pub f_fsid: [i32; 2],
    /// Longest file name.
    pub f_namelen: StatFsWord,
    /// Fragment size.
    pub f_frsize: StatFsWord,
    /// Mount flags (`ST_RDONLY`, `ST_NOSUID`, …): see [`flags`](Self::flags).
    pub f_flags: StatFsWord,
    f_spare: [StatFsWord; 4],
}

// The kernel fills the words with non-negative values (a magic number, a
// size, a length, flags), so widening to `u64` loses nothing; these give
// the same types on every architecture.
#[allow(clippy::unnecessary_cast)]
impl StatFs {
    /// The filesystem's magic number (`f_type`: `TMPFS_MAGIC`, …).
    #[inline]
    pub const fn fs_type(&self) -> u64 {
        self.f_type as u64
    }

    /// The optimal transfer block size (`f_bsize`).
    #[inline]
    pub const fn block_size(&self) -> u64 {
        self.f_bsize as u64
    }

    /// The fragment size, the unit of the block counts (`f_frsize`).
    #[inline]
    pub const fn fragment_size(&self) -> u64 {
        self.f_frsize as u64
    }

    /// The longest file name (`f_namelen`).
    #[inline]
    pub const fn name_max(&self) -> u64 {
        self.f_namelen as u64
    }

    /// The mount flags (`f_flags`).
    #[inline]
    pub const fn flags(&self) -> StatFsFlags {
        StatFsFlags::from_bits_retain(self.f_flags as u64)
    }
}
// Its size is asserted in `arch/<arch>/abi.rs`.
// i386's `struct statfs64` is packed to 4 (`ARCH_PACK_STATFS64`); Rust's
// `u64` there is 4-aligned too.
assert_eq_align!(StatFs, u64);
const_assert_eq!(offset_of!(StatFs, f_blocks), 2 * size_of::<StatFsWord>());
const_assert_eq!(offset_of!(StatFs, f_fsid), 2 * size_of::<StatFsWord>() + 40);
const_assert_eq!(
    offset_of!(StatFs, f_namelen),
    2 * size_of::<StatFsWord>() + 48
);

/// Metadata of the filesystem holding an open file (`fstatfs(2)`;
/// `fstatfs64` on i386).
///
/// # Errors
///
/// `EBADF`, `ENOSYS` (the filesystem does not support it), `EIO`.
#[inline]
pub fn fstatfs(fd: impl AsFd) -> Result<StatFs> {
    // Zeroed: compat and emulated paths write field by field.
    let mut st = MaybeUninit::<StatFs>::zeroed();
    #[cfg(target_pointer_width = "32")]
    // SAFETY: fstatfs64 fills one struct statfs64 of the size given.
    unsafe {
        syscall!(
            Sysno::fstatfs64,
            raw(fd.as_fd()),
            // The kernel's size: the fields without trailing padding
            // (arm's struct statfs64 is packed to 4 bytes, 84 not 88).
            offset_of!(StatFs, f_spare) + size_of::<[StatFsWord; 4]>(),
            st.as_mut_ptr()
        )
    }?;
    #[cfg(target_pointer_width = "64")]
    // SAFETY: fstatfs fills one struct statfs.
    unsafe { syscall!(Sysno::fstatfs, raw(fd.as_fd()), st.as_mut_ptr()) }?;
    // SAFETY: filled on success.
    Ok(unsafe { st.assume_init() })
}
