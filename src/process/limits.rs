//! Resource limits (`prlimit(2)`) and usage (`getrusage(2)`).

use crate::base::time::OldTimeval;
use crate::{syscall, Result, Sysno};
use core::mem::{offset_of, size_of};
use static_assertions::{assert_eq_align, assert_eq_size, const_assert_eq};

use super::*;

/// A resource limit: the kernel's `struct rlimit64`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct Rlimit {
    /// The soft limit, which the kernel enforces; the process may raise it
    /// up to `rlim_max`.
    pub rlim_cur: u64,
    /// The hard limit, the ceiling for `rlim_cur`.
    pub rlim_max: u64,
}
assert_eq_size!(Rlimit, [u64; 2]);
assert_eq_align!(Rlimit, u64);
const_assert_eq!(offset_of!(Rlimit, rlim_max), 8);

/// No limit, in a [`Rlimit`] field.
pub const RLIM_INFINITY: u64 = u64::MAX;

/// A limited resource (`RLIMIT_*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(u32)]
pub enum Resource {
    /// CPU time, seconds.
    Cpu = 0,
    /// File size, bytes.
    Fsize = 1,
    /// Data segment size, bytes.
    Data = 2,
    /// Stack size, bytes.
    Stack = 3,
    /// Core file size, bytes.
    Core = 4,
    /// Resident set size (unused).
    Rss = 5,
    /// Processes of the real user id.
    Nproc = 6,
    /// One more than the largest fd number.
    Nofile = 7,
    /// Locked memory, bytes.
    Memlock = 8,
    /// Address space, bytes.
    As = 9,
    /// File locks.
    Locks = 10,
    /// Queued signals.
    Sigpending = 11,
    /// POSIX message queue bytes.
    Msgqueue = 12,
    /// Nice ceiling, as `20 - rlim_cur`.
    Nice = 13,
    /// Real-time priority ceiling.
    Rtprio = 14,
    /// Real-time CPU time without a blocking call, microseconds.
    Rttime = 15,
}

/// Gets, and with `new` sets, a resource limit of `pid` (the caller for
/// `None`) (`prlimit64(2)`); returns the limit before any change.
///
/// # Errors
///
/// `EINVAL` (`rlim_cur > rlim_max`), `EPERM` (raising the hard limit
/// without `CAP_SYS_RESOURCE`, or another user's process), `ESRCH`.
#[inline]
pub fn prlimit(pid: Option<Pid>, resource: Resource, new: Option<&Rlimit>) -> Result<Rlimit> {
    let mut old = Rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    let new = new.map_or(core::ptr::null(), |n| n as *const Rlimit);
    // SAFETY: `new` is null or a valid rlimit64; `old` receives one.
    unsafe {
        syscall!(
            Sysno::prlimit64,
            pid_or_self(pid),
            resource as u32,
            new,
            &mut old as *mut Rlimit
        )
    }?;
    Ok(old)
}

/// The caller's limit on `resource` (`getrlimit(2)`, through `prlimit64`).
///
/// # Errors
///
/// `EINVAL` for an unknown resource (not possible with [`Resource`]).
#[inline]
pub fn getrlimit(resource: Resource) -> Result<Rlimit> {
    prlimit(None, resource, None)
}

/// Sets the caller's limit on `resource` (`setrlimit(2)`, through `prlimit64`).
///
/// # Errors
///
/// `EINVAL` (`rlim_cur > rlim_max`), `EPERM` (raising the hard limit).
#[inline]
pub fn setrlimit(resource: Resource, limit: Rlimit) -> Result<()> {
    prlimit(None, resource, Some(&limit)).map(drop)
}

/// Resource usage from [`getrusage`]: the kernel's `struct rusage`. Linux
/// fills the times, `ru_maxrss` (KiB), the fault, block I/O and context
/// switch counts; the other fields stay 0.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[repr(C)]
#[allow(missing_docs)]
pub struct Rusage {
    /// User CPU time.
    pub ru_utime: OldTimeval,
    /// System CPU time.
    pub ru_stime: OldTimeval,
    /// Peak resident set, KiB.
    pub ru_maxrss: isize,
    pub ru_ixrss: isize,
    pub ru_idrss: isize,
    pub ru_isrss: isize,
    /// Page faults without I/O.
    pub ru_minflt: isize,
    /// Page faults with I/O.
    pub ru_majflt: isize,
    pub ru_nswap: isize,
    /// Blocks read from filesystems.
    pub ru_inblock: isize,
    /// Blocks written to filesystems.
    pub ru_oublock: isize,
    pub ru_msgsnd: isize,
    pub ru_msgrcv: isize,
    pub ru_nsignals: isize,
    /// Voluntary context switches.
    pub ru_nvcsw: isize,
    /// Involuntary context switches.
    pub ru_nivcsw: isize,
}
assert_eq_size!(Rusage, [usize; 18]);
assert_eq_align!(Rusage, usize);
const_assert_eq!(offset_of!(Rusage, ru_maxrss), 4 * size_of::<usize>());
const_assert_eq!(offset_of!(Rusage, ru_nivcsw), 17 * size_of::<usize>());

/// Whose usage [`getrusage`] reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[repr(i32)]
pub enum RusageWho {
    /// All threads of the process (`RUSAGE_SELF`).
    Process = 0,
    /// Terminated and waited-for children (`RUSAGE_CHILDREN`).
    Children = -1,
    /// The calling thread (`RUSAGE_THREAD`).
    Thread = 1,
}

/// Resource usage (`getrusage(2)`).
///
/// # Errors
///
/// None in practice (`EINVAL` is for unknown `who`, which [`RusageWho`] excludes).
#[inline]
pub fn getrusage(who: RusageWho) -> Result<Rusage> {
    let mut r = Rusage::default();
    // SAFETY: getrusage fills one struct rusage.
    unsafe { syscall!(Sysno::getrusage, who as i32, &mut r as *mut Rusage) }?;
    Ok(r)
}
