//! Scheduling: `sched_yield(2)` and CPU affinity.

use crate::{syscall, syscall_readonly, Result, Sysno};
use core::mem::size_of;
use static_assertions::{assert_eq_align, assert_eq_size};

use super::*;

/// Gives up the CPU to other runnable threads (`sched_yield(2)`; never fails).
#[inline]
pub fn sched_yield() {
    // SAFETY: sched_yield takes no arguments and cannot fail.
    let _ = unsafe { syscall_readonly!(Sysno::sched_yield) };
}

/// The number of CPUs a [`CpuSet`] can name (`CPU_SETSIZE`).
pub const CPU_SETSIZE: usize = 1024;

/// A set of CPUs (`cpu_set_t`): a bit mask in the kernel's layout of
/// `unsigned long` words.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct CpuSet {
    bits: [usize; CPU_SETSIZE / usize::BITS as usize],
}
assert_eq_size!(CpuSet, [u8; CPU_SETSIZE / 8]);
assert_eq_align!(CpuSet, usize);

impl Default for CpuSet {
    fn default() -> Self {
        Self::new()
    }
}

impl CpuSet {
    const WORD: usize = usize::BITS as usize;

    /// The empty set.
    #[inline]
    pub const fn new() -> Self {
        CpuSet {
            bits: [0; CPU_SETSIZE / usize::BITS as usize],
        }
    }

    /// Adds `cpu` (ignored from [`CPU_SETSIZE`] on).
    #[inline]
    pub fn set(&mut self, cpu: usize) {
        if let Some(w) = self.bits.get_mut(cpu / Self::WORD) {
            *w |= 1 << (cpu % Self::WORD);
        }
    }

    /// Removes `cpu`.
    #[inline]
    pub fn unset(&mut self, cpu: usize) {
        if let Some(w) = self.bits.get_mut(cpu / Self::WORD) {
            *w &= !(1 << (cpu % Self::WORD));
        }
    }

    /// Whether `cpu` is in the set.
    #[inline]
    pub fn is_set(&self, cpu: usize) -> bool {
        self.bits
            .get(cpu / Self::WORD)
            .is_some_and(|w| w & (1 << (cpu % Self::WORD)) != 0)
    }

    /// How many CPUs are in the set.
    #[inline]
    pub fn count(&self) -> usize {
        self.bits.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// The CPUs in the set, in increasing order.
    pub fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        (0..CPU_SETSIZE).filter(|&c| self.is_set(c))
    }
}

impl core::fmt::Debug for CpuSet {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

/// The CPUs thread `pid` (the caller for `None`) may run on
/// (`sched_getaffinity(2)`).
///
/// # Errors
///
/// `ESRCH` (no such thread), `EINVAL` (a machine with more than
/// [`CPU_SETSIZE`] possible CPUs).
#[inline]
pub fn sched_getaffinity(pid: Option<Pid>) -> Result<CpuSet> {
    let mut set = CpuSet::new();
    // SAFETY: the kernel writes at most size_of::<CpuSet>() bytes.
    unsafe {
        syscall!(
            Sysno::sched_getaffinity,
            pid_or_self(pid),
            size_of::<CpuSet>(),
            &mut set as *mut CpuSet
        )
    }?;
    Ok(set)
}

/// Restricts thread `pid` (the caller for `None`) to the CPUs in `set`
/// (`sched_setaffinity(2)`).
///
/// # Errors
///
/// `EINVAL` (no allowed, online CPU in `set`), `EPERM` (another user's
/// thread), `ESRCH`.
#[inline]
pub fn sched_setaffinity(pid: Option<Pid>, set: &CpuSet) -> Result<()> {
    // SAFETY: the kernel reads size_of::<CpuSet>() bytes.
    unsafe {
        syscall_readonly!(
            Sysno::sched_setaffinity,
            pid_or_self(pid),
            size_of::<CpuSet>(),
            set as *const CpuSet
        )
    }
    .map(drop)
}
