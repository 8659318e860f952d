//! What a system call argument may be: [`SyscallArg`] is implemented for the types
//! that one register of the running architecture carries whole.
//!
//! [`syscall!`](crate::syscall) passes every argument through [`SyscallArg::reg`],
//! so a value that does not fit is a compile error rather than a silent
//! truncation: a `u64` file offset on a 32-bit target must be split into a
//! register pair (the offset-splitting call macro does that), and a float is
//! never an argument.

use crate::fd::BorrowedFd;
use crate::Sysno;

pub(crate) mod sealed {
    pub trait Sealed {}
}

/// A value that one register carries whole on this target; see the module
/// docs. Sealed: the crate decides what a register may hold.
///
/// ```compile_fail
/// # use sysgate::{syscall, Sysno};
/// // A float is no system call argument.
/// let _ = unsafe { syscall!(Sysno::close, 1.0f64) };
/// ```
///
/// ```compile_fail
/// # use sysgate::{syscall, Sysno};
/// // Neither is a value wider than every register.
/// let _ = unsafe { syscall!(Sysno::close, 1u128) };
/// ```
pub trait SyscallArg: sealed::Sealed + Copy {
    /// The register's value. Signed integers sign-extend, as the kernel
    /// expects of an `int` such as `AT_FDCWD`; unsigned ones zero-extend.
    fn reg(self) -> usize;
}

/// Implements [`SyscallArg`] for integers by a lossless `as` (the list names only
/// types no wider than the register).
macro_rules! int_args {
    ($($t:ty),*) => {$(
        impl sealed::Sealed for $t {}
        impl SyscallArg for $t {
            #[inline(always)]
            fn reg(self) -> usize {
                // Lossless: `$t` is no wider than usize (sign-extension for
                // the signed types is the kernel's convention).
                self as usize
            }
        }
    )*};
}

int_args!(usize, isize, u8, i8, u16, i16, u32, i32);
#[cfg(target_pointer_width = "64")]
int_args!(u64, i64);

impl sealed::Sealed for bool {}
impl SyscallArg for bool {
    #[inline(always)]
    fn reg(self) -> usize {
        usize::from(self)
    }
}

impl<T: ?Sized> sealed::Sealed for *const T {}
impl<T: ?Sized> SyscallArg for *const T {
    #[inline(always)]
    fn reg(self) -> usize {
        self.cast::<u8>() as usize
    }
}

impl<T: ?Sized> sealed::Sealed for *mut T {}
impl<T: ?Sized> SyscallArg for *mut T {
    #[inline(always)]
    fn reg(self) -> usize {
        self.cast::<u8>() as usize
    }
}

impl sealed::Sealed for BorrowedFd<'_> {}
impl SyscallArg for BorrowedFd<'_> {
    #[inline(always)]
    fn reg(self) -> usize {
        self.as_raw_fd().reg()
    }
}

impl sealed::Sealed for Sysno {}
impl SyscallArg for Sysno {
    #[inline(always)]
    fn reg(self) -> usize {
        self.number()
    }
}

/// Flag types declared with `crate::flags::bitflags!` pass their bits. Those
/// with 64-bit bits are struct fields, never arguments, on every target.
macro_rules! flag_arg {
    ($t:ident: u64) => {};
    ($t:ident: $bits:ident) => {
        impl $crate::raw::arg::sealed::Sealed for $t {}
        impl $crate::raw::SyscallArg for $t {
            #[inline(always)]
            fn reg(self) -> usize {
                $crate::raw::SyscallArg::reg(self.bits())
            }
        }
    };
}
pub(crate) use flag_arg;

#[cfg(target_pointer_width = "32")]
static_assertions::assert_not_impl_any!(u64: SyscallArg);
#[cfg(target_pointer_width = "32")]
static_assertions::assert_not_impl_any!(i64: SyscallArg);
static_assertions::assert_not_impl_any!(f32: SyscallArg);
static_assertions::assert_not_impl_any!(f64: SyscallArg);
static_assertions::assert_not_impl_any!(u128: SyscallArg);
