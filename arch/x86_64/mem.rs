//! The memory functions on x86 (x86_64, and i386 through `arch/x86/mem.rs`):
//! from [`REP_MIN`] bytes on the string instructions copy and fill, as musl
//! does (`rep movs`, `rep stos`; below it their start-up cost exceeds a
//! loop's whole run); from 16 bytes, loops of unaligned 16-byte SSE2 moves
//! (in the baseline of x86_64 and of Rust's i686 targets; without SSE2 the
//! generic word loops); below that the generic ones. `strlen` tests 16
//! bytes a step with SSE2 (a word a step without). `memcmp` is the generic
//! one. Only `movs` and `stos` differ between the two (word size,
//! registers).

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

/// From this size on, the 16-byte SSE2 loops (`blocks_*`) run.
#[cfg(target_feature = "sse2")]
const BLOCKS_MIN: usize = 16;
#[cfg(not(target_feature = "sse2"))]
const BLOCKS_MIN: usize = REP_MIN;
#[cfg(not(target_feature = "sse2"))]
use generic::{copy as blocks_copy, copy_back as blocks_copy_back, set as blocks_set};

/// `rep movs` of `words` words from `src` to `dst`: forwards, or with
/// `BACK` downwards from those addresses (with the direction flag set
/// around it: the ABI requires it clear everywhere else).
///
/// # Safety
///
/// The words must be valid to read and write.
#[cfg(target_pointer_width = "64")]
#[inline(always)]
unsafe fn movs<const BACK: bool>(dst: *mut u8, src: *const u8, words: usize) {
    // SAFETY: the caller's.
    unsafe {
        if BACK {
            asm!("std", "rep movsq", "cld", inout("rcx") words => _, inout("rdi") dst => _,
                inout("rsi") src => _, options(nostack));
        } else {
            asm!("rep movsq", inout("rcx") words => _, inout("rdi") dst => _,
                inout("rsi") src => _, options(nostack, preserves_flags));
        }
    }
}

/// `rep stos` of `words` copies of `word` at `dst`.
///
/// # Safety
///
/// The words must be valid to write.
#[cfg(target_pointer_width = "64")]
#[inline(always)]
unsafe fn stos(dst: *mut u8, word: usize, words: usize) {
    // SAFETY: the caller's.
    unsafe {
        asm!("rep stosq", inout("rcx") words => _, inout("rdi") dst => _, in("rax") word,
            options(nostack, preserves_flags));
    }
}

/// As the x86_64 one. LLVM keeps esi for itself on i386, so the source
/// goes in through another register, swapped with esi and back.
#[cfg(target_pointer_width = "32")]
#[inline(always)]
unsafe fn movs<const BACK: bool>(dst: *mut u8, src: *const u8, words: usize) {
    // SAFETY: the caller's; esi is restored before the end.
    unsafe {
        if BACK {
            asm!("xchg {s}, esi", "std", "rep movsd", "cld", "mov esi, {s}",
                s = inout(reg) src => _, inout("ecx") words => _, inout("edi") dst => _,
                options(nostack));
        } else {
            asm!("xchg {s}, esi", "rep movsd", "mov esi, {s}",
                s = inout(reg) src => _, inout("ecx") words => _, inout("edi") dst => _,
                options(nostack, preserves_flags));
        }
    }
}

/// As the x86_64 one.
#[cfg(target_pointer_width = "32")]
#[inline(always)]
unsafe fn stos(dst: *mut u8, word: usize, words: usize) {
    // SAFETY: the caller's.
    unsafe {
        asm!("rep stosd", inout("ecx") words => _, inout("edi") dst => _, in("eax") word,
            options(nostack, preserves_flags));
    }
}

/// Bytes `0..n` of `src` to `dst`, forwards: also right for an
/// overlapping `memmove` with `dst` below `src`, since each word is read
/// before anything above it is written and the edge words are read first.
pub(crate) unsafe fn copy(dst: *mut u8, src: *const u8, n: usize) -> *mut u8 {
    // SAFETY: forwarded from the caller.
    unsafe {
        if n < BLOCKS_MIN {
            generic::copy(dst, src, n)
        } else if n < REP_MIN {
            blocks_copy(dst, src, n)
        } else {
            copy_rep(dst, src, n)
        }
    }
}

/// `copy` from [`REP_MIN`] bytes on. Apart, and not inlined, so that the
/// small sizes do not save the registers it takes (measured on i686: 13%
/// at 64 bytes).
///
/// # Safety
///
/// As `copy`, with `n >= REP_MIN`.
#[inline(never)]
unsafe fn copy_rep(dst: *mut u8, src: *const u8, n: usize) -> *mut u8 {
    // SAFETY: `n >= REP_MIN > 2 * W`, so every access is inside the
    // ranges: the first and the last word are copied apart (read before
    // the string copy), and `rep movs` copies the words from the first
    // aligned destination word on.
    unsafe {
        let first = read_unaligned(src as *const usize);
        let last = read_unaligned(src.add(n - W) as *const usize);
        let skip = W - (dst as usize) % W;
        movs::<false>(dst.add(skip), src.add(skip), (n - skip) / W);
        write_unaligned(dst as *mut usize, first);
        write_unaligned(dst.add(n - W) as *mut usize, last);
    }
    dst
}

/// Bytes `0..n` of `src` to `dst`, backwards: for `memmove` with `dst`
/// above `src`.
pub(crate) unsafe fn copy_back(dst: *mut u8, src: *const u8, n: usize) -> *mut u8 {
    // SAFETY: forwarded from the caller.
    unsafe {
        if n < BLOCKS_MIN {
            generic::copy_back(dst, src, n)
        } else if n < REP_MIN {
            blocks_copy_back(dst, src, n)
        } else {
            copy_back_rep(dst, src, n)
        }
    }
}

/// `copy_back` from [`REP_MIN`] bytes on, apart as [`copy_rep`].
///
/// # Safety
///
/// As `copy_back`, with `n >= REP_MIN`.
#[inline(never)]
unsafe fn copy_back_rep(dst: *mut u8, src: *const u8, n: usize) -> *mut u8 {
    // SAFETY: the words from the end down, then the first word (read
    // before anything was written); all inside the ranges as `n > W`.
    unsafe {
        let first = read_unaligned(src as *const usize);
        movs::<true>(dst.add(n - W), src.add(n - W), n / W);
        write_unaligned(dst as *mut usize, first);
    }
    dst
}

/// `n` bytes of `c` at `dst`.
pub(crate) unsafe fn set(dst: *mut u8, c: u8, n: usize) -> *mut u8 {
    // SAFETY: forwarded from the caller.
    unsafe {
        if n < BLOCKS_MIN {
            generic::set(dst, c, n)
        } else if n < REP_MIN {
            blocks_set(dst, c, n)
        } else {
            set_rep(dst, c, n)
        }
    }
}

/// `set` from [`REP_MIN`] bytes on, apart as [`copy_rep`].
///
/// # Safety
///
/// As `set`, with `n >= REP_MIN`.
#[inline(never)]
unsafe fn set_rep(dst: *mut u8, c: u8, n: usize) -> *mut u8 {
    let word = usize::from_ne_bytes([c; W]);
    // SAFETY: as in `copy`: aligned words by `rep stos`, the edges apart.
    unsafe {
        let skip = W - (dst as usize) % W;
        stos(dst.add(skip), word, (n - skip) / W);
        write_unaligned(dst as *mut usize, word);
        write_unaligned(dst.add(n - W) as *mut usize, word);
    }
    dst
}

/// `copy` for `n >= 16`, 16 bytes a step upwards; the last 16 bytes are
/// read first and stored last, overlapping the block before them. Right
/// for a `memmove` with `dst` below `src` too: each block is read before
/// anything at or above it is stored.
///
/// # Safety
///
/// As `copy`, with `n >= 16`.
#[cfg(target_feature = "sse2")]
#[inline(always)]
unsafe fn blocks_copy(dst: *mut u8, src: *const u8, n: usize) -> *mut u8 {
    // SAFETY: loads from `src + i` and stores to `dst + i` for block
    // offsets `i <= n - 16` (the loop runs while the next block starts
    // before the last one), and the last block at `n - 16`: all inside
    // the ranges the caller vouches for.
    unsafe {
        asm!(
            "movdqu {last}, [{s} + {e} - 16]",
            "lea {e}, [{d} + {e} - 16]",
            "2:",
            "movdqu {v}, [{s}]",
            "movdqu [{d}], {v}",
            "add {s}, 16",
            "add {d}, 16",
            "cmp {d}, {e}",
            "jb 2b",
            "movdqu [{e}], {last}",
            s = inout(reg) src => _,
            d = inout(reg) dst => _,
            e = inout(reg) n => _,
            v = out(xmm_reg) _,
            last = out(xmm_reg) _,
            options(nostack),
        );
    }
    dst
}

/// `copy_back` for `n >= 16`, 16 bytes a step downwards; the first 16
/// bytes are read first and stored last.
///
/// # Safety
///
/// As `copy_back`, with `n >= 16`.
#[cfg(target_feature = "sse2")]
#[inline(always)]
unsafe fn blocks_copy_back(dst: *mut u8, src: *const u8, n: usize) -> *mut u8 {
    // SAFETY: blocks at offsets `n - 16`, `n - 32`, … while above 0 (`ja`
    // after the subtraction: no borrow, not zero), then the first block at
    // 0: all inside the ranges.
    unsafe {
        asm!(
            "movdqu {first}, [{s}]",
            "sub {i}, 16",
            "2:",
            "movdqu {v}, [{s} + {i}]",
            "movdqu [{d} + {i}], {v}",
            "sub {i}, 16",
            "ja 2b",
            "movdqu [{d}], {first}",
            s = in(reg) src,
            d = in(reg) dst,
            i = inout(reg) n => _,
            v = out(xmm_reg) _,
            first = out(xmm_reg) _,
            options(nostack),
        );
    }
    dst
}

/// `set` for `n >= 16`, 16 bytes a step; the last 16 bytes stored apart.
///
/// # Safety
///
/// As `set`, with `n >= 16`.
#[cfg(target_feature = "sse2")]
#[inline(always)]
unsafe fn blocks_set(dst: *mut u8, c: u8, n: usize) -> *mut u8 {
    let word = u32::from_ne_bytes([c; 4]);
    // SAFETY: stores at offsets `i <= n - 16` and at `n - 16`, as in
    // `blocks_copy`.
    unsafe {
        asm!(
            "movd {v}, {w:e}",
            "pshufd {v}, {v}, 0",
            "lea {e}, [{d} + {e} - 16]",
            "2:",
            "movdqu [{d}], {v}",
            "add {d}, 16",
            "cmp {d}, {e}",
            "jb 2b",
            "movdqu [{e}], {v}",
            w = in(reg) word,
            d = inout(reg) dst => _,
            e = inout(reg) n => _,
            v = out(xmm_reg) _,
            options(nostack),
        );
    }
    dst
}

/// `strlen` with SSE2: compares aligned 16-byte blocks with zero. An
/// aligned block never crosses a page, so it is readable wherever the
/// string's first byte in it is; the bytes before the string in the first
/// block are masked off (`k`, all ones from the second block on).
#[cfg(target_feature = "sse2")]
pub(crate) unsafe fn strlen(s: *const u8) -> usize {
    let len: usize;
    // SAFETY: reads only aligned 16-byte blocks up to the one holding the
    // terminator (see above); writes nothing.
    unsafe {
        asm!(
            "mov {p}, {s}",
            "and {p}, -16",
            "mov ecx, {s:e}",
            "sub ecx, {p:e}",
            "or {k:e}, -1",
            "shl {k:e}, cl",
            "pxor {z}, {z}",
            "2:",
            "movdqa {v}, [{p}]",
            "pcmpeqb {v}, {z}",
            "pmovmskb {m:e}, {v}",
            "add {p}, 16",
            "and {m:e}, {k:e}",
            "mov {k:e}, -1",
            "jz 2b",
            "bsf {m:e}, {m:e}",
            "sub {p}, {s}",
            "lea {p}, [{p} + {m} - 16]",
            s = in(reg) s,
            p = out(reg) len,
            k = out(reg) _,
            m = out(reg) _,
            v = out(xmm_reg) _,
            z = out(xmm_reg) _,
            out("ecx") _,
            options(readonly, nostack),
        );
    }
    len
}

#[cfg(not(target_feature = "sse2"))]
crate::arch_generic::strlen_by_words!("mov {w}, [{p}]", reg);
