//! Facts of the x86_64 ABI that the typed layer needs: kernel struct layouts,
//! constants whose values differ by architecture, and the names the kernel
//! uses here. `src/` reads them through `crate::arch::abi`, never through
//! `cfg(target_arch)`.

/// `e_machine` of this architecture's ELF files (`EM_X86_64`).
pub(crate) const EM_NATIVE: u16 = 62;

pub(crate) use crate::arch_generic::o_flags;

/// An event: the flags and 64 bits of user data (`struct epoll_event`),
/// packed to 12 bytes on x86_64 (`__EPOLL_PACKED` in the uapi header), so
/// that 32-bit and 64-bit programs share the layout.
#[derive(Clone, Copy, Default)]
#[repr(C, packed)]
pub struct EpollEvent {
    pub(crate) events: u32,
    pub(crate) data: u64,
}

static_assertions::assert_eq_size!(EpollEvent, [u8; 12]);
static_assertions::assert_eq_align!(EpollEvent, u8);

/// The version of this architecture's vDSO symbols
/// (`Documentation/ABI/stable/vdso`), and the names of the functions sysgate
/// calls through it, `None` where sysgate makes the system call instead.
///
pub(crate) const VDSO_VERSION: &str = "LINUX_2.6";
pub(crate) const VDSO_CLOCK_GETTIME: Option<&str> = Some("__vdso_clock_gettime");
pub(crate) const VDSO_CLOCK_GETRES: Option<&str> = Some("__vdso_clock_getres");
pub(crate) const VDSO_GETTIMEOFDAY: Option<&str> = Some("__vdso_gettimeofday");
pub(crate) const VDSO_TIME: Option<&str> = Some("__vdso_time");
pub(crate) const VDSO_GETCPU: Option<&str> = Some("__vdso_getcpu");
