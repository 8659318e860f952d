//! The time calls: through the vDSO when it has the function, else — and
//! whenever the vDSO function says it cannot answer — the system call.
//!
//! Which vDSO functions exist is the architecture's fact
//! (`arch/<arch>/abi.rs`, read here through [`slots`]); where one is
//! missing, the call falls back as the table says.
//!
//! | call              | vDSO function | without it |
//! |-------------------|---------------|------------|
//! | [`clock_gettime`] | `clock_gettime` (`clock_gettime64` on 32-bit) | the system call |
//! | [`clock_getres`]  | `clock_getres` | the system call |
//! | [`gettimeofday`]  | `gettimeofday` (64-bit only) | the system call; on 32-bit, `CLOCK_REALTIME` |
//! | [`time`]          | `time` (x86_64) | the seconds of `CLOCK_REALTIME_COARSE` |
//! | [`getcpu`]        | `getcpu` (x86, riscv64) | the system call |
//!
//! 32-bit architectures keep every result in 64-bit seconds: the `*64`
//! vDSO function and `clock_gettime64(2)` rather than the 32-bit forms,
//! which overflow in 2038 (the 32-bit `clock_gettime(2)` only on kernels
//! before 5.1, which answer `ENOSYS` to the 64-bit one). Their
//! `gettimeofday` and `time` have 32-bit seconds too, so there
//! [`gettimeofday`] is `CLOCK_REALTIME` — what the kernel's own
//! `gettimeofday` reads. [`time`] is everywhere but on x86_64's vDSO the
//! seconds of `CLOCK_REALTIME_COARSE`, where the kernel's `time` reads
//! them. Resolution values are tiny, so a 32-bit vDSO `clock_getres` is
//! used as is and widened.

use super::{ClockId, CpuLocation, DynamicClockId, Timespec, Timeval};
use crate::sysno::call;
use crate::vdso::{slots, Slot};
use crate::{syscall, Result, Sysno};
use core::mem::MaybeUninit;

/// The kernel's 32-bit `struct old_timespec32`, for 32-bit architectures'
/// 32-bit calls.
#[cfg(target_pointer_width = "32")]
#[derive(Clone, Copy)]
#[repr(C)]
struct OldTimespec {
    tv_sec: i32,
    tv_nsec: i32,
}

#[cfg(target_pointer_width = "32")]
static_assertions::assert_eq_size!(OldTimespec, [u32; 2]);
#[cfg(target_pointer_width = "32")]
static_assertions::assert_eq_align!(OldTimespec, u32);

#[cfg(target_pointer_width = "32")]
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
unsafe fn vdso_clock<T>(
    slot: Option<&Slot>,
    clock: i32,
    read: fn(&T) -> Timespec,
) -> Option<Timespec> {
    let addr = slot?.get()?;
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
#[cfg_attr(target_pointer_width = "64", allow(unused_variables))]
fn clock_fallback(nr64: Sysno, nr32: Sysno, clock: i32) -> Result<Timespec> {
    // SAFETY: `nr64` is clock_gettime/clock_getres(_time64), which write
    // one `__kernel_timespec`.
    let r = unsafe { clock_syscall::<Timespec>(nr64, clock) };
    #[cfg(target_pointer_width = "32")]
    if r == Err(crate::Errno::ENOSYS) {
        // SAFETY: `nr32` is the 32-bit form, writing one `old_timespec32`.
        return unsafe { clock_syscall::<OldTimespec>(nr32, clock) }.map(Timespec::from);
    }
    r
}

/// The vDSO's `clock_getres` fills a `struct timespec`: 32-bit seconds on
/// a 32-bit architecture.
#[cfg(target_pointer_width = "32")]
fn vdso_getres(clock: i32) -> Option<Timespec> {
    // SAFETY: the slot is the vDSO's clock_getres, which fills an
    // `old_timespec32` here.
    unsafe { vdso_clock::<OldTimespec>(slots::clock_getres(), clock, |t| Timespec::from(*t)) }
}

/// See the 32-bit definition: here its `struct timespec` is `Timespec`.
#[cfg(target_pointer_width = "64")]
#[inline(always)]
fn vdso_getres(clock: i32) -> Option<Timespec> {
    // SAFETY: the slot is the vDSO's clock_getres, which fills a 64-bit
    // `struct timespec`.
    unsafe { vdso_clock::<Timespec>(slots::clock_getres(), clock, read_fields) }
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
    // SAFETY: the slot is the vDSO's clock_gettime, which fills a
    // 64-bit-time `struct timespec` (on 32-bit: `clock_gettime64`).
    match unsafe { vdso_clock::<Timespec>(slots::clock_gettime(), clock, read_fields) } {
        Some(ts) => Ok(ts),
        None => clock_fallback(call::CLOCK_GETTIME, Sysno::clock_gettime, clock),
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
        None => clock_fallback(call::CLOCK_GETRES, Sysno::clock_getres, clock),
    }
}

/// `clock_gettime(2)` as a system call, never through the vDSO: for a
/// program that wants every read seen by the kernel (a seccomp policy,
/// auditing) without turning the vDSO off for good ([`crate::vdso::disable`]),
/// and as the reference the vDSO path is checked against.
///
/// # Errors
///
/// As [`clock_gettime`].
pub fn clock_gettime_syscall<'fd>(clock: impl Into<DynamicClockId<'fd>>) -> Result<Timespec> {
    clock_fallback(
        call::CLOCK_GETTIME,
        Sysno::clock_gettime,
        clock.into().raw(),
    )
}

/// `clock_getres(2)` as a system call, never through the vDSO (see
/// [`clock_gettime_syscall`]).
///
/// # Errors
///
/// As [`clock_getres`].
pub fn clock_getres_syscall<'fd>(clock: impl Into<DynamicClockId<'fd>>) -> Result<Timespec> {
    clock_fallback(call::CLOCK_GETRES, Sysno::clock_getres, clock.into().raw())
}

/// The wall-clock time in seconds and microseconds: `gettimeofday(2)`
/// without the obsolete time zone, through the vDSO where it has the
/// function; on 32-bit architectures, `CLOCK_REALTIME` through
/// [`clock_gettime`] (their `gettimeofday` overflows in 2038).
///
/// # Errors
///
/// None from the kernel in practice; whatever a seccomp filter says.
#[inline]
pub fn gettimeofday() -> Result<Timeval> {
    cfg_if::cfg_if! {
        if #[cfg(target_pointer_width = "32")] {
            clock_gettime(ClockId::REALTIME).map(|t| Timeval {
                tv_sec: t.tv_sec,
                tv_usec: t.tv_nsec / 1000,
            })
        } else {
            type Fn = unsafe extern "C" fn(*mut Timeval, *mut core::ffi::c_void) -> i32;
            let mut tv = MaybeUninit::<Timeval>::uninit();
            if let Some(addr) = slots::gettimeofday().and_then(Slot::get) {
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

/// The wall-clock time in whole seconds: `time(2)`, through the vDSO's
/// `time` where it has one (x86_64); otherwise the seconds of
/// `CLOCK_REALTIME_COARSE`, which is where the kernel's `time` reads them.
///
/// # Errors
///
/// None from the kernel in practice; whatever a seccomp filter says.
#[inline]
pub fn time() -> Result<i64> {
    if let Some(addr) = slots::time().and_then(Slot::get) {
        type Fn = unsafe extern "C" fn(*mut i64) -> i64;
        // SAFETY: the vDSO's time has this C signature (the vDSO has one
        // only where `time_t` is 64-bit); it cannot fail.
        let f = unsafe { core::mem::transmute::<usize, Fn>(addr) };
        // SAFETY: a NULL pointer asks for the return value only.
        return Ok(unsafe { f(core::ptr::null_mut()) });
    }
    clock_gettime(ClockId::REALTIME_COARSE).map(|t| t.tv_sec)
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
    if let Some(addr) = slots::getcpu().and_then(Slot::get) {
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
