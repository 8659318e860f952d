//! The kernel's asm-generic definitions (`include/uapi/asm-generic/`): an
//! architecture's `abi.rs` re-exports the ones it shares and defines the
//! rest itself.

/// The `O_*` values that differ between architectures, as asm-generic has
/// them (`asm-generic/fcntl.h`).
pub(crate) mod o_flags {
    pub(crate) const DIRECTORY: u32 = 0o200000;
    pub(crate) const NOFOLLOW: u32 = 0o400000;
    pub(crate) const DIRECT: u32 = 0o40000;
    pub(crate) const LARGEFILE: u32 = 0o100000;
}

/// An event: the flags and 64 bits of user data (`struct epoll_event`),
/// naturally aligned: 16 bytes where a `u64` is 8-aligned, 12 on i386,
/// where it is 4-aligned.
#[derive(Clone, Copy, Default)]
#[repr(C)]
pub struct EpollEvent {
    pub(crate) events: u32,
    pub(crate) data: u64,
}

static_assertions::const_assert_eq!(
    core::mem::offset_of!(EpollEvent, data),
    core::mem::align_of::<u64>()
);
static_assertions::assert_eq_align!(EpollEvent, u64);

/// File metadata from `fstat`/`fstatat`: the kernel's
/// `struct stat` in the asm-generic layout
/// (`include/uapi/asm-generic/stat.h`) that most
/// architectures use. Field types differ per architecture; `Statx` is the same
/// everywhere.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(C)]
#[allow(missing_docs)]
pub struct Stat {
    pub st_dev: u64,
    pub st_ino: u64,
    pub st_mode: u32,
    pub st_nlink: u32,
    pub st_uid: u32,
    pub st_gid: u32,
    pub st_rdev: u64,
    __pad1: u64,
    pub st_size: i64,
    pub st_blksize: i32,
    __pad2: i32,
    pub st_blocks: i64,
    pub st_atime: i64,
    pub st_atime_nsec: u64,
    pub st_mtime: i64,
    pub st_mtime_nsec: u64,
    pub st_ctime: i64,
    pub st_ctime_nsec: u64,
    __unused4: u32,
    __unused5: u32,
}
static_assertions::assert_eq_size!(Stat, [u8; 128]);
static_assertions::assert_eq_align!(Stat, u64);
static_assertions::const_assert_eq!(core::mem::offset_of!(Stat, st_mode), 16);
static_assertions::const_assert_eq!(core::mem::offset_of!(Stat, st_rdev), 32);
static_assertions::const_assert_eq!(core::mem::offset_of!(Stat, st_size), 48);
static_assertions::const_assert_eq!(core::mem::offset_of!(Stat, st_blksize), 56);
static_assertions::const_assert_eq!(core::mem::offset_of!(Stat, st_blocks), 64);
static_assertions::const_assert_eq!(core::mem::offset_of!(Stat, st_atime), 72);
static_assertions::const_assert_eq!(core::mem::offset_of!(Stat, st_ctime_nsec), 112);

/// The kernel's `struct sigaction` with an `sa_restorer` field
/// (`asm-generic/signal.h` where `SA_RESTORER` is defined, and most
/// architectures' own headers): handler, flags, restorer, mask.
#[derive(Clone, Copy)]
#[repr(C)]
pub struct SigactionWithRestorer<M> {
    pub(crate) handler: usize,
    pub(crate) flags: usize,
    restorer: usize,
    pub(crate) mask: M,
}

impl<M> SigactionWithRestorer<M> {
    pub(crate) const fn new(handler: usize, flags: usize, restorer: usize, mask: M) -> Self {
        SigactionWithRestorer {
            handler,
            flags,
            restorer,
            mask,
        }
    }
}

/// The kernel's `struct sigaction` without `sa_restorer`
/// (`asm-generic/signal.h` where `SA_RESTORER` is not defined): the kernel
/// returns from handlers through its own vDSO trampoline.
#[derive(Clone, Copy)]
#[repr(C)]
pub struct SigactionNoRestorer<M> {
    pub(crate) handler: usize,
    pub(crate) flags: usize,
    pub(crate) mask: M,
}

impl<M> SigactionNoRestorer<M> {
    /// `restorer` is 0: the architecture has no field for one.
    pub(crate) const fn new(handler: usize, flags: usize, restorer: usize, mask: M) -> Self {
        let _ = restorer;
        SigactionNoRestorer {
            handler,
            flags,
            mask,
        }
    }
}

/// The terminal and file ioctl numbers sysgate uses, as asm-generic has them
/// (`asm-generic/ioctls.h`; powerpc encodes its own).
pub(crate) mod ioctl_nr {
    pub(crate) const FIONREAD: u32 = 0x541B;
    pub(crate) const TIOCGWINSZ: u32 = 0x5413;
}

/// The `SO_*` option names that differ between architectures, as
/// asm-generic has them (`asm-generic/socket.h`).
pub(crate) mod so_nr {
    pub(crate) const PASSCRED: i32 = 16;
    pub(crate) const PEERCRED: i32 = 17;
    pub(crate) const RCVTIMEO_OLD: i32 = 20;
    pub(crate) const SNDTIMEO_OLD: i32 = 21;
}

/// The `MAP_*` flags that differ between architectures, as asm-generic has
/// them (`asm-generic/mman.h`).
pub(crate) mod map_flags {
    pub(crate) const LOCKED: u32 = 0x2000;
    pub(crate) const NORESERVE: u32 = 0x4000;
}
