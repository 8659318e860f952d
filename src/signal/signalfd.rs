//! Signals read from an fd: `signalfd(2)`.

use crate::fd::{AsFd, OwnedFd};
use crate::{syscall, syscall_readonly, Result, Sysno};
use core::mem::{offset_of, size_of};
use static_assertions::{assert_eq_align, assert_eq_size, const_assert_eq};

use super::*;

crate::flags::bitflags! {
    /// Flags of [`signalfd`]; close-on-exec is always set.
    pub struct SfdFlags: i32 {
        /// `SFD_NONBLOCK`: reads fail with `EAGAIN` instead of waiting.
        const NONBLOCK = 0o4000;
        const _ = !0;
    }
}

/// `SFD_CLOEXEC` (= `O_CLOEXEC`).
const SFD_CLOEXEC: i32 = crate::base::fs::O_CLOEXEC as i32;

/// A new fd from which the signals in `mask` are read as
/// [`SignalfdSiginfo`] records (`signalfd4(2)`); block those signals first,
/// or they are delivered the usual way. Close-on-exec.
pub fn signalfd(mask: &SigSet, flags: SfdFlags) -> Result<OwnedFd> {
    // SAFETY: `mask` is a valid 8-byte set.
    let fd = unsafe {
        syscall_readonly!(
            Sysno::signalfd4,
            -1i32,
            mask as *const SigSet,
            SIGSET_SIZE,
            flags.bits() | SFD_CLOEXEC
        )
    }?;
    // SAFETY: the kernel returned a new fd that nothing else owns.
    Ok(unsafe { crate::raw::owned_fd(fd) })
}

/// Replaces the set of signals a signalfd reports (`signalfd4(2)` on an
/// existing fd). `EINVAL` if `fd` is not a signalfd.
pub fn signalfd_set_mask(fd: impl AsFd, mask: &SigSet) -> Result<()> {
    // SAFETY: `mask` is a valid 8-byte set; the kernel reuses `fd`.
    unsafe {
        syscall_readonly!(
            Sysno::signalfd4,
            fd.as_fd().as_raw_fd(),
            mask as *const SigSet,
            SIGSET_SIZE,
            0
        )
    }?;
    Ok(())
}

/// One record read from a [`signalfd`]: `struct signalfd_siginfo` (128 bytes).
#[derive(Clone, Copy, Debug)]
#[repr(C)]
pub struct SignalfdSiginfo {
    /// The signal number.
    pub signo: u32,
    /// An error number, usually 0.
    pub errno: i32,
    /// Why it was sent (`si_code`).
    pub code: i32,
    /// The sender's process id.
    pub pid: u32,
    /// The sender's real user id.
    pub uid: u32,
    /// The fd (`SIGIO`).
    pub fd: i32,
    /// The kernel timer id (POSIX timers).
    pub tid: u32,
    /// The band event (`SIGIO`).
    pub band: u32,
    /// The overrun count (POSIX timers).
    pub overrun: u32,
    /// The trap number that caused a hardware signal.
    pub trapno: u32,
    /// The exit status or signal (`SIGCHLD`).
    pub status: i32,
    /// The integer sent with `sigqueue`.
    pub int: i32,
    /// The pointer sent with `sigqueue`.
    pub ptr: u64,
    /// User CPU time consumed (`SIGCHLD`).
    pub utime: u64,
    /// System CPU time consumed (`SIGCHLD`).
    pub stime: u64,
    /// The faulting address (hardware signals).
    pub addr: u64,
    /// The least significant bit of the address (`SIGBUS`).
    pub addr_lsb: u16,
    _pad2: u16,
    /// The system call number (`SIGSYS`).
    pub syscall: i32,
    /// The address of the system call instruction (`SIGSYS`).
    pub call_addr: u64,
    /// The `AUDIT_ARCH_*` of the system call (`SIGSYS`).
    pub arch: u32,
    _pad: [u8; 28],
}

assert_eq_size!(SignalfdSiginfo, [u8; 128]);
assert_eq_align!(SignalfdSiginfo, u64);
const_assert_eq!(offset_of!(SignalfdSiginfo, ptr), 48);
const_assert_eq!(offset_of!(SignalfdSiginfo, addr_lsb), 80);
const_assert_eq!(offset_of!(SignalfdSiginfo, call_addr), 88);
const_assert_eq!(offset_of!(SignalfdSiginfo, arch), 96);

impl SignalfdSiginfo {
    /// The signal (`ssi_signo`); `None` for a number outside `1..=64`,
    /// which the kernel does not produce.
    #[inline]
    pub const fn signo(&self) -> Option<Signal> {
        if self.signo > i32::MAX as u32 {
            return None;
        }
        Signal::from_raw(self.signo as i32)
    }

    /// Why the signal was sent (`ssi_code`).
    #[inline]
    pub const fn code(&self) -> SiCode {
        SiCode(self.code)
    }
}

/// Reads as many pending signals as fit into `buf` from a signalfd
/// (`read(2)`); returns how many records were filled.
///
/// # Errors
///
/// `EAGAIN` on a non-blocking signalfd with nothing pending; `EINVAL` if
/// `buf` is empty.
pub fn read_signalfd(fd: impl AsFd, buf: &mut [SignalfdSiginfo]) -> Result<usize> {
    // SAFETY: `buf` is writable for its whole length; every bit pattern is
    // a valid `SignalfdSiginfo`.
    let n = unsafe {
        syscall!(
            Sysno::read,
            fd.as_fd().as_raw_fd(),
            buf.as_mut_ptr(),
            size_of_val(buf)
        )
    }?;
    Ok(n / size_of::<SignalfdSiginfo>())
}
