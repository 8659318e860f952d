//! The memory functions that compiled Rust code calls and that a C library
//! would otherwise provide: [`start!`](crate::start) exports them as
//! `memcpy`, `memmove`, `memset`, `memcmp`, `bcmp` and `strlen`.
//!
//! An architecture with a fast path has `arch/<arch>/mem.rs` (the build
//! script sees the file and sets `sysgate_arch_mem`; the folder's `mod.rs`
//! declares `pub(crate) mod mem;`), which provides the five functions of
//! `generic` (`copy`, `copy_back`, `set`, `compare`, `strlen`), re-exporting
//! those it does not speed up; every other architecture uses `generic`
//! whole. The generic code moves a word at a
//! time once the destination is aligned. Its stores and the loads that
//! decide a loop's end are volatile: that keeps the compiler from
//! recognising the loops as the very functions they implement and calling
//! themselves.

cfg_if::cfg_if! {
    if #[cfg(sysgate_arch_mem)] {
        use crate::arch::mem as imp;
    } else {
        use self::generic as imp;
    }
}

/// `memcpy`: copies `n` bytes from `src` to `dst`; returns `dst`.
///
/// # Safety
///
/// Both ranges must be valid for `n` bytes and must not overlap.
#[inline]
pub unsafe fn copy(dst: *mut u8, src: *const u8, n: usize) -> *mut u8 {
    // SAFETY: forwarded from the caller.
    unsafe { imp::copy(dst, src, n) }
}

/// `memmove`: copies `n` bytes from `src` to `dst`, which may overlap;
/// returns `dst`.
///
/// # Safety
///
/// Both ranges must be valid for `n` bytes.
#[inline]
pub unsafe fn move_(dst: *mut u8, src: *const u8, n: usize) -> *mut u8 {
    // SAFETY: forwarded from the caller.
    unsafe {
        if (dst as usize).wrapping_sub(src as usize) >= n {
            // `dst` is before `src` or past its end: a forward copy never
            // overwrites a byte it has yet to read.
            imp::copy(dst, src, n)
        } else {
            imp::copy_back(dst, src, n)
        }
    }
}

/// `memset`: fills `n` bytes at `dst` with the byte `c`; returns `dst`.
///
/// # Safety
///
/// The range must be valid for `n` bytes.
#[inline]
pub unsafe fn set(dst: *mut u8, c: i32, n: usize) -> *mut u8 {
    // SAFETY: forwarded from the caller.
    unsafe { imp::set(dst, c as u8, n) }
}

/// `memcmp` (and `bcmp`): compares `n` bytes as unsigned; returns the
/// difference of the first differing pair, or 0.
///
/// # Safety
///
/// Both ranges must be valid for `n` bytes.
#[inline]
pub unsafe fn compare(a: *const u8, b: *const u8, n: usize) -> i32 {
    // SAFETY: forwarded from the caller.
    unsafe { imp::compare(a, b, n) }
}

/// `strlen`: the number of bytes before the first NUL at `s`.
///
/// # Safety
///
/// `s` must point to a NUL-terminated string.
#[inline]
pub unsafe fn strlen(s: *const u8) -> usize {
    // SAFETY: forwarded from the caller.
    unsafe { imp::strlen(s) }
}

/// The portable implementations, with the contracts of the functions above
/// (`copy_back` is `memmove` when `dst` is above `src`).
#[cfg_attr(sysgate_arch_mem, allow(dead_code))]
pub(crate) mod generic {
    use core::mem::size_of;
    use core::ptr::{read_unaligned, read_volatile, write_volatile};

    const W: usize = size_of::<usize>();

    /// Bytes `0..n` of `src` to `dst`, forwards.
    pub(crate) unsafe fn copy(dst: *mut u8, src: *const u8, n: usize) -> *mut u8 {
        let mut i = 0;
        // SAFETY: every access is below `n`, in ranges the caller vouches
        // for; `words` stores only at aligned addresses (after the head).
        unsafe {
            if n >= 2 * W {
                while !(dst as usize + i).is_multiple_of(W) {
                    write_volatile(dst.add(i), *src.add(i));
                    i += 1;
                }
                // An aligned load is one instruction everywhere; an
                // unaligned one is several where the hardware has none.
                i = if (src as usize + i).is_multiple_of(W) {
                    words::<true>(dst, src, i, n)
                } else {
                    words::<false>(dst, src, i, n)
                };
            }
            while i < n {
                write_volatile(dst.add(i), *src.add(i));
                i += 1;
            }
        }
        dst
    }

    /// Copies whole words from offset `i` on while one fits below `n`;
    /// returns the offset reached.
    ///
    /// # Safety
    ///
    /// As `copy`, with `dst + i` aligned, and `src + i` too if `ALIGNED`.
    #[inline(always)]
    unsafe fn words<const ALIGNED: bool>(
        dst: *mut u8,
        src: *const u8,
        mut i: usize,
        n: usize,
    ) -> usize {
        // SAFETY: below `n`; alignment as the caller promises.
        unsafe {
            while n - i >= W {
                let s = src.add(i) as *const usize;
                let w = if ALIGNED { *s } else { read_unaligned(s) };
                write_volatile(dst.add(i) as *mut usize, w);
                i += W;
            }
        }
        i
    }

    /// Bytes `0..n` of `src` to `dst`, backwards: right when `dst` is
    /// above `src` and the ranges overlap.
    pub(crate) unsafe fn copy_back(dst: *mut u8, src: *const u8, n: usize) -> *mut u8 {
        let mut i = n;
        // SAFETY: as in `copy`, walking down from the end; each word is
        // read whole before it is stored, so overlap within a word is fine.
        unsafe {
            if n >= 2 * W {
                while !(dst as usize + i).is_multiple_of(W) {
                    i -= 1;
                    write_volatile(dst.add(i), *src.add(i));
                }
                while i >= W {
                    i -= W;
                    let w = read_unaligned(src.add(i) as *const usize);
                    write_volatile(dst.add(i) as *mut usize, w);
                }
            }
            while i > 0 {
                i -= 1;
                write_volatile(dst.add(i), *src.add(i));
            }
        }
        dst
    }

    /// `n` bytes of `c` at `dst`.
    pub(crate) unsafe fn set(dst: *mut u8, c: u8, n: usize) -> *mut u8 {
        let word = usize::from_ne_bytes([c; W]);
        let mut i = 0;
        // SAFETY: every access is below `n`; words only where aligned.
        unsafe {
            while i < n && !(dst as usize + i).is_multiple_of(W) {
                write_volatile(dst.add(i), c);
                i += 1;
            }
            while n - i >= W {
                write_volatile(dst.add(i) as *mut usize, word);
                i += W;
            }
            while i < n {
                write_volatile(dst.add(i), c);
                i += 1;
            }
        }
        dst
    }

    /// `memcmp`: skips equal words, then finds the first differing byte.
    pub(crate) unsafe fn compare(a: *const u8, b: *const u8, n: usize) -> i32 {
        let mut i = 0;
        // SAFETY: every access is below `n`; the volatile word loads are
        // aligned (after the head), the others unaligned reads.
        unsafe {
            if n >= 2 * W {
                let head = (a as usize).wrapping_neg() % W;
                let d = bytes_diff(a, b, 0, head);
                if d != 0 {
                    return d;
                }
                i = head;
                while n - i >= W
                    && read_volatile(a.add(i) as *const usize)
                        == read_unaligned(b.add(i) as *const usize)
                {
                    i += W;
                }
            }
            bytes_diff(a, b, i, n)
        }
    }

    /// The difference of the first differing pair in bytes `i..n`, or 0.
    ///
    /// # Safety
    ///
    /// As `compare`.
    unsafe fn bytes_diff(a: *const u8, b: *const u8, mut i: usize, n: usize) -> i32 {
        while i < n {
            // SAFETY: `i < n`, inside both ranges.
            let (x, y) = unsafe { (read_volatile(a.add(i)), *b.add(i)) };
            if x != y {
                return i32::from(x) - i32::from(y);
            }
            i += 1;
        }
        0
    }

    /// `strlen` a word at a time: aligned words from the one holding the
    /// first byte (its bytes before the string made non-zero) until one
    /// holds a zero byte, then that word's string bytes up to the NUL. An
    /// aligned word never crosses a page, so it is readable wherever a
    /// string byte in it is; but it may reach outside the string's
    /// allocation, which Rust code may not read, so `load` is the
    /// architecture's load instruction in assembly
    /// ([`strlen_by_words!`](crate::arch_generic::strlen_by_words)). The
    /// word test only finds the word to scan; the byte scan alone decides
    /// the length.
    ///
    /// # Safety
    ///
    /// As `strlen`; `load(p)` reads the aligned word at `p` and nothing else.
    #[allow(dead_code)] // for the architectures whose mem.rs uses it
    #[inline(always)]
    pub(crate) unsafe fn strlen_by_words(
        s: *const u8,
        load: unsafe fn(*const u8) -> usize,
    ) -> usize {
        // A word has a zero byte exactly when (w - ONES) & !w & HIGHS is not
        // zero: the lowest zero byte borrows and sets its high bit, and a
        // byte with the high bit already set is masked out by !w.
        const ONES: usize = usize::MAX / 0xff;
        const HIGHS: usize = ONES << 7;
        let head = s as usize % W;
        let before = first_bytes_set(head);
        // An address, not a pointer into the string: only `load` reads it.
        let mut p = s.wrapping_sub(head);
        // SAFETY: every word read is aligned and starts at or before the
        // NUL (the words before it hold no zero byte), so it lies in a page
        // that holds string bytes; it goes through `load`. The byte reads
        // start at the first string byte of the word that has a zero byte
        // and stop at the NUL.
        unsafe {
            let mut w = load(p) | before;
            while w.wrapping_sub(ONES) & !w & HIGHS == 0 {
                p = p.wrapping_add(W);
                w = load(p);
            }
            let mut n = (p as usize).saturating_sub(s as usize);
            while read_volatile(s.add(n)) != 0 {
                n += 1;
            }
            n
        }
    }

    /// The word whose first `n` (below the word size) bytes in memory are
    /// 0xff and the others 0: or-ed into the first word of a string at `n`
    /// bytes past an aligned address, it makes the bytes before the string
    /// non-zero. (Without it a NUL there, as the end of the string before,
    /// would send `strlen_by_words` to its byte scan from the start.)
    #[inline(always)]
    pub(crate) const fn first_bytes_set(n: usize) -> usize {
        usize::from_le((1 << (8 * n)) - 1)
    }

    /// `strlen`, a byte at a time: reading whole words could read past the
    /// string's allocation, which Rust code may not do (only assembly may:
    /// see `strlen_by_words`).
    pub(crate) unsafe fn strlen(s: *const u8) -> usize {
        let mut n = 0;
        // SAFETY: reads up to and including the terminator.
        while unsafe { read_volatile(s.add(n)) } != 0 {
            n += 1;
        }
        n
    }
}

#[cfg(test)]
mod tests {
    //! Every function of both implementations (the architecture's, through
    //! the public functions, and the generic one) against plain loops: all
    //! source and destination alignments 0..16, lengths 0..=300 and a few
    //! large ones, overlap both ways for `memmove`.

    extern crate std;

    use super::generic;
    use core::mem::size_of;
    use std::vec;

    const LENS: [usize; 3] = [4096, 4099, 65536 + 5];

    struct Imp {
        name: &'static str,
        copy: unsafe fn(*mut u8, *const u8, usize) -> *mut u8,
        move_: unsafe fn(*mut u8, *const u8, usize) -> *mut u8,
        set: unsafe fn(*mut u8, u8, usize) -> *mut u8,
        compare: unsafe fn(*const u8, *const u8, usize) -> i32,
        strlen: unsafe fn(*const u8) -> usize,
    }

    /// `memmove` out of the generic pieces, as `super::move_` does.
    unsafe fn generic_move(dst: *mut u8, src: *const u8, n: usize) -> *mut u8 {
        // SAFETY: forwarded.
        unsafe {
            if (dst as usize).wrapping_sub(src as usize) >= n {
                generic::copy(dst, src, n)
            } else {
                generic::copy_back(dst, src, n)
            }
        }
    }

    unsafe fn public_set(dst: *mut u8, c: u8, n: usize) -> *mut u8 {
        // SAFETY: forwarded.
        unsafe { super::set(dst, i32::from(c) | !0xff, n) }
    }

    const IMPS: [Imp; 2] = [
        Imp {
            name: "arch",
            copy: super::copy,
            move_: super::move_,
            set: public_set,
            compare: super::compare,
            strlen: super::strlen,
        },
        Imp {
            name: "generic",
            copy: generic::copy,
            move_: generic_move,
            set: generic::set,
            compare: generic::compare,
            strlen: generic::strlen,
        },
    ];

    /// Distances between source and destination for `memmove`.
    const DISTS: [usize; 34] = {
        let mut d = [0; 34];
        let mut i = 0;
        while i < 34 {
            d[i] = i;
            i += 1;
        }
        d
    };

    /// Lengths 0..=300, then the large ones.
    fn lens() -> impl Iterator<Item = usize> {
        (0..=300).chain(LENS)
    }

    fn pattern(buf: &mut [u8], seed: u8) {
        for (i, b) in buf.iter_mut().enumerate() {
            // 1..=254: never NUL, and below 0xff and above 0 for `compare`.
            *b = ((i * 31 + usize::from(seed)) % 254 + 1) as u8;
        }
    }

    #[test]
    fn copy_and_set_all_alignments() {
        for imp in IMPS {
            for n in lens() {
                let mut src = vec![0u8; n + 32];
                let mut dst = vec![0u8; n + 32];
                let mut want = vec![0u8; n + 32];
                pattern(&mut src, 7);
                let aligns = if n > 300 { 0..4 } else { 0..16 };
                for sa in aligns.clone() {
                    for da in aligns.clone() {
                        pattern(&mut dst, 3);
                        want.copy_from_slice(&dst);
                        want[da..da + n].copy_from_slice(&src[sa..sa + n]);
                        let d = dst[da..].as_mut_ptr();
                        // SAFETY: both buffers hold `n` bytes past the offsets.
                        let r = unsafe { (imp.copy)(d, src[sa..].as_ptr(), n) };
                        assert_eq!(r, d);
                        assert!(dst == want, "{} copy n={n} src+{sa} dst+{da}", imp.name);
                    }
                    want[sa..sa + n].fill(0xa5);
                    let d = dst[sa..].as_mut_ptr();
                    // SAFETY: as above.
                    let r = unsafe { (imp.set)(d, 0xa5, n) };
                    assert_eq!(r, d);
                    assert!(dst == want, "{} set n={n} dst+{sa}", imp.name);
                }
            }
        }
    }

    #[test]
    fn move_overlapping_both_ways() {
        for imp in IMPS {
            for n in lens() {
                let mut buf = vec![0u8; n + 64];
                let mut want = vec![0u8; n + 64];
                let aligns = if n > 300 { 0..4 } else { 0..16 };
                for sa in aligns.clone() {
                    // dst before src, equal, and after it (overlapping
                    // when the distance is below `n`), by 0..=33 bytes.
                    let dists = if n > 300 {
                        [1, 8, 33].as_slice()
                    } else {
                        &DISTS
                    };
                    for &dist in dists {
                        for (s, d) in [(sa + dist, sa), (sa, sa + dist)] {
                            pattern(&mut buf, 5);
                            want.copy_from_slice(&buf);
                            want.copy_within(s..s + n, d);
                            let p = buf.as_mut_ptr();
                            // SAFETY: `max(s, d) + n` is inside the buffer.
                            let r = unsafe { (imp.move_)(p.add(d), p.add(s), n) };
                            assert_eq!(r, p.wrapping_add(d));
                            assert!(buf == want, "{} move n={n} src+{s} dst+{d}", imp.name);
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn compare_sign_and_position() {
        for imp in IMPS {
            for n in lens() {
                let mut a = vec![0u8; n + 32];
                let mut b = vec![0u8; n + 32];
                pattern(&mut a, 9);
                let aligns = if n > 300 { 0..2 } else { 0..16 };
                for aa in aligns.clone() {
                    for ba in aligns.clone() {
                        b[ba..ba + n].copy_from_slice(&a[aa..aa + n]);
                        let (pa, pb) = (a[aa..].as_ptr(), b[ba..].as_mut_ptr());
                        // SAFETY: both hold `n` bytes past the offsets.
                        let eq = unsafe { (imp.compare)(pa, pb, n) };
                        assert_eq!(eq, 0, "{} compare n={n} +{aa} +{ba}", imp.name);
                        // A difference at the first, a middle and the last
                        // byte, both signs; 0x01 vs 0xff shows the bytes
                        // compare as unsigned.
                        for at in [0, n / 2, n.wrapping_sub(1)].into_iter().filter(|&i| i < n) {
                            let keep = b[ba + at];
                            for (x, sign) in [(0xffu8, -1), (0x00, 1)] {
                                b[ba + at] = x;
                                let want = i32::from(a[aa + at]) - i32::from(x);
                                assert_eq!(want.signum(), sign);
                                // SAFETY: as above.
                                let got = unsafe { (imp.compare)(pa, pb, n) };
                                assert_eq!(got, want, "{} compare n={n} at {at}", imp.name);
                            }
                            b[ba + at] = keep;
                        }
                    }
                }
            }
        }
    }

    /// Every start alignment, with NULs before the string as well as after
    /// it (a word-wise `strlen` reads the bytes before the string in its
    /// first word and must not count them).
    #[test]
    fn strlen_all_alignments() {
        for imp in IMPS {
            for n in lens() {
                let mut s = vec![0u8; n + 32];
                for sa in 0..16 {
                    s.fill(0);
                    s[sa..sa + n].fill(1);
                    // SAFETY: a NUL at `sa + n`.
                    let got = unsafe { (imp.strlen)(s[sa..].as_ptr()) };
                    assert_eq!(got, n, "{} strlen n={n} +{sa}", imp.name);
                }
            }
        }
    }

    #[test]
    fn first_bytes_set_in_memory_order() {
        for n in 0..size_of::<usize>() {
            let bytes = generic::first_bytes_set(n).to_ne_bytes();
            assert!(bytes[..n].iter().all(|&b| b == 0xff), "{n}: {bytes:?}");
            assert!(bytes[n..].iter().all(|&b| b == 0), "{n}: {bytes:?}");
        }
    }

    /// Strings that end at the end of a page followed by an inaccessible
    /// one, and that start at the start of a page preceded by one: a read
    /// beyond either would fault (SIGSEGV ends the test run).
    #[test]
    fn strlen_stays_within_the_pages_of_the_string() {
        use crate::mm::{mmap_anonymous, mprotect, munmap, MapFlags, ProtFlags};
        let page = crate::auxv::get(crate::auxv::AT_PAGESZ).unwrap();
        let rw = ProtFlags::READ | ProtFlags::WRITE;
        // SAFETY: a fresh private mapping of three pages, used only here;
        // the first and last become inaccessible.
        let base = unsafe {
            let base = mmap_anonymous(core::ptr::null_mut(), 3 * page, rw, MapFlags::PRIVATE)
                .unwrap()
                .cast::<u8>();
            mprotect(base.cast(), page, ProtFlags::empty()).unwrap();
            mprotect(base.add(2 * page).cast(), page, ProtFlags::empty()).unwrap();
            base
        };
        // SAFETY: the middle page is readable and writable and ours.
        let mid = unsafe { core::slice::from_raw_parts_mut(base.add(page), page) };
        mid.fill(1);
        for imp in IMPS {
            for n in 0..64 {
                // Ending at the last byte of the page.
                mid[page - 1] = 0;
                // SAFETY: a NUL at the page's last byte, `n` bytes on.
                let got = unsafe { (imp.strlen)(mid[page - 1 - n..].as_ptr()) };
                assert_eq!(got, n, "{} strlen {n} bytes to the page end", imp.name);
                mid[page - 1] = 1;
                // Starting at the first byte of the page.
                mid[n] = 0;
                // SAFETY: a NUL `n` bytes into the page.
                let got = unsafe { (imp.strlen)(mid.as_ptr()) };
                assert_eq!(got, n, "{} strlen {n} bytes from the page start", imp.name);
                mid[n] = 1;
            }
        }
        // SAFETY: the mapping made above, no longer used.
        unsafe { munmap(base.cast(), 3 * page) }.unwrap();
    }
}
