//! Shared by the time tests: raw system calls as the oracle, and a seccomp
//! filter that makes the time system calls fail with a telltale errno, so a
//! test can see whether a call entered the kernel.

#![allow(dead_code)]

pub use crate::common::under_qemu;
use sysgate::time::Timespec;
use sysgate::{syscall, Errno, Sysno};

/// The errno the filter answers with: no time call returns it otherwise.
pub const TELLTALE: Errno = Errno::EHWPOISON;

/// `clock_gettime` as a system call (64-bit time on every target), never
/// through the vDSO.
pub use sysgate::time::clock_gettime_syscall as raw_gettime;

/// `clock_getres` as a system call.
pub use sysgate::time::clock_getres_syscall as raw_getres;

/// `getcpu` as a bare system call: (cpu, node).
pub fn raw_getcpu() -> Result<(u32, u32), Errno> {
    let (mut cpu, mut node) = (0u32, 0u32);
    // SAFETY: the kernel writes one u32 to each pointer.
    unsafe {
        syscall!(
            Sysno::getcpu,
            &mut cpu as *mut u32,
            &mut node as *mut u32,
            0
        )
    }?;
    Ok((cpu, node))
}

/// Every system call a time function may make on this architecture.
pub fn time_syscalls() -> Vec<Sysno> {
    let common = [
        Sysno::clock_gettime,
        Sysno::clock_getres,
        Sysno::gettimeofday,
        Sysno::getcpu,
    ];
    #[cfg(target_arch = "x86")]
    let extra: &[Sysno] = &[
        Sysno::clock_gettime64,
        Sysno::clock_getres_time64,
        Sysno::time,
    ];
    #[cfg(target_arch = "x86_64")]
    let extra: &[Sysno] = &[Sysno::time];
    #[cfg(target_arch = "arm")]
    let extra: &[Sysno] = &[Sysno::clock_gettime64, Sysno::clock_getres_time64];
    #[cfg(target_arch = "powerpc64")]
    let extra: &[Sysno] = &[Sysno::time];
    #[cfg(not(any(
        target_arch = "x86",
        target_arch = "x86_64",
        target_arch = "arm",
        target_arch = "powerpc64"
    )))]
    let extra: &[Sysno] = &[];
    common.iter().chain(extra).copied().collect()
}

/// Installs, on the calling thread only, a seccomp filter under which every
/// call of `time_syscalls()` fails with [`TELLTALE`]. `Err` when the
/// platform refuses seccomp filters (qemu-user does, with `EINVAL`).
pub fn forbid_time_syscalls() -> Result<(), Errno> {
    use sysgate::seccomp::{self, Action, Filter, FilterFlags, NoNewPrivs, Rule, SockFilter};
    let mut rules: Vec<Rule> = time_syscalls()
        .into_iter()
        .map(|nr| Rule::new(nr, Action::errno(TELLTALE)))
        .collect();
    let filter = Filter::new(Action::Allow, &mut rules)?;
    let mut buf = [SockFilter::default(); 64];
    let program = filter.compile(&mut buf)?;
    // SAFETY: only time calls are refused; none of them is relied on not
    // to return.
    unsafe { seccomp::install(&program, FilterFlags::empty(), NoNewPrivs::Set) }?;
    Ok(())
}

/// Runs `f` on a new thread with [`forbid_time_syscalls`] in force, so the
/// filter dies with that thread. `false` (after saying why) when the
/// platform refuses the filter; any refusal but qemu-user's fails the test.
pub fn with_time_syscalls_forbidden(f: impl FnOnce() + Send + 'static) -> bool {
    let installed = std::thread::spawn(move || match forbid_time_syscalls() {
        Ok(()) => {
            f();
            Ok(())
        }
        Err(e) => Err(e),
    })
    .join()
    .expect("the filtered thread panicked");
    match installed {
        Ok(()) => true,
        Err(e) => {
            // qemu-user 10 answers EINVAL (it cannot hand a guest's filter
            // to the host); ENOSYS is a kernel built without seccomp.
            assert!(
                (e == Errno::EINVAL && under_qemu()) || e == Errno::ENOSYS,
                "installing a seccomp filter failed with {e}"
            );
            println!("SKIP seccomp check of the vDSO path: filters refused with {e}; cannot tell here whether a call entered the kernel");
            false
        }
    }
}

/// Nanoseconds of a Timespec, as i128.
pub fn ns(t: Timespec) -> i128 {
    t.tv_sec as i128 * 1_000_000_000 + t.tv_nsec as i128
}
