//! The reader on plain bytes: real vDSO images of every architecture
//! (dumped from this kernel and from qemu-user's guests, in `fuzz/seeds/`),
//! and those images cut short, corrupted and rewired. No system calls, so
//! these run under miri (`cargo +nightly miri test --lib vdso`).

extern crate std;

use super::elf::{Image, Target};
use super::{Binding, Vdso};
use std::vec::Vec;

struct Case {
    file: &'static str,
    bytes: &'static [u8],
    target: Target,
    /// Defined functions: name, version, `st_value` (from `readelf --dyn-syms`).
    funcs: &'static [(&'static str, &'static str, u64)],
    /// `p_vaddr` of the first `PT_LOAD` (its `p_offset` is 0 in all of them).
    vaddr: u64,
}

const X86_64: Target = Target {
    class64: true,
    machine: 62,
};
const I386: Target = Target {
    class64: false,
    machine: 3,
};
const AARCH64: Target = Target {
    class64: true,
    machine: 183,
};
const RISCV64: Target = Target {
    class64: true,
    machine: 243,
};
const ARM: Target = Target {
    class64: false,
    machine: 40,
};
const PPC64: Target = Target {
    class64: true,
    machine: 21,
};
const S390X: Target = Target {
    class64: true,
    machine: 22,
};

static CASES: &[Case] = &[
    Case {
        file: "x86_64.so",
        bytes: include_bytes!("../../fuzz/seeds/x86_64.so"),
        target: X86_64,
        vaddr: 0,
        funcs: &[
            ("clock_gettime", "LINUX_2.6", 0xaf0),
            ("__vdso_gettimeofday", "LINUX_2.6", 0x810),
            ("clock_getres", "LINUX_2.6", 0xe80),
            ("__vdso_clock_getres", "LINUX_2.6", 0xe80),
            ("gettimeofday", "LINUX_2.6", 0x810),
            ("__vdso_time", "LINUX_2.6", 0xac0),
            ("__vdso_getrandom", "LINUX_2.6", 0xf40),
            ("time", "LINUX_2.6", 0xac0),
            ("__vdso_clock_gettime", "LINUX_2.6", 0xaf0),
            ("__vdso_getcpu", "LINUX_2.6", 0xf00),
            ("getcpu", "LINUX_2.6", 0xf00),
            ("getrandom", "LINUX_2.6", 0xf40),
        ],
    },
    Case {
        file: "i386.so",
        bytes: include_bytes!("../../fuzz/seeds/i386.so"),
        target: I386,
        vaddr: 0,
        funcs: &[
            ("__kernel_vsyscall", "LINUX_2.5", 0x5e0),
            ("__vdso_gettimeofday", "LINUX_2.6", 0x700),
            ("__vdso_clock_getres", "LINUX_2.6", 0x1830),
            ("__vdso_clock_gettime64", "LINUX_2.6", 0x1220),
            ("__kernel_sigreturn", "LINUX_2.5", 0x600),
            ("__vdso_time", "LINUX_2.6", 0xc20),
            ("__kernel_rt_sigreturn", "LINUX_2.5", 0x610),
            ("__vdso_clock_gettime", "LINUX_2.6", 0xc70),
            ("__vdso_getcpu", "LINUX_2.6", 0x18d0),
        ],
    },
    Case {
        file: "i386-qemu.so",
        bytes: include_bytes!("../../fuzz/seeds/i386-qemu.so"),
        target: I386,
        vaddr: 0x4080_1000,
        funcs: &[
            ("__kernel_vsyscall", "LINUX_2.5", 0x4080_1554),
            ("__vdso_gettimeofday", "LINUX_2.6", 0x4080_1593),
            ("__vdso_clock_getres", "LINUX_2.6", 0x4080_157f),
            ("__vdso_clock_gettime64", "LINUX_2.6", 0x4080_156b),
            ("__kernel_sigreturn", "LINUX_2.5", 0x4080_15ce),
            ("__vdso_time", "LINUX_2.6", 0x4080_15a7),
            ("__kernel_rt_sigreturn", "LINUX_2.5", 0x4080_15d7),
            ("__vdso_clock_gettime", "LINUX_2.6", 0x4080_1557),
            ("__vdso_getcpu", "LINUX_2.6", 0x4080_15b7),
        ],
    },
    Case {
        file: "aarch64-qemu.so",
        bytes: include_bytes!("../../fuzz/seeds/aarch64-qemu.so"),
        target: AARCH64,
        vaddr: 0x7f0e_6392_e000,
        funcs: &[
            ("__kernel_clock_getres", "LINUX_2.6.39", 0x7f0e_6392_e4d8),
            ("__kernel_rt_sigreturn", "LINUX_2.6.39", 0x7f0e_6392_e4ec),
            ("__kernel_gettimeofday", "LINUX_2.6.39", 0x7f0e_6392_e4b8),
            ("__kernel_clock_gettime", "LINUX_2.6.39", 0x7f0e_6392_e4c8),
        ],
    },
    Case {
        file: "riscv64-qemu.so",
        bytes: include_bytes!("../../fuzz/seeds/riscv64-qemu.so"),
        target: RISCV64,
        vaddr: 0x7f7a_c7a2_3000,
        funcs: &[
            ("__vdso_gettimeofday", "LINUX_4.15", 0x7f7a_c7a2_3690),
            ("__vdso_clock_getres", "LINUX_4.15", 0x7f7a_c7a2_36a8),
            ("__vdso_rt_sigreturn", "LINUX_4.15", 0x7f7a_c7a2_36cc),
            ("__vdso_clock_gettime", "LINUX_4.15", 0x7f7a_c7a2_369c),
            ("__vdso_flush_icache", "LINUX_4.15", 0x7f7a_c7a2_36c0),
            ("__vdso_getcpu", "LINUX_4.15", 0x7f7a_c7a2_36b4),
        ],
    },
    Case {
        file: "arm-qemu.so",
        bytes: include_bytes!("../../fuzz/seeds/arm-qemu.so"),
        target: ARM,
        vaddr: 0x4080_1000,
        funcs: &[
            // Thumb code: the low bit of each address is set.
            ("__vdso_gettimeofday", "LINUX_2.6", 0x4080_146f),
            ("__vdso_clock_getres", "LINUX_2.6", 0x4080_1465),
            ("__vdso_clock_gettime64", "LINUX_2.6", 0x4080_145b),
            ("__vdso_clock_gettime", "LINUX_2.6", 0x4080_1451),
        ],
    },
    Case {
        file: "ppc64le-qemu.so",
        bytes: include_bytes!("../../fuzz/seeds/ppc64le-qemu.so"),
        target: PPC64,
        vaddr: 0x7fa2_b1e1_b000,
        // `STT_NOTYPE`, as powerpc's vDSO declares them.
        funcs: &[
            ("__kernel_clock_getres", "LINUX_2.6.15", 0x7fa2_b1e1_b79c),
            ("__kernel_time", "LINUX_2.6.15", 0x7fa2_b1e1_b7b4),
            ("__kernel_getcpu", "LINUX_2.6.15", 0x7fa2_b1e1_b7a8),
            ("__kernel_sync_dicache", "LINUX_2.6.15", 0x7fa2_b1e1_b7c0),
            ("__kernel_gettimeofday", "LINUX_2.6.15", 0x7fa2_b1e1_b784),
            ("__kernel_sigtramp_rt64", "LINUX_2.6.15", 0x7fa2_b1e1_b7c8),
            ("__kernel_clock_gettime", "LINUX_2.6.15", 0x7fa2_b1e1_b790),
        ],
    },
    Case {
        // Big-endian.
        file: "s390x-qemu.so",
        bytes: include_bytes!("../../fuzz/seeds/s390x-qemu.so"),
        target: S390X,
        vaddr: 0x7f40_342e_a000,
        funcs: &[
            ("__kernel_clock_getres", "LINUX_2.6.29", 0x7f40_342e_a5e4),
            ("__kernel_sigreturn", "LINUX_2.6.29", 0x7f40_342e_a61c),
            ("__kernel_getcpu", "LINUX_2.6.29", 0x7f40_342e_a600),
            ("__kernel_rt_sigreturn", "LINUX_2.6.29", 0x7f40_342e_a61e),
            ("__kernel_gettimeofday", "LINUX_2.6.29", 0x7f40_342e_a5b0),
            ("__kernel_clock_gettime", "LINUX_2.6.29", 0x7f40_342e_a5c8),
        ],
    },
];

/// Whether an image is big-endian (`e_ident[EI_DATA]` is `ELFDATA2MSB`).
fn big_endian(bytes: &[u8]) -> bool {
    bytes[5] == 2
}

/// The cases in the running target's byte order: the reader reads the
/// kernel's own vDSO, so it takes native-endian images only (which
/// `from_bytes_reads_only_this_target` checks), and a little-endian host
/// tests the little-endian images, a big-endian one (s390x) the others.
fn cases() -> impl Iterator<Item = &'static Case> {
    CASES
        .iter()
        .filter(|c| big_endian(c.bytes) == cfg!(target_endian = "big"))
}

#[test]
fn both_byte_orders_have_images() {
    assert!(cases().count() >= 1);
    assert!(CASES.iter().any(|c| big_endian(c.bytes)));
    assert!(CASES.iter().any(|c| !big_endian(c.bytes)));
}

/// Names that are in none of the images, or only as non-functions.
const ABSENT: &[&str] = &[
    "",
    "__vdso_nothing",
    "clock_gettim",
    "LINUX_2.6",
    "LINUX_4.15",
    ".data",
];

/// The address of a function, as `Vdso::lookup` gives it.
fn look(img: &Image<'_>, name: &[u8], version: &[u8]) -> Option<usize> {
    img.lookup(name, version)
        .map(|off| img.segment().as_ptr() as usize + off)
}

fn parse(bytes: &[u8], t: Target) -> Option<Image<'_>> {
    Image::parse(bytes, t)
}

/// Looks up everything a case names, absent names and wrong versions too,
/// on an image that may be damaged: must not panic, and may only return
/// addresses inside `bytes`. Returns how many of the case's functions were
/// found at the right place.
fn probe(bytes: &[u8], case: &Case) -> usize {
    let Some(img) = parse(bytes, case.target) else {
        return 0;
    };
    let range = bytes.as_ptr_range();
    let inside = |a: usize| a >= range.start as usize && a < range.end as usize;
    let mut found = 0;
    for &(name, version, value) in case.funcs {
        if let Some(a) = look(&img, name.as_bytes(), version.as_bytes()) {
            assert!(
                inside(a),
                "{}: {name} at {a:#x} outside the image",
                case.file
            );
            found += usize::from(a == bytes.as_ptr() as usize + (value - case.vaddr) as usize);
        }
        let _ = look(&img, name.as_bytes(), b"LINUX_0");
    }
    for name in ABSENT {
        if let Some(a) = look(&img, name.as_bytes(), b"LINUX_2.6") {
            assert!(inside(a));
        }
    }
    // Walk the whole table as the iterator does.
    let v = Vdso { img };
    for s in v.symbols() {
        let _ = (s.name(), s.version(), s.address(), s.size(), s.binding());
    }
    found
}

#[test]
fn real_images_resolve_every_function() {
    for case in cases() {
        let img = parse(case.bytes, case.target).unwrap_or_else(|| panic!("{}", case.file));
        let base = case.bytes.as_ptr() as usize;
        for &(name, version, value) in case.funcs {
            let want = base + (value - case.vaddr) as usize;
            assert_eq!(
                look(&img, name.as_bytes(), version.as_bytes()),
                Some(want),
                "{}: {name}@{version}",
                case.file
            );
            // The right name with a wrong version, or a prefix of a version.
            for wrong in ["LINUX_2.7", "LINUX_2", "", "LINUX_2.6.39x", "linux_2.6"] {
                if wrong != version {
                    assert_eq!(
                        look(&img, name.as_bytes(), wrong.as_bytes()),
                        None,
                        "{name}@{wrong}"
                    );
                }
            }
        }
        for name in ABSENT {
            for version in ["LINUX_2.6", "LINUX_2.6.39", "LINUX_4.15", "LINUX_2.5"] {
                assert_eq!(
                    look(&img, name.as_bytes(), version.as_bytes()),
                    None,
                    "{name}"
                );
            }
        }
        assert_eq!(probe(case.bytes, case), case.funcs.len());
    }
}

#[test]
fn iterator_lists_defined_symbols_with_versions() {
    for case in cases() {
        let v = Vdso {
            img: parse(case.bytes, case.target).unwrap(),
        };
        let base = case.bytes.as_ptr() as usize;
        let funcs: Vec<_> = v
            .symbols()
            .filter(|s| s.is_function() && matches!(s.binding(), Binding::Global | Binding::Weak))
            .map(|s| {
                (
                    s.name().to_str().unwrap(),
                    s.version().unwrap().to_str().unwrap(),
                    s.address() - base,
                )
            })
            .collect();
        let want: Vec<_> = case
            .funcs
            .iter()
            .map(|&(n, ver, val)| (n, ver, (val - case.vaddr) as usize))
            .collect();
        assert_eq!(funcs, want, "{}", case.file);
        // The version-name symbols (ABS objects) are listed, not functions.
        assert!(v
            .symbols()
            .any(|s| !s.is_function() && s.name().to_bytes().starts_with(b"LINUX_")));
        // No undefined symbol (index 0 is one) is listed.
        assert!(v
            .symbols()
            .all(|s| !s.name().to_bytes().is_empty() || !s.is_function()));
    }
}

#[test]
fn from_bytes_reads_only_this_target() {
    for case in CASES {
        let native = case.target.class64 == super::elf::NATIVE.class64
            && case.target.machine == super::elf::NATIVE.machine;
        assert_eq!(
            Vdso::from_bytes(case.bytes).is_some(),
            native,
            "{}",
            case.file
        );
        if native {
            let v = Vdso::from_bytes(case.bytes).unwrap();
            let (name, version, value) = case.funcs[0];
            let p = v.lookup(name, version).unwrap().as_ptr() as usize;
            assert_eq!(
                p,
                case.bytes.as_ptr() as usize + (value - case.vaddr) as usize
            );
        }
    }
}

/// The stride for loops over every byte: all of them natively, a sample
/// under miri, which is thousands of times slower.
fn stride() -> usize {
    if cfg!(miri) {
        1499
    } else {
        1
    }
}

/// The stride for loops over table entries: a sample under miri.
fn entry_stride() -> usize {
    if cfg!(miri) {
        9
    } else {
        1
    }
}

#[test]
fn truncated_at_every_length() {
    for case in cases() {
        let seg_end = end_of(case);
        for len in (0..case.bytes.len()).step_by(stride()) {
            let cut = &case.bytes[..len];
            let found = probe(cut, case);
            if len < seg_end {
                assert!(
                    parse(cut, case.target).is_none(),
                    "{} cut at {len}",
                    case.file
                );
                assert_eq!(found, 0);
            } else {
                assert_eq!(found, case.funcs.len(), "{} cut at {len}", case.file);
            }
        }
    }
}

/// The header fields and where they are: (name, offset, size) per class.
fn header_fields(class64: bool) -> Vec<(&'static str, usize, usize)> {
    let w = if class64 { 8 } else { 4 };
    let mut f = std::vec![
        ("ei_mag", 0, 4),
        ("ei_class", 4, 1),
        ("ei_data", 5, 1),
        ("ei_version", 6, 1),
        ("e_type", 16, 2),
        ("e_machine", 18, 2),
        ("e_version", 20, 4),
        ("e_phoff", 24 + w, w),
    ];
    let sizes = if class64 { 52 } else { 40 };
    f.extend([
        ("e_ehsize", sizes, 2),
        ("e_phentsize", sizes + 2, 2),
        ("e_phnum", sizes + 4, 2),
    ]);
    f
}

#[test]
fn every_header_field_corrupted() {
    for case in cases() {
        for (field, off, size) in header_fields(case.target.class64) {
            for val in [0u8, 0xff, 0x7f, 0x80] {
                let mut b = case.bytes.to_vec();
                let orig = b[off..off + size].to_vec();
                b[off..off + size].fill(val);
                // e_phnum may go up or down and e_phoff to anywhere: neither
                // may panic. Every check field, changed, must reject.
                let found = probe(&b, case);
                let changed = b[off..off + size] != orig[..];
                if changed && !matches!(field, "e_phnum" | "e_phoff") {
                    assert!(
                        parse(&b, case.target).is_none(),
                        "{} {field}={val:#x}",
                        case.file
                    );
                    assert_eq!(found, 0);
                }
            }
        }
    }
}

#[test]
fn every_byte_corrupted() {
    // Every byte of the loaded segment, in turn, to a few values: whatever
    // it hits (program headers, dynamic entries, hash tables, symbols,
    // versions, strings, code), the reader must not panic or return an
    // address outside the image.
    for case in cases() {
        let end = super::elf::Headers::read(case.bytes, case.target)
            .and_then(|h| h.image_len())
            .unwrap();
        let mut b = case.bytes.to_vec();
        for off in (0..end).step_by(stride()) {
            let orig = b[off];
            for val in [0u8, 0xff, orig ^ 1, orig ^ 0x80] {
                b[off] = val;
                probe(&b, case);
            }
            b[off] = orig;
        }
    }
}

/// Offsets (in the image) of the dynamic entries of a case, with tag and value.
fn dynamic(case: &Case, bytes: &[u8]) -> Vec<(usize, u64, u64)> {
    let c64 = case.target.class64;
    let rd = |off: usize, n: usize| -> u64 {
        let mut v = 0u64;
        for (i, &byte) in bytes[off..off + n].iter().enumerate() {
            let shift = if big_endian(bytes) { n - 1 - i } else { i };
            v |= u64::from(byte) << (8 * shift);
        }
        v
    };
    let w = if c64 { 8 } else { 4 };
    let phoff = rd(24 + w, w) as usize;
    let (phentsize, phnum) = if c64 {
        (56, rd(56, 2))
    } else {
        (32, rd(44, 2))
    };
    let mut out = Vec::new();
    for i in 0..phnum as usize {
        let ph = phoff + i * phentsize;
        if rd(ph, 4) == 2 {
            let off = rd(ph + if c64 { 8 } else { 4 }, w) as usize;
            let len = rd(ph + if c64 { 32 } else { 16 }, w) as usize;
            for e in (off..off + len).step_by(2 * w) {
                out.push((e, rd(e, w), rd(e + w, w)));
            }
        }
    }
    out
}

fn write(bytes: &mut [u8], off: usize, n: usize, v: u64) {
    if big_endian(bytes) {
        bytes[off..off + n].copy_from_slice(&v.to_be_bytes()[8 - n..]);
    } else {
        bytes[off..off + n].copy_from_slice(&v.to_le_bytes()[..n]);
    }
}

/// The image with dynamic tag `tag` renamed to `DT_DEBUG`, which the
/// reader ignores; and the image offset of what the tag pointed to.
fn without(case: &Case, tag: u64) -> (Vec<u8>, usize) {
    let mut b = case.bytes.to_vec();
    let w = if case.target.class64 { 8 } else { 4 };
    let (at, _, val) = *dynamic(case, &b).iter().find(|e| e.1 == tag).unwrap();
    write(&mut b, at, w, 21);
    (b, (val - case.vaddr) as usize)
}

/// The image offset of what dynamic tag `tag` points to.
fn table(case: &Case, tag: u64) -> usize {
    let e = dynamic(case, case.bytes)
        .into_iter()
        .find(|e| e.1 == tag)
        .unwrap();
    (e.2 - case.vaddr) as usize
}

const DT_HASH: u64 = 4;
const DT_STRTAB: u64 = 5;
const DT_SYMTAB: u64 = 6;
const DT_GNU_HASH: u64 = 0x6fff_fef5;
const DT_VERSYM: u64 = 0x6fff_fff0;
const DT_VERDEF: u64 = 0x6fff_fffc;

#[test]
fn gnu_hash_alone_and_sysv_hash_alone_each_suffice() {
    for case in cases() {
        for tag in [DT_HASH, DT_GNU_HASH] {
            let (b, _) = without(case, tag);
            // s390x's `DT_HASH` has 8-byte entries, which the reader does
            // not read: there the GNU table is needed (the kernel's and
            // qemu's vDSOs have both), and without it nothing is found.
            let want = if tag == DT_GNU_HASH && case.target.machine == S390X.machine {
                0
            } else {
                case.funcs.len()
            };
            assert_eq!(probe(&b, case), want, "{} without {tag:#x}", case.file);
            let v = Vdso {
                img: parse(&b, case.target).unwrap(),
            };
            let n = v.symbols().filter(|s| s.is_function()).count();
            assert_eq!(n, want, "{} without {tag:#x}: symbol count", case.file);
        }
        // With neither, nothing can be found.
        let (mut b, _) = without(case, DT_HASH);
        let at = dynamic(case, &b)
            .iter()
            .find(|e| e.1 == DT_GNU_HASH)
            .unwrap()
            .0;
        write(&mut b, at, if case.target.class64 { 8 } else { 4 }, 21);
        assert_eq!(probe(&b, case), 0);
    }
}

#[test]
fn unversioned_image_matches_any_version() {
    for case in cases() {
        let (b, _) = without(case, DT_VERSYM);
        let img = parse(&b, case.target).unwrap();
        let (name, _, _) = case.funcs[0];
        assert!(look(&img, name.as_bytes(), b"ANY").is_some());
        // Version definitions without a DT_VERSYM table name nothing.
        let (b, _) = without(case, DT_VERDEF);
        assert_eq!(probe(&b, case), 0, "{}: versym without verdef", case.file);
    }
}

#[test]
fn hash_tables_out_of_range() {
    for case in cases() {
        let w = if case.target.class64 { 8 } else { 4 };
        // DT_HASH: every bucket, then every chain entry, pointed far away
        // or at itself (a loop). Only DT_HASH is left so it is used.
        let (base, _) = without(case, DT_GNU_HASH);
        let h = table(case, DT_HASH);
        let rd = |b: &[u8], off: usize| {
            let w = b[off..off + 4].try_into().unwrap();
            if big_endian(b) {
                u32::from_be_bytes(w)
            } else {
                u32::from_le_bytes(w)
            }
        };
        let nbucket = rd(&base, h) as usize;
        let nchain = rd(&base, h + 4) as usize;
        for i in (0..nbucket + nchain).step_by(entry_stride()) {
            for val in [u32::MAX, nchain as u32, i.saturating_sub(nbucket) as u32, 1] {
                let mut b = base.clone();
                write(&mut b, h + 8 + 4 * i, 4, val.into());
                probe(&b, case);
            }
        }
        for (field, val) in [
            (0, 0u64),
            (0, u32::MAX.into()),
            (4, u32::MAX.into()),
            (4, 0),
        ] {
            let mut b = base.clone();
            write(&mut b, h + field, 4, val);
            let found = probe(&b, case);
            if field == 4 && val == 0 || field == 0 {
                assert_eq!(found, 0, "{} nbucket/nchain {field} {val:#x}", case.file);
            }
        }
        // DT_GNU_HASH: header fields, every bucket and chain word.
        let (base, _) = without(case, DT_HASH);
        let g = table(case, DT_GNU_HASH);
        let nbuckets = rd(&base, g) as usize;
        let bloom = rd(&base, g + 8) as usize;
        let buckets = g + 16 + bloom * w;
        for field in 0..4 {
            for val in [0u32, 1, 31, 32, 64, u32::MAX, u32::MAX / 4] {
                let mut b = base.clone();
                write(&mut b, g + 4 * field, 4, val.into());
                probe(&b, case);
            }
        }
        let chain_words = (end_of(case) - buckets) / 4;
        for i in (0..(nbuckets + 32).min(chain_words)).step_by(entry_stride()) {
            for val in [0u32, 1, u32::MAX, u32::MAX - 1, 0x7fff_ffff] {
                let mut b = base.clone();
                write(&mut b, buckets + 4 * i, 4, val.into());
                probe(&b, case);
            }
        }
    }
}

fn end_of(case: &Case) -> usize {
    super::elf::Headers::read(case.bytes, case.target)
        .and_then(|h| h.image_len())
        .unwrap()
}

#[test]
fn string_offsets_past_the_end() {
    for case in cases() {
        let w = if case.target.class64 { 8 } else { 4 };
        let sym_size = if case.target.class64 { 24 } else { 16 };
        let symtab = table(case, DT_SYMTAB);
        let strtab = table(case, DT_STRTAB);
        let strsz = dynamic(case, case.bytes)
            .iter()
            .find(|e| e.1 == 10)
            .unwrap()
            .2;
        // Every symbol's st_name pointed past the string table, at its
        // last byte and far away: that symbol is never found, the others are.
        for i in 1..case.funcs.len() + 2 {
            for val in [strsz, strsz - 1, u64::from(u32::MAX)] {
                let mut b = case.bytes.to_vec();
                write(&mut b, symtab + i * sym_size, 4, val);
                assert!(probe(&b, case) >= case.funcs.len() - 1);
            }
        }
        // DT_STRSZ past the segment: the image is refused.
        let mut b = case.bytes.to_vec();
        let at = dynamic(case, &b).iter().find(|e| e.1 == 10).unwrap().0;
        write(&mut b, at + w, w, (end_of(case) - strtab + 1) as u64);
        assert!(parse(&b, case.target).is_none());
        // A string table without a final NUL: names running off its end
        // are not read past it.
        let mut b = case.bytes.to_vec();
        b[strtab + strsz as usize - 1] = b'x';
        probe(&b, case);
    }
}

#[test]
fn looping_and_broken_version_chains() {
    for case in cases() {
        let verdef = table(case, DT_VERDEF);
        let versym = table(case, DT_VERSYM);
        let (name, version, _) = case.funcs[0];
        let rd = |b: &[u8], off: usize| {
            let w = b[off..off + 4].try_into().unwrap();
            if big_endian(b) {
                u32::from_be_bytes(w)
            } else {
                u32::from_le_bytes(w)
            }
        };
        // vd_next of the first definition: back onto itself by wrapping
        // (-20 as an unsigned offset), zero-sized, past the end, huge.
        for val in [0u32.wrapping_sub(20), 0xffff_ffff, 0x8000_0000, 1, 4096] {
            let mut b = case.bytes.to_vec();
            write(&mut b, verdef + 16, 4, val.into());
            let img = parse(&b, case.target).unwrap();
            // Definitions after the first are lost (or garbage): no panic,
            // and a wrong version never matches.
            let _ = look(&img, name.as_bytes(), version.as_bytes());
            assert_eq!(look(&img, name.as_bytes(), b"LINUX_0"), None);
            probe(&b, case);
        }
        // Every definition chained to the next at +20 through the whole
        // segment: a long chain is cut off, not followed forever.
        let mut b = case.bytes.to_vec();
        let end = end_of(case);
        let mut d = verdef;
        while d + 20 <= end {
            write(&mut b, d + 16, 4, 20);
            d += 20;
        }
        probe(&b, case);
        // vd_aux and vda_name out of range, every versym entry out of range.
        for (off, val) in [(12, u32::MAX), (12, 0x1000_0000)] {
            let mut b = case.bytes.to_vec();
            write(&mut b, verdef + off, 4, val.into());
            probe(&b, case);
        }
        let aux = verdef + rd(case.bytes, verdef + 12) as usize;
        let mut b = case.bytes.to_vec();
        write(&mut b, aux, 4, u32::MAX.into());
        probe(&b, case);
        let mut b = case.bytes.to_vec();
        for i in 0..parse(case.bytes, case.target).unwrap().nsyms() {
            write(&mut b, versym + 2 * i, 2, 0x7fff);
        }
        assert_eq!(probe(&b, case), 0, "{}: versym out of range", case.file);
    }
}
