//! The memory functions on x86 (x86_64, and i386 through `arch/x86/mem.rs`):
//! above [`REP_MIN`] bytes the string instructions copy and fill, as musl
//! does (`rep movs`, `rep stos`; below it their start-up cost exceeds a
//! word loop's whole run). `memcmp` and `strlen` are the generic ones.
//! Register names are the 32-bit ones, which name the same registers on
//! x86_64, so that both share this file.

use crate::rt::mem::generic;
use core::arch::asm;
use core::mem::size_of;
use core::ptr::{read_unaligned, write_unaligned};

pub(crate) use generic::compare;

/// From this size on, `rep movs`/`rep stos` beat the generic word loop
/// (measured with `.ci/membench`: at 64 bytes the word loop takes half the
/// time of musl's `rep movsq`).
const REP_MIN: usize = 256;

const W: usize = size_of::<usize>();

/// `rep movs` of `n / W` words, forwards (`back = false`) or backwards
/// from the last whole word (`back = true`, with the direction flag set
/// around it: the ABI requires it clear everywhere else).
///
/// # Safety
///
/// `dst` and `src` valid for `n` bytes (their ends, when `back`).
#[inline(always)]
unsafe fn movs(dst: *mut u8, src: *const u8, n: usize) {
    // SAFETY: copies `n / W` whole words inside the ranges.
    unsafe {
        if W == 8 {
            asm!("rep movsq", inout("ecx") n / W => _, inout("edi") dst => _,
                inout("esi") src => _, options(nostack, preserves_flags));
        } else {
            asm!("rep movsd", inout("ecx") n / W => _, inout("edi") dst => _,
                inout("esi") src => _, options(nostack, preserves_flags));
        }
    }
}

/// Bytes `0..n` of `src` to `dst`, forwards: also right for an
/// overlapping `memmove` with `dst` below `src`, since each word is read
/// before anything above it is written and the edge words are read first.
pub(crate) unsafe fn copy(dst: *mut u8, src: *const u8, n: usize) -> *mut u8 {
    if n < REP_MIN {
        // SAFETY: forwarded from the caller.
        return unsafe { generic::copy(dst, src, n) };
    }
    // SAFETY: `n >= REP_MIN > 2 * W`, so every access is inside the
    // ranges: the first and the last word are copied apart (read before
    // the string copy), and `rep movs` copies the words from the first
    // aligned destination word on.
    unsafe {
        let first = read_unaligned(src as *const usize);
        let last = read_unaligned(src.add(n - W) as *const usize);
        let skip = W - (dst as usize) % W;
        movs(dst.add(skip), src.add(skip), n - skip);
        write_unaligned(dst as *mut usize, first);
        write_unaligned(dst.add(n - W) as *mut usize, last);
    }
    dst
}

/// Bytes `0..n` of `src` to `dst`, backwards: for `memmove` with `dst`
/// above `src`.
pub(crate) unsafe fn copy_back(dst: *mut u8, src: *const u8, n: usize) -> *mut u8 {
    if n < REP_MIN {
        // SAFETY: forwarded from the caller.
        return unsafe { generic::copy_back(dst, src, n) };
    }
    // SAFETY: the words from the end down, then the first word (read
    // before anything was written); all inside the ranges as `n > W`.
    unsafe {
        let first = read_unaligned(src as *const usize);
        let (d, s) = (dst.add(n - W), src.add(n - W));
        if W == 8 {
            asm!("std", "rep movsq", "cld", inout("ecx") n / W => _, inout("edi") d => _,
                inout("esi") s => _, options(nostack));
        } else {
            asm!("std", "rep movsd", "cld", inout("ecx") n / W => _, inout("edi") d => _,
                inout("esi") s => _, options(nostack));
        }
        write_unaligned(dst as *mut usize, first);
    }
    dst
}

/// `n` bytes of `c` at `dst`.
pub(crate) unsafe fn set(dst: *mut u8, c: u8, n: usize) -> *mut u8 {
    if n < REP_MIN {
        // SAFETY: forwarded from the caller.
        return unsafe { generic::set(dst, c, n) };
    }
    let word = usize::from_ne_bytes([c; W]);
    // SAFETY: as in `copy`: aligned words by `rep stos`, the edges apart.
    unsafe {
        let skip = W - (dst as usize) % W;
        let d = dst.add(skip);
        if W == 8 {
            asm!("rep stosq", inout("ecx") (n - skip) / W => _, inout("edi") d => _,
                in("eax") word, options(nostack, preserves_flags));
        } else {
            asm!("rep stosd", inout("ecx") (n - skip) / W => _, inout("edi") d => _,
                in("eax") word, options(nostack, preserves_flags));
        }
        write_unaligned(dst as *mut usize, word);
        write_unaligned(dst.add(n - W) as *mut usize, word);
    }
    dst
}

// `strlen` stays the generic byte loop: the SSE2 loop (16 bytes a step,
// 2.5x faster than musl's at 64 KiB; commit "x86 strlen: compact SSE2 loop")
// adds 64 bytes to hello_nolibc, which must fit in 1 KiB.
pub(crate) use generic::strlen;
