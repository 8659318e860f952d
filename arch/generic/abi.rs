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
