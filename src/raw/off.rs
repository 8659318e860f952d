//! System calls with 64-bit file offsets among their arguments. A 64-bit
//! architecture passes an offset in one register; a 32-bit one splits it
//! into a register pair, in the order of the architecture's endianness, and
//! some (32-bit arm) start the pair at an even register, leaving one unused
//! (`arch/<arch>/abi.rs`: `ALIGNED_PAIRS`).

/// Makes a system call whose arguments include 64-bit file offsets, written
/// `off(x)`: one register on 64-bit architectures, a register pair on
/// 32-bit ones (the kernel's `arg_u32p`/`SC_ARG64` convention, as in
/// `pread64`, `ftruncate64`, `fallocate`). `hilo(x)` is the `pos_l, pos_h`
/// pair of `preadv2(2)`, low word first everywhere, which 64-bit
/// architectures take as the offset and a zero.
#[cfg(target_pointer_width = "64")]
macro_rules! syscall_off {
    (@go [$($done:expr),*] $nr:expr;) => { $crate::syscall!($nr $(, $done)*) };
    (@go [$($done:expr),*] $nr:expr; off($o:expr) $(, $($rest:tt)+)?) => {
        $crate::raw::syscall_off!(@go [$($done,)* $o] $nr; $($($rest)+)?)
    };
    (@go [$($done:expr),*] $nr:expr; hilo($o:expr) $(, $($rest:tt)+)?) => {
        $crate::raw::syscall_off!(@go [$($done,)* $o, 0usize] $nr; $($($rest)+)?)
    };
    (@go [$($done:expr),*] $nr:expr; $a:expr $(, $($rest:tt)+)?) => {
        $crate::raw::syscall_off!(@go [$($done,)* $a] $nr; $($($rest)+)?)
    };
    ($nr:expr, $($args:tt)+) => { $crate::raw::syscall_off!(@go [] $nr; $($args)+) };
}

/// See the 64-bit definition. `even`/`odd` track the next register's
/// parity, so that an `off` at an odd register gets its padding where
/// the architecture aligns pairs (a constant: the other branch folds away).
#[cfg(target_pointer_width = "32")]
macro_rules! syscall_off {
    (@go [$($done:expr),*] $p:ident $nr:expr;) => { $crate::syscall!($nr $(, $done)*) };
    (@go [$($done:expr),*] odd $nr:expr; off($o:expr) $(, $($rest:tt)+)?) => {
        if $crate::arch::abi::ALIGNED_PAIRS {
            $crate::raw::syscall_off!(@go [$($done,)* 0usize, $crate::raw::off::first($o), $crate::raw::off::second($o)] even $nr; $($($rest)+)?)
        } else {
            $crate::raw::syscall_off!(@go [$($done,)* $crate::raw::off::first($o), $crate::raw::off::second($o)] odd $nr; $($($rest)+)?)
        }
    };
    (@go [$($done:expr),*] even $nr:expr; off($o:expr) $(, $($rest:tt)+)?) => {
        $crate::raw::syscall_off!(@go [$($done,)* $crate::raw::off::first($o), $crate::raw::off::second($o)] even $nr; $($($rest)+)?)
    };
    (@go [$($done:expr),*] $p:ident $nr:expr; hilo($o:expr) $(, $($rest:tt)+)?) => {
        $crate::raw::syscall_off!(@go [$($done,)* ($o) as u64 as u32, (($o) as u64 >> 32) as u32] $p $nr; $($($rest)+)?)
    };
    (@go [$($done:expr),*] even $nr:expr; $a:expr $(, $($rest:tt)+)?) => {
        $crate::raw::syscall_off!(@go [$($done,)* $a] odd $nr; $($($rest)+)?)
    };
    (@go [$($done:expr),*] odd $nr:expr; $a:expr $(, $($rest:tt)+)?) => {
        $crate::raw::syscall_off!(@go [$($done,)* $a] even $nr; $($($rest)+)?)
    };
    ($nr:expr, $($args:tt)+) => { $crate::raw::syscall_off!(@go [] even $nr; $($args)+) };
}
pub(crate) use syscall_off;

/// The word of a split offset that goes in the first register of the pair:
/// the low one on a little-endian architecture.
#[cfg(target_pointer_width = "32")]
#[inline(always)]
pub(crate) const fn first(o: u64) -> u32 {
    if cfg!(target_endian = "little") {
        o as u32
    } else {
        (o >> 32) as u32
    }
}

/// The other word of the pair.
#[cfg(target_pointer_width = "32")]
#[inline(always)]
pub(crate) const fn second(o: u64) -> u32 {
    if cfg!(target_endian = "little") {
        (o >> 32) as u32
    } else {
        o as u32
    }
}
