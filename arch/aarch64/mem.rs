//! The memory functions on aarch64: from [`PAIR_MIN`] bytes on, `memcpy`
//! (and forward `memmove`) and `memset` move 32 bytes a step with `ldp`/`stp`
//! of q-register pairs, which every aarch64 core has; the first and last 32
//! bytes are loaded before the loop and stored after it, so that any length
//! needs no byte tail. `strlen` reads a word at a time with `ldr`. The
//! rest is [`generic`].

use crate::rt::mem::generic;
use core::arch::asm;

pub(crate) use generic::{compare, copy_back};

crate::arch_generic::strlen_by_words!("ldr {w}, [{p}]", reg);

/// Below this, the generic word loop is as quick and needs no set-up.
const PAIR_MIN: usize = 64;

/// Bytes `0..n` of `src` to `dst`, forwards: also right for an overlapping
/// `memmove` with `dst` below `src`, since each block is read before any
/// store reaches it and the edge blocks are read first.
pub(crate) unsafe fn copy(dst: *mut u8, src: *const u8, n: usize) -> *mut u8 {
    if n < PAIR_MIN {
        // SAFETY: forwarded from the caller.
        return unsafe { generic::copy(dst, src, n) };
    }
    // SAFETY: `n >= 64`: the head block is bytes 0..32, the tail block
    // n-32..n, and the loop's blocks start at 32 and end at most at n
    // (it runs while the next block starts below n-32).
    unsafe {
        asm!(
            "ldp q0, q1, [{s}]",
            "add {e}, {s}, {n}",
            "ldp q2, q3, [{e}, #-32]",
            "add {t}, {d}, {n}",
            "add {e}, {s}, #32",
            "add {o}, {d}, #32",
            "sub {n}, {n}, #64",
            "2:",
            "ldp q4, q5, [{e}], #32",
            "stp q4, q5, [{o}], #32",
            "subs {n}, {n}, #32",
            "b.hi 2b",
            "stp q0, q1, [{d}]",
            "stp q2, q3, [{t}, #-32]",
            s = in(reg) src,
            d = in(reg) dst,
            n = inout(reg) n => _,
            e = out(reg) _,
            o = out(reg) _,
            t = out(reg) _,
            out("v0") _, out("v1") _, out("v2") _, out("v3") _, out("v4") _, out("v5") _,
            options(nostack),
        );
    }
    dst
}

/// `n` bytes of `c` at `dst`: as `copy`, with one register pair of `c`.
pub(crate) unsafe fn set(dst: *mut u8, c: u8, n: usize) -> *mut u8 {
    if n < PAIR_MIN {
        // SAFETY: forwarded from the caller.
        return unsafe { generic::set(dst, c, n) };
    }
    // SAFETY: as in `copy`.
    unsafe {
        asm!(
            "dup v0.16b, {c:w}",
            "stp q0, q0, [{d}]",
            "add {e}, {d}, {n}",
            "stp q0, q0, [{e}, #-32]",
            "add {o}, {d}, #32",
            "sub {n}, {n}, #64",
            "2:",
            "stp q0, q0, [{o}], #32",
            "subs {n}, {n}, #32",
            "b.hi 2b",
            c = in(reg) u32::from(c),
            d = in(reg) dst,
            n = inout(reg) n => _,
            e = out(reg) _,
            o = out(reg) _,
            out("v0") _,
            options(nostack),
        );
    }
    dst
}
