//! The time calls: through the vDSO when it has the function, else — and
//! whenever the vDSO function says it cannot answer — the system call.
//!
//! | call              | x86_64 | i386                        | aarch64 | riscv64 |
//! |-------------------|--------|-----------------------------|---------|---------|
//! | [`clock_gettime`] | vDSO   | vDSO (`clock_gettime64`)    | vDSO    | vDSO    |
//! | [`clock_getres`]  | vDSO   | vDSO                        | vDSO    | vDSO    |
//! | [`gettimeofday`]  | vDSO   | via [`clock_gettime`]       | vDSO    | vDSO    |
//! | [`time`]          | vDSO   | via [`clock_gettime`]       | via [`clock_gettime`] | via [`clock_gettime`] |
//! | [`getcpu`]        | vDSO   | vDSO                        | syscall | vDSO    |
//!
//! i386 keeps every result in 64-bit seconds: `__vdso_clock_gettime64` and
//! `clock_gettime64(2)` rather than the 32-bit forms, which overflow in
//! 2038 (the 32-bit `clock_gettime(2)` only on kernels before 5.1, which
//! answer `ENOSYS` to the 64-bit one). Its vDSO `gettimeofday` and `time`,
//! and the system calls behind them, have 32-bit seconds too, so there
//! [`gettimeofday`] is `CLOCK_REALTIME` and [`time`] is the seconds of
//! `CLOCK_REALTIME_COARSE` — the same values the kernel's own `time` and
//! `gettimeofday` give. aarch64 and riscv64 have no `time` call at all.
//! Resolution values are tiny, so i386's 32-bit `__vdso_clock_getres` is
//! used as is and widened.

use super::{CpuLocation, DynamicClockId, Timespec, Timeval};
use crate::vdso::Slot;
use crate::{syscall, Result, Sysno};
use core::mem::MaybeUninit;

/// Declares this architecture's vDSO functions as cached slots, and the
/// list of them that [`crate::vdso::init`] fills.
macro_rules! vdso_functions {
    ($version:literal; $($slot:ident = $name:literal),* $(,)?) => {
        $(static $slot: Slot = Slot::new($name, $version);)*
        /// Every vDSO function the time calls use on this architecture.
        pub(crate) static VDSO_SLOTS: &[&Slot] = &[$(&$slot),*];
    };
}

cfg_if::cfg_if! {
    if #[cfg(target_arch = "x86_64")] {
        vdso_functions!("LINUX_2.6";
            CLOCK_GETTIME = "__vdso_clock_gettime",
            CLOCK_GETRES = "__vdso_clock_getres",
            GETTIMEOFDAY = "__vdso_gettimeofday",
            TIME = "__vdso_time",
            GETCPU = "__vdso_getcpu",
        );
    } else if #[cfg(target_arch = "x86")] {
        vdso_functions!("LINUX_2.6";
            CLOCK_GETTIME = "__vdso_clock_gettime64",
            CLOCK_GETRES = "__vdso_clock_getres",
            GETCPU = "__vdso_getcpu",
        );
    } else if #[cfg(target_arch = "aarch64")] {
        vdso_functions!("LINUX_2.6.39";
            CLOCK_GETTIME = "__kernel_clock_gettime",
            CLOCK_GETRES = "__kernel_clock_getres",
            GETTIMEOFDAY = "__kernel_gettimeofday",
        );
    } else if #[cfg(target_arch = "riscv64")] {
        vdso_functions!("LINUX_4.15";
            CLOCK_GETTIME = "__vdso_clock_gettime",
            CLOCK_GETRES = "__vdso_clock_getres",
            GETTIMEOFDAY = "__vdso_gettimeofday",
            GETCPU = "__vdso_getcpu",
        );
    }
}

/// The kernel's 32-bit `struct old_timespec32`, for i386's 32-bit calls.
#[cfg(target_arch = "x86")]
#[derive(Clone, Copy)]
#[repr(C)]
struct OldTimespec {
    tv_sec: i32,
    tv_nsec: i32,
}

#[cfg(target_arch = "x86")]
static_assertions::assert_eq_size!(OldTimespec, [u32; 2]);

#[cfg(target_arch = "x86")]
impl From<OldTimespec> for Timespec {
    fn from(t: OldTimespec) -> Self {
        Timespec {
            tv_sec: t.tv_sec.into(),
            tv_nsec: t.tv_nsec.into(),
        }
    }
}

/// `int f(clockid_t, T *)`: the vDSO's `clock_gettime` and `clock_getres`.
type ClockFn<T> = unsafe extern "C" fn(i32, *mut T) -> i32;

/// Calls the clock function cached in `slot` and reads what it wrote with
/// `read`; `Some` when it answered (returned 0), `None` when the vDSO has
/// no such function or it returned an error (such as `-EINVAL` for a clock
/// it does not serve).
///
/// # Safety
///
/// `slot` must name a vDSO function of type [`ClockFn<T>`] that fills its
/// `T` when it returns 0.
#[inline(always)]
unsafe fn vdso_clock<T>(slot: &Slot, clock: i32, read: fn(&T) -> Timespec) -> Option<Timespec> {
    let addr = slot.get()?;
    // SAFETY: the address is the function the caller names, found in the
    // vDSO with the C signature `ClockFn<T>`.
    let f = unsafe { core::mem::transmute::<usize, ClockFn<T>>(addr) };
    let mut out = MaybeUninit::<T>::uninit();
    // SAFETY: `out` is valid for writes of a `T`, which the function fills
    // when it returns 0.
    unsafe { (f(clock, out.as_mut_ptr()) == 0).then(|| read(out.assume_init_ref())) }
}

/// Reads a `Timespec` the vDSO just wrote, one field at a time. The vDSO
/// stores the two fields separately; copying them out with one 16-byte
/// load, as the compiler otherwise does, waits for both stores to retire
/// (a failed store-to-load forward, about 5 ns on x86_64).
#[inline(always)]
fn read_fields(t: &Timespec) -> Timespec {
    // SAFETY: both fields are valid, initialized and aligned (`t` is a
    // reference); volatile keeps the two loads apart.
    unsafe {
        Timespec {
            tv_sec: core::ptr::read_volatile(&t.tv_sec),
            tv_nsec: core::ptr::read_volatile(&t.tv_nsec),
        }
    }
}

/// System call `nr` of the form `int nr(clockid_t, T *)`.
///
/// # Safety
///
/// `nr` must write one `T` through its second argument on success.
unsafe fn clock_syscall<T>(nr: Sysno, clock: i32) -> Result<T> {
    let mut out = MaybeUninit::<T>::uninit();
    // SAFETY: the kernel writes one `T` to `out` (caller's guarantee).
    unsafe {
        syscall!(nr, clock, out.as_mut_ptr())?;
        Ok(out.assume_init())
    }
}

/// A clock call by system call: the 64-bit-time form, and on i386 the
/// 32-bit form when the kernel lacks the other (before 5.1).
#[cfg_attr(not(target_arch = "x86"), allow(unused_variables))]
fn clock_fallback(nr64: Sysno, nr32: Sysno, clock: i32) -> Result<Timespec> {
    // SAFETY: `nr64` is clock_gettime/clock_getres(_time64), which write
    // one `__kernel_timespec`.
    let r = unsafe { clock_syscall::<Timespec>(nr64, clock) };
    #[cfg(target_arch = "x86")]
    if r == Err(crate::Errno::ENOSYS) {
        // SAFETY: `nr32` is the 32-bit form, writing one `old_timespec32`.
        return unsafe { clock_syscall::<OldTimespec>(nr32, clock) }.map(Timespec::from);
    }
    r
}

cfg_if::cfg_if! {
    if #[cfg(target_arch = "x86")] {
        const CLOCK_GETTIME_NR: (Sysno, Sysno) = (Sysno::clock_gettime64, Sysno::clock_gettime);
        const CLOCK_GETRES_NR: (Sysno, Sysno) = (Sysno::clock_getres_time64, Sysno::clock_getres);
        /// i386's `__vdso_clock_getres` fills a 32-bit `timespec`.
        fn vdso_getres(clock: i32) -> Option<Timespec> {
            // SAFETY: CLOCK_GETRES is `__vdso_clock_getres`, which fills an
            // `old_timespec32`.
            unsafe { vdso_clock::<OldTimespec>(&CLOCK_GETRES, clock, |t| Timespec::from(*t)) }
        }
    } else {
        const CLOCK_GETTIME_NR: (Sysno, Sysno) = (Sysno::clock_gettime, Sysno::clock_gettime);
        const CLOCK_GETRES_NR: (Sysno, Sysno) = (Sysno::clock_getres, Sysno::clock_getres);
        /// The vDSO's `clock_getres` fills a `struct timespec` = `Timespec`.
        #[inline(always)]
        fn vdso_getres(clock: i32) -> Option<Timespec> {
            // SAFETY: CLOCK_GETRES is the vDSO's clock_getres, which fills
            // a 64-bit `struct timespec`.
            unsafe { vdso_clock::<Timespec>(&CLOCK_GETRES, clock, read_fields) }
        }
    }
}

/// The time of `clock`: `clock_gettime(2)`, through the vDSO when it
/// serves that clock (the common clocks, with no kernel entry), else the
/// system call.
///
/// # Errors
///
/// `EINVAL` for a clock the kernel does not know (or a CPU-time clock
/// whose process or thread is gone, or an fd that is no clock);
/// whatever a seccomp filter says.
#[inline]
pub fn clock_gettime<'fd>(clock: impl Into<DynamicClockId<'fd>>) -> Result<Timespec> {
    let clock = clock.into().raw();
    // SAFETY: CLOCK_GETTIME is the vDSO's clock_gettime, which fills a
    // 64-bit-time `struct timespec` (i386: `__vdso_clock_gettime64`).
    match unsafe { vdso_clock::<Timespec>(&CLOCK_GETTIME, clock, read_fields) } {
        Some(ts) => Ok(ts),
        None => clock_fallback(CLOCK_GETTIME_NR.0, CLOCK_GETTIME_NR.1, clock),
    }
}

/// The resolution of `clock`: `clock_getres(2)`, through the vDSO when it
/// serves that clock, else the system call.
///
/// # Errors
///
/// `EINVAL` for a clock the kernel does not know.
#[inline]
pub fn clock_getres<'fd>(clock: impl Into<DynamicClockId<'fd>>) -> Result<Timespec> {
    let clock = clock.into().raw();
    match vdso_getres(clock) {
        Some(ts) => Ok(ts),
        None => clock_fallback(CLOCK_GETRES_NR.0, CLOCK_GETRES_NR.1, clock),
    }
}

/// The wall-clock time in seconds and microseconds: `gettimeofday(2)`
/// without the obsolete time zone, through the vDSO where it has the
/// function; on i386, `CLOCK_REALTIME` through [`clock_gettime`] (the
/// 32-bit call overflows in 2038).
///
/// # Errors
///
/// None from the kernel in practice; whatever a seccomp filter says.
#[inline]
pub fn gettimeofday() -> Result<Timeval> {
    cfg_if::cfg_if! {
        if #[cfg(target_arch = "x86")] {
            clock_gettime(super::ClockId::REALTIME).map(|t| Timeval {
                tv_sec: t.tv_sec,
                tv_usec: t.tv_nsec / 1000,
            })
        } else {
            type Fn = unsafe extern "C" fn(*mut Timeval, *mut core::ffi::c_void) -> i32;
            let mut tv = MaybeUninit::<Timeval>::uninit();
            if let Some(addr) = GETTIMEOFDAY.get() {
                // SAFETY: the vDSO's gettimeofday has this C signature; on
                // 64-bit architectures its `struct timeval` is `Timeval`.
                let f = unsafe { core::mem::transmute::<usize, Fn>(addr) };
                // SAFETY: `tv` is valid for writes; a NULL zone is allowed.
                if unsafe { f(tv.as_mut_ptr(), core::ptr::null_mut()) } == 0 {
                    // SAFETY: filled on success; read field by field, as
                    // in `read_fields`.
                    return Ok(unsafe {
                        let tv = tv.assume_init_ref();
                        Timeval {
                            tv_sec: core::ptr::read_volatile(&tv.tv_sec),
                            tv_usec: core::ptr::read_volatile(&tv.tv_usec),
                        }
                    });
                }
            }
            // SAFETY: the kernel writes one `struct timeval` (= `Timeval`
            // here) to `tv`; a NULL zone is allowed.
            unsafe {
                syscall!(Sysno::gettimeofday, tv.as_mut_ptr(), 0)?;
                Ok(tv.assume_init())
            }
        }
    }
}

/// The wall-clock time in whole seconds: `time(2)`. On x86_64 through the
/// vDSO's `time` (or the system call); elsewhere the seconds of
/// `CLOCK_REALTIME_COARSE`, which is where the kernel's `time` reads them.
///
/// # Errors
///
/// None from the kernel in practice; whatever a seccomp filter says.
#[inline]
pub fn time() -> Result<i64> {
    cfg_if::cfg_if! {
        if #[cfg(target_arch = "x86_64")] {
            if let Some(addr) = TIME.get() {
                type Fn = unsafe extern "C" fn(*mut i64) -> i64;
                // SAFETY: the vDSO's time has this C signature (`time_t`
                // is 64-bit here); it cannot fail.
                let f = unsafe { core::mem::transmute::<usize, Fn>(addr) };
                // SAFETY: a NULL pointer asks for the return value only.
                return Ok(unsafe { f(core::ptr::null_mut()) });
            }
            // SAFETY: with a NULL pointer time writes no memory.
            unsafe { crate::syscall_readonly!(Sysno::time, 0) }.map(|t| t as i64)
        } else {
            clock_gettime(super::ClockId::REALTIME_COARSE).map(|t| t.tv_sec)
        }
    }
}

/// The CPU and NUMA node the calling thread is running on: `getcpu(2)`,
/// through the vDSO where it has the function (x86, riscv64). The answer
/// may be stale as soon as it is returned, unless the thread is pinned.
///
/// # Errors
///
/// None from the kernel in practice; whatever a seccomp filter says.
#[inline]
pub fn getcpu() -> Result<CpuLocation> {
    let (mut cpu, mut node) = (0u32, 0u32);
    #[cfg(any(target_arch = "x86_64", target_arch = "x86", target_arch = "riscv64"))]
    if let Some(addr) = GETCPU.get() {
        type Fn =
            unsafe extern "C" fn(*mut u32, *mut u32, *mut core::ffi::c_void) -> core::ffi::c_long;
        // SAFETY: the vDSO's getcpu has this C signature.
        let f = unsafe { core::mem::transmute::<usize, Fn>(addr) };
        // SAFETY: both pointers are valid for writes; the cache is unused.
        if unsafe { f(&mut cpu, &mut node, core::ptr::null_mut()) } == 0 {
            return Ok(CpuLocation { cpu, node });
        }
    }
    // SAFETY: the kernel writes one `unsigned` to each pointer.
    unsafe {
        syscall!(
            Sysno::getcpu,
            &mut cpu as *mut u32,
            &mut node as *mut u32,
            0
        )
    }?;
    Ok(CpuLocation { cpu, node })
}
