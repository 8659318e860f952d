//! Process basics: ids ([`getpid`], [`getuid`], …), sessions and process
//! groups, [`uname`], resource limits and usage, CPU affinity, `prctl(2)`,
//! and leaving ([`exit`], [`exit_group`]); the lifecycle of children
//! ([`fork`], [`vfork`], [`execve`], [`wait4`], [`waitid`]); namespaces
//! ([`unshare`], [`setns`]).

mod lifecycle;
mod namespace;
mod prctl;
pub use lifecycle::*;
pub use namespace::*;
pub use prctl::*;

use crate::path::Arg;
use crate::signal::Signal;
use crate::sysno::call;
use crate::time::OldTimeval;
use crate::{syscall, syscall_readonly, Errno, Result, Sysno};
use core::ffi::CStr;
use core::mem::{offset_of, size_of};
use static_assertions::{assert_eq_align, assert_eq_size, const_assert_eq};

/// A process (or thread) id: always positive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(transparent)]
pub struct Pid(i32);

impl Pid {
    /// The id of the first process of a pid namespace.
    pub const INIT: Pid = Pid(1);

    /// `Some` for a positive `raw`; `None` otherwise (0 and negative values
    /// mean other things to the calls that take them).
    #[inline]
    pub const fn from_raw(raw: i32) -> Option<Pid> {
        if raw > 0 {
            Some(Pid(raw))
        } else {
            None
        }
    }

    /// The number.
    #[inline]
    pub const fn as_raw(self) -> i32 {
        self.0
    }
}

/// Which processes [`kill`](crate::signal::kill) signals or [`wait4`]
/// waits for: the classic `pid_t` selector of those calls, typed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Target {
    /// `pid > 0`: this process (for [`wait4`], this child).
    Pid(Pid),
    /// `-pgid`, or `0` for `None`: every process in this process group, or
    /// in the caller's (for [`wait4`], every child in it). Group 1 cannot be
    /// named (`-1` means [`All`](Target::All)): `EINVAL`.
    Pgid(Option<Pid>),
    /// `-1`: every process the caller may signal (except init and itself),
    /// or for [`wait4`], any child.
    All,
}

impl Target {
    /// The raw `pid` argument; `EINVAL` for group 1.
    #[inline]
    pub(crate) fn raw(self) -> Result<i32> {
        match self {
            Target::Pid(pid) => Ok(pid.as_raw()),
            Target::Pgid(None) => Ok(0),
            Target::Pgid(Some(Pid::INIT)) => Err(Errno::EINVAL),
            Target::Pgid(Some(pgid)) => Ok(-pgid.as_raw()),
            Target::All => Ok(-1),
        }
    }
}

/// The raw pid argument for "this one, or the caller" (0).
#[inline(always)]
pub(crate) const fn pid_or_self(pid: Option<Pid>) -> i32 {
    match pid {
        Some(pid) => pid.as_raw(),
        None => 0,
    }
}

/// A user id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(transparent)]
pub struct Uid(u32);

/// A group id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(transparent)]
pub struct Gid(u32);

macro_rules! id_type {
    ($t:ident) => {
        impl $t {
            /// The superuser's (0).
            pub const ROOT: $t = $t(0);

            /// The id with this number (`u32::MAX` means "no change" to the
            /// calls that take ids, so avoid it).
            #[inline]
            pub const fn from_raw(raw: u32) -> $t {
                $t(raw)
            }

            /// The number.
            #[inline]
            pub const fn as_raw(self) -> u32 {
                self.0
            }
        }
    };
}
id_type!(Uid);
id_type!(Gid);

/// Calls that take nothing, cannot fail, and return an id.
macro_rules! id_calls {
    ($($(#[$doc:meta])* $name:ident -> $t:ident: $nr:expr;)*) => {$(
        $(#[$doc])*
        #[inline]
        pub fn $name() -> $t {
            // SAFETY: the call takes no arguments and cannot fail.
            $t(unsafe { crate::raw::syscall0_readonly($nr.number()) } as _)
        }
    )*};
}

id_calls! {
    /// The calling process's id (`getpid(2)`).
    getpid -> Pid: Sysno::getpid;
    /// The calling thread's id (`gettid(2)`); equals [`getpid`] on the main thread.
    gettid -> Pid: Sysno::gettid;
    /// The real user id (`getuid(2)`; `getuid32` where the architecture has 16-bit `getuid`).
    getuid -> Uid: call::GETUID;
    /// The effective user id (`geteuid(2)`; `geteuid32` where the architecture has 16-bit `geteuid`).
    geteuid -> Uid: call::GETEUID;
    /// The real group id (`getgid(2)`; `getgid32` where the architecture has 16-bit `getgid`).
    getgid -> Gid: call::GETGID;
    /// The effective group id (`getegid(2)`; `getegid32` where the architecture has 16-bit `getegid`).
    getegid -> Gid: call::GETEGID;
}

/// The parent's id (`getppid(2)`); `None` when the parent is outside the
/// caller's pid namespace (the kernel says 0).
#[inline]
pub fn getppid() -> Option<Pid> {
    // SAFETY: getppid takes no arguments and cannot fail.
    Pid::from_raw(unsafe { crate::raw::syscall0_readonly(Sysno::getppid as usize) } as i32)
}

/// Real, effective and saved ids, from [`getresuid`]/[`getresgid`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ResIds<T> {
    /// Real id.
    pub real: T,
    /// Effective id: what permission checks use.
    pub effective: T,
    /// Saved set-id.
    pub saved: T,
}

macro_rules! getres {
    ($(#[$doc:meta])* $name:ident -> $t:ident: $nr:expr) => {
        $(#[$doc])*
        #[inline]
        pub fn $name() -> ResIds<$t> {
            const NR: Sysno = $nr;
            let mut ids = [u32::MAX; 3];
            let [r, e, s] = ids.each_mut().map(|p| p as *mut u32);
            // SAFETY: the call writes three 32-bit ids. It cannot fail with
            // valid pointers; should it, the ids read as u32::MAX.
            let _ = unsafe { syscall!(NR, r, e, s) };
            ResIds { real: $t(ids[0]), effective: $t(ids[1]), saved: $t(ids[2]) }
        }
    };
}
getres!(
    /// The real, effective and saved user ids (`getresuid(2)`; `getresuid32` where there is a 16-bit one).
    getresuid -> Uid: call::GETRESUID
);
getres!(
    /// The real, effective and saved group ids (`getresgid(2)`; `getresgid32` where there is a 16-bit one).
    getresgid -> Gid: call::GETRESGID
);

/// Starts a new session and process group led by the caller (`setsid(2)`);
/// returns the session id (the caller's pid).
///
/// # Errors
///
/// `EPERM` when the caller already leads a process group.
#[inline]
pub fn setsid() -> Result<Pid> {
    // SAFETY: setsid takes no arguments.
    unsafe { syscall_readonly!(Sysno::setsid) }.map(|p| Pid(p as i32))
}

/// The process group of `pid`, or of the caller for `None` (`getpgid(2)`).
///
/// # Errors
///
/// `ESRCH` (no such process).
#[inline]
pub fn getpgid(pid: Option<Pid>) -> Result<Pid> {
    // SAFETY: getpgid takes an integer.
    unsafe { syscall_readonly!(Sysno::getpgid, pid_or_self(pid)) }.map(|p| Pid(p as i32))
}

/// Moves `pid` (the caller for `None`) into process group `pgid` (a new one
/// named after it for `None`) (`setpgid(2)`).
///
/// # Errors
///
/// `EPERM` (another session, or a session leader), `ESRCH` (not the caller
/// or its child), `EACCES` (a child that has execve'd).
#[inline]
pub fn setpgid(pid: Option<Pid>, pgid: Option<Pid>) -> Result<()> {
    // SAFETY: setpgid takes integers.
    unsafe { syscall_readonly!(Sysno::setpgid, pid_or_self(pid), pid_or_self(pgid)) }.map(drop)
}

/// What [`uname`] tells about the system: the kernel's `struct new_utsname`,
/// six 65-byte fields. Each accessor gives a field's bytes up to its NUL,
/// or all 65 if it has none (the kernel always writes one, but a value
/// built or copied elsewhere might not).
#[derive(Clone, Copy)]
#[repr(C)]
pub struct UtsName {
    fields: [[u8; UTS_LEN]; 6],
}
/// `__NEW_UTS_LEN + 1`: the size of each field, its NUL included.
const UTS_LEN: usize = 65;
assert_eq_size!(UtsName, [u8; 390]);
assert_eq_align!(UtsName, u8);

impl UtsName {
    fn field(&self, i: usize) -> &[u8] {
        let f = &self.fields[i];
        let end = f.iter().position(|&b| b == 0).unwrap_or(f.len());
        &f[..end]
    }

    /// The raw fields in kernel order (sysname, nodename, release, version,
    /// machine, domainname), NUL padding included.
    pub const fn as_raw(&self) -> &[[u8; UTS_LEN]; 6] {
        &self.fields
    }

    /// The kernel's name: `b"Linux"`.
    pub fn sysname(&self) -> &[u8] {
        self.field(0)
    }
    /// The host name (of the caller's UTS namespace).
    pub fn nodename(&self) -> &[u8] {
        self.field(1)
    }
    /// The kernel release, such as `b"6.8.0-45-generic"`.
    pub fn release(&self) -> &[u8] {
        self.field(2)
    }
    /// The kernel version string (build number and date).
    pub fn version(&self) -> &[u8] {
        self.field(3)
    }
    /// The machine, such as `b"x86_64"`, `b"aarch64"` (for i386 processes
    /// on a 64-bit kernel it varies with the personality).
    pub fn machine(&self) -> &[u8] {
        self.field(4)
    }
    /// The NIS domain name.
    pub fn domainname(&self) -> &[u8] {
        self.field(5)
    }
}

impl core::fmt::Debug for UtsName {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        /// A field shown as a string literal with non-ASCII bytes escaped.
        struct Bytes<'a>(&'a [u8]);
        impl core::fmt::Debug for Bytes<'_> {
            fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
                write!(f, "\"{}\"", self.0.escape_ascii())
            }
        }
        f.debug_struct("UtsName")
            .field("sysname", &Bytes(self.sysname()))
            .field("nodename", &Bytes(self.nodename()))
            .field("release", &Bytes(self.release()))
            .field("version", &Bytes(self.version()))
            .field("machine", &Bytes(self.machine()))
            .field("domainname", &Bytes(self.domainname()))
            .finish()
    }
}

/// The system's names (`uname(2)`; the `new_utsname` form everywhere).
#[inline]
pub fn uname() -> UtsName {
    let mut u = UtsName {
        fields: [[0; UTS_LEN]; 6],
    };
    // SAFETY: uname fills one struct new_utsname; it cannot fail with a
    // valid pointer (the zeroed value stands if it somehow did).
    let _ = unsafe { syscall!(Sysno::uname, &mut u as *mut UtsName) };
    u
}

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

/// `prctl(2)` with any option, raw.
///
/// # Safety
///
/// The arguments must be what `option` expects: pointers valid for what it
/// reads or writes. Some options change the process in ways the rest of the
/// program relies on (seccomp, capabilities, the memory map).
#[inline]
pub unsafe fn prctl(option: u32, a2: usize, a3: usize, a4: usize, a5: usize) -> Result<usize> {
    // SAFETY: forwarded from the caller.
    unsafe { syscall!(Sysno::prctl, option, a2, a3, a4, a5) }
}

/// A thread's name as [`get_name`] returns it: up to 15 bytes and a NUL.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct ThreadName([u8; 16]);

impl ThreadName {
    /// The name.
    pub fn as_c_str(&self) -> &CStr {
        CStr::from_bytes_until_nul(&self.0).unwrap_or(c"")
    }
}

impl core::fmt::Debug for ThreadName {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        core::fmt::Debug::fmt(self.as_c_str(), f)
    }
}

/// Names the calling thread (`prctl(2)` `PR_SET_NAME`; shows in
/// `/proc/self/task/*/comm`); the kernel keeps the first 15 bytes.
///
/// # Errors
///
/// `EINVAL` for an interior NUL (from the path argument); `EFAULT`.
#[inline]
pub fn set_name(name: impl Arg) -> Result<()> {
    name.with_c_str(|n| {
        // SAFETY: PR_SET_NAME reads up to 16 bytes of a NUL-terminated string.
        unsafe { prctl(PR_SET_NAME, n.as_ptr() as usize, 0, 0, 0) }.map(drop)
    })
}

/// The calling thread's name (`prctl(2)` `PR_GET_NAME`).
///
/// # Errors
///
/// `EFAULT` only.
#[inline]
pub fn get_name() -> Result<ThreadName> {
    let mut buf = [0u8; 16];
    // SAFETY: PR_GET_NAME writes 16 bytes.
    unsafe { prctl(PR_GET_NAME, buf.as_mut_ptr() as usize, 0, 0, 0) }?;
    Ok(ThreadName(buf))
}

/// Sets the no-new-privileges bit (`prctl(2)` `PR_SET_NO_NEW_PRIVS`):
/// `execve` will never grant privileges (set-id bits, file capabilities) to
/// this thread and its descendants. Irreversible; required before an
/// unprivileged seccomp filter.
///
/// # Errors
///
/// `EINVAL` on kernels before 3.5.
#[inline]
pub fn set_no_new_privs() -> Result<()> {
    // SAFETY: PR_SET_NO_NEW_PRIVS takes 1 and zeros.
    unsafe { prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) }.map(drop)
}

/// Whether a confining call (a seccomp filter, a Landlock domain) sets the
/// no-new-privileges bit first. The kernel requires the bit, or
/// `CAP_SYS_ADMIN`, for both; sysgate never sets it behind the caller's
/// back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum NoNewPrivs {
    /// Set it ([`set_no_new_privs`], irreversible), as an unprivileged
    /// thread requires.
    Set,
    /// Leave it as it is: the kernel then requires it to be set already, or
    /// `CAP_SYS_ADMIN`.
    AsIs,
}

impl NoNewPrivs {
    /// Sets the bit if asked to.
    pub(crate) fn apply(self) -> Result<()> {
        match self {
            NoNewPrivs::Set => set_no_new_privs(),
            NoNewPrivs::AsIs => Ok(()),
        }
    }
}

/// Whether the no-new-privileges bit is set (`PR_GET_NO_NEW_PRIVS`).
///
/// # Errors
///
/// `EINVAL` on kernels before 3.5.
#[inline]
pub fn get_no_new_privs() -> Result<bool> {
    // SAFETY: PR_GET_NO_NEW_PRIVS takes zeros and returns 0 or 1.
    unsafe { prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) }.map(|v| v != 0)
}

/// Asks for signal `sig` when the parent thread dies, or for nothing with
/// `None` (`prctl(2)` `PR_SET_PDEATHSIG`). Cleared in the child by `fork`,
/// and on executing a set-id program.
///
/// # Errors
///
/// None in practice ([`Signal`] is always a valid signal).
#[inline]
pub fn set_parent_death_signal(sig: Option<Signal>) -> Result<()> {
    let sig = sig.map_or(0, Signal::raw) as usize;
    // SAFETY: PR_SET_PDEATHSIG takes a signal number.
    unsafe { prctl(PR_SET_PDEATHSIG, sig, 0, 0, 0) }.map(drop)
}

/// The parent-death signal, `None` if none (`PR_GET_PDEATHSIG`).
///
/// # Errors
///
/// `EFAULT` only.
#[inline]
pub fn parent_death_signal() -> Result<Option<Signal>> {
    let mut sig: i32 = 0;
    // SAFETY: PR_GET_PDEATHSIG writes one int.
    unsafe { prctl(PR_GET_PDEATHSIG, &mut sig as *mut i32 as usize, 0, 0, 0) }?;
    Ok(Signal::from_raw(sig))
}

/// Whether a process can dump core and be ptrace-attached by its user.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dumpable {
    /// No (`SUID_DUMP_DISABLE`): core dumps off, `/proc/pid` owned by root.
    No,
    /// Yes (`SUID_DUMP_USER`), the default.
    User,
    /// Dumps readable by root only (`SUID_DUMP_ROOT`, set by the
    /// `suid_dumpable` sysctl; cannot be set with [`set_dumpable`]).
    Root,
}

/// Sets the dumpable attribute (`prctl(2)` `PR_SET_DUMPABLE`): `false`
/// hides the process from ptrace and core dumps — sandboxes holding secrets
/// do this.
///
/// # Errors
///
/// None in practice.
#[inline]
pub fn set_dumpable(dumpable: bool) -> Result<()> {
    // SAFETY: PR_SET_DUMPABLE takes 0 or 1.
    unsafe { prctl(PR_SET_DUMPABLE, dumpable as usize, 0, 0, 0) }.map(drop)
}

/// The dumpable attribute (`prctl(2)` `PR_GET_DUMPABLE`).
///
/// # Errors
///
/// `EINVAL` for a value this crate does not know (none exist today).
#[inline]
pub fn get_dumpable() -> Result<Dumpable> {
    // SAFETY: PR_GET_DUMPABLE takes no arguments.
    match unsafe { prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) }? {
        0 => Ok(Dumpable::No),
        1 => Ok(Dumpable::User),
        2 => Ok(Dumpable::Root),
        _ => Err(Errno::EINVAL),
    }
}

/// Ends the calling thread with status `code` (`exit(2)`); the process ends
/// with it only if it is the last thread. Nothing is flushed or unwound:
/// destructors do not run. To end the process, use [`exit_group`].
///
/// Unsafe because the thread's stack goes away with it while other
/// threads may still use data on it: a thread of
/// `std::thread::scope` that lends its locals to the scope's threads, or
/// any thread that lent a reference to its stack (or that holds a lock
/// guard, whose lock then stays held for good). Neither the compiler nor
/// the crate can see those borrows:
///
/// ```compile_fail,E0133
/// // Not inside `unsafe`: this does not compile.
/// sysgate::process::exit(0);
/// ```
///
/// # Safety
///
/// No other thread may use memory on the calling thread's stack, or
/// anything the calling thread's frames own, after this call: no borrow of
/// it may be alive. A thread created by a runtime (std's threads, the main
/// thread of a C program) also leaves that runtime's per-thread state
/// unreleased and its join handle waiting; that is a leak, not unsoundness,
/// unless the runtime documents otherwise.
#[inline]
pub unsafe fn exit(code: i32) -> ! {
    // SAFETY: exit ends the thread; nothing after it runs, and the caller
    // vouches that nothing borrows the thread's stack.
    unsafe { crate::raw::syscall1_noreturn(Sysno::exit as usize, code as usize) }
}

/// Ends the whole process, every thread, with status `code & 0xff`
/// (`exit_group(2)`). Nothing is flushed or unwound: buffered output of
/// std's `stdout` is lost, destructors and `atexit` handlers do not run.
#[inline]
pub fn exit_group(code: i32) -> ! {
    // SAFETY: exit_group ends the process; nothing after it runs.
    unsafe { crate::raw::syscall1_noreturn(Sysno::exit_group as usize, code as usize) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uts_field_without_nul_is_whole() {
        let mut u = UtsName {
            fields: [[0; UTS_LEN]; 6],
        };
        u.fields[1] = [b'n'; UTS_LEN];
        u.fields[2][..3].copy_from_slice(b"6.1");
        assert_eq!(u.nodename(), &[b'n'; UTS_LEN][..]);
        assert_eq!(u.release(), b"6.1");
        assert_eq!(u.sysname(), b"");
    }
}
