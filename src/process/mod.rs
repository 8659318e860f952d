//! Process basics: ids ([`getpid`], [`getuid`], …), sessions and process
//! groups, [`uname`], resource limits and usage, CPU affinity, `prctl(2)`,
//! and leaving ([`exit`], [`exit_group`]); the lifecycle of children
//! ([`fork`], [`vfork`], [`execve`], [`wait4`], [`waitid`]); namespaces
//! ([`unshare`], [`setns`]).

mod ids;
mod lifecycle;
mod limits;
mod namespace;
mod prctl;
mod prctl_calls;
mod sched;
pub use ids::*;
pub use lifecycle::*;
pub use limits::*;
pub use namespace::*;
pub use prctl::*;
pub use prctl_calls::*;
pub use sched::*;

pub(crate) use crate::base::ids::pid_or_self;
pub use crate::base::ids::{Gid, Pid, Uid};

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

use crate::{syscall, Sysno};
use static_assertions::{assert_eq_align, assert_eq_size};

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
