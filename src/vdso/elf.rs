//! The ELF reader behind [`Vdso`](super::Vdso): safe code over a byte slice.
//!
//! Every offset, index and count taken from the image goes through a checked
//! read of the loaded segment (`seg.get(..)`) or checked arithmetic before
//! it is used, so a malformed image gives "no such symbol" and nothing else.
//! The class (ELF32 or ELF64) and machine are parameters, so tests can read
//! the images of every architecture on any host; the public entry points fix
//! them to the running target.

use core::ffi::CStr;

/// `e_ident` magic.
const ELFMAG: [u8; 4] = *b"\x7fELF";
const ELFCLASS32: u8 = 1;
const ELFCLASS64: u8 = 2;
#[cfg(target_endian = "little")]
const ELFDATA_NATIVE: u8 = 1;
#[cfg(target_endian = "big")]
const ELFDATA_NATIVE: u8 = 2;
const EV_CURRENT: u32 = 1;
const ET_DYN: u16 = 3;

const PT_LOAD: u32 = 1;
const PT_DYNAMIC: u32 = 2;

const DT_NULL: u64 = 0;
const DT_HASH: u64 = 4;
const DT_STRTAB: u64 = 5;
const DT_SYMTAB: u64 = 6;
const DT_STRSZ: u64 = 10;
const DT_SYMENT: u64 = 11;
const DT_GNU_HASH: u64 = 0x6fff_fef5;
const DT_VERSYM: u64 = 0x6fff_fff0;
const DT_VERDEF: u64 = 0x6fff_fffc;

const SHN_UNDEF: u16 = 0;
const STT_NOTYPE: u8 = 0;
const STT_FUNC: u8 = 2;
const STB_GLOBAL: u8 = 1;
const STB_WEAK: u8 = 2;
const VER_FLG_BASE: u16 = 1;
/// Size of `Elf{32,64}_Verdef`, the same in both classes.
const VERDEF_SIZE: usize = 20;
/// Longest version definition chain followed; the kernel's have two or three.
const MAX_VERDEFS: usize = 256;

pub(crate) use crate::arch::abi::EM_NATIVE;

/// Whether the running target's ELF class is ELF64.
pub(crate) const CLASS64_NATIVE: bool = cfg!(target_pointer_width = "64");

/// What an image must be to be read: its class and `e_machine`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Target {
    pub(crate) class64: bool,
    pub(crate) machine: u16,
}

/// The running target.
pub(crate) const NATIVE: Target = Target {
    class64: CLASS64_NATIVE,
    machine: EM_NATIVE,
};

/// Reads native-endian integers at checked offsets of a byte slice.
trait Bytes {
    fn u8_at(&self, off: usize) -> Option<u8>;
    fn u16_at(&self, off: usize) -> Option<u16>;
    fn u32_at(&self, off: usize) -> Option<u32>;
    fn u64_at(&self, off: usize) -> Option<u64>;
}

impl Bytes for [u8] {
    fn u8_at(&self, off: usize) -> Option<u8> {
        self.get(off).copied()
    }
    fn u16_at(&self, off: usize) -> Option<u16> {
        Some(u16::from_ne_bytes(
            self.get(off..off.checked_add(2)?)?.try_into().ok()?,
        ))
    }
    fn u32_at(&self, off: usize) -> Option<u32> {
        Some(u32::from_ne_bytes(
            self.get(off..off.checked_add(4)?)?.try_into().ok()?,
        ))
    }
    fn u64_at(&self, off: usize) -> Option<u64> {
        Some(u64::from_ne_bytes(
            self.get(off..off.checked_add(8)?)?.try_into().ok()?,
        ))
    }
}

/// Field offsets and sizes that differ between ELF32 and ELF64.
#[derive(Clone, Copy, Debug)]
struct Class {
    is64: bool,
}

impl Class {
    /// An address-sized word (`Elf_Addr`, `Elf_Off`, `Elf_Xword`/`Elf_Word` in dynamic entries).
    fn word(self, b: &[u8], off: usize) -> Option<u64> {
        if self.is64 {
            b.u64_at(off)
        } else {
            b.u32_at(off).map(u64::from)
        }
    }
    fn word_size(self) -> usize {
        if self.is64 {
            8
        } else {
            4
        }
    }
    fn ehdr_size(self) -> usize {
        if self.is64 {
            64
        } else {
            52
        }
    }
    fn phdr_size(self) -> usize {
        if self.is64 {
            56
        } else {
            32
        }
    }
    fn sym_size(self) -> usize {
        if self.is64 {
            24
        } else {
            16
        }
    }
}

/// A program header's fields that the reader uses.
#[derive(Clone, Copy, Debug)]
struct Phdr {
    offset: u64,
    vaddr: u64,
    filesz: u64,
}

#[inline(always)]
fn phdr(c: Class, b: &[u8], off: usize) -> Option<Phdr> {
    let (o, v, f) = if c.is64 { (8, 16, 32) } else { (4, 8, 16) };
    Some(Phdr {
        offset: c.word(b, off.checked_add(o)?)?,
        vaddr: c.word(b, off.checked_add(v)?)?,
        filesz: c.word(b, off.checked_add(f)?)?,
    })
}

/// What the ELF and program headers say: the class, the first `PT_LOAD`
/// and the first `PT_DYNAMIC`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Headers {
    class: Class,
    load: Phdr,
    dynamic: Phdr,
}

impl Headers {
    /// Checks the ELF header of an image for `t` and finds the two program
    /// headers. Reads only the headers, so `image` may be a prefix of the
    /// image that holds them.
    pub(crate) fn read(image: &[u8], t: Target) -> Option<Self> {
        let c = Class { is64: t.class64 };
        let ident = image.get(..16)?;
        let class = if t.class64 { ELFCLASS64 } else { ELFCLASS32 };
        if ident[..4] != ELFMAG
            || ident[4] != class
            || ident[5] != ELFDATA_NATIVE
            || u32::from(ident[6]) != EV_CURRENT
        {
            return None;
        }
        let (phoff_at, sizes_at) = if c.is64 { (32, 52) } else { (28, 40) };
        if image.u16_at(16)? != ET_DYN
            || image.u16_at(18)? != t.machine
            || image.u32_at(20)? != EV_CURRENT
            || usize::from(image.u16_at(sizes_at)?) != c.ehdr_size()
            || usize::from(image.u16_at(sizes_at + 2)?) != c.phdr_size()
        {
            return None;
        }
        let phoff = usize::try_from(c.word(image, phoff_at)?).ok()?;
        let phnum = usize::from(image.u16_at(sizes_at + 4)?);
        let (mut load, mut dynamic) = (None, None);
        for i in 0..phnum {
            let off = phoff.checked_add(i.checked_mul(c.phdr_size())?)?;
            match image.u32_at(off)? {
                PT_LOAD if load.is_none() => load = Some(phdr(c, image, off)?),
                PT_DYNAMIC if dynamic.is_none() => dynamic = Some(phdr(c, image, off)?),
                _ => {}
            }
            if load.is_some() && dynamic.is_some() {
                break;
            }
        }
        Some(Headers {
            class: c,
            load: load?,
            dynamic: dynamic?,
        })
    }

    /// The number of bytes from the ELF header to the end of the first
    /// `PT_LOAD`'s file contents: how much of the image must be in memory.
    pub(crate) fn image_len(&self) -> Option<usize> {
        usize::try_from(self.load.offset.checked_add(self.load.filesz)?).ok()
    }
}

/// `DT_GNU_HASH`: the table's pieces, as offsets into the segment.
#[derive(Clone, Copy, Debug)]
struct GnuHash {
    nbuckets: u32,
    symoffset: u32,
    bloom_size: u32,
    bloom_shift: u32,
    bloom: usize,
    buckets: usize,
    chain: usize,
}

/// `DT_HASH`: bucket count and the offsets of buckets and chains.
#[derive(Clone, Copy, Debug)]
struct SysvHash {
    nbucket: u32,
    nchain: u32,
    buckets: usize,
    chains: usize,
}

/// A parsed image: the loaded segment and where its tables are.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Image<'a> {
    class: Class,
    /// The file contents of the first `PT_LOAD`.
    seg: &'a [u8],
    /// Its `p_vaddr`.
    vaddr: u64,
    strtab: &'a [u8],
    symtab: usize,
    /// Symbols in the table, as far as the hash tables say and the segment holds.
    nsyms: usize,
    gnu: Option<GnuHash>,
    sysv: Option<SysvHash>,
    versym: Option<usize>,
    verdef: Option<usize>,
}

/// One symbol of the table, as read.
#[derive(Clone, Copy, Debug)]
pub(crate) struct RawSym {
    /// `st_name`: an offset into the string table, not yet checked.
    name: u32,
    pub(crate) info: u8,
    pub(crate) shndx: u16,
    pub(crate) value: u64,
    pub(crate) size: u64,
}

impl RawSym {
    /// A defined global or weak function: `STT_FUNC`, or `STT_NOTYPE` as
    /// powerpc's vDSO declares its functions (the kernel's own
    /// `parse_vdso.c` accepts both).
    fn is_linkable_function(&self) -> bool {
        self.shndx != SHN_UNDEF
            && matches!(self.info & 0xf, STT_FUNC | STT_NOTYPE)
            && matches!(self.info >> 4, STB_GLOBAL | STB_WEAK)
    }
}

/// The ELF hash of `DT_HASH` (System V ABI).
fn sysv_hash(name: &[u8]) -> u32 {
    let mut h: u32 = 0;
    for &c in name {
        h = (h << 4).wrapping_add(u32::from(c));
        let g = h & 0xf000_0000;
        if g != 0 {
            h ^= g >> 24;
        }
        h &= !g;
    }
    h
}

/// The hash of `DT_GNU_HASH` (djb2).
fn gnu_hash(name: &[u8]) -> u32 {
    name.iter().fold(5381u32, |h, &c| {
        h.wrapping_mul(33).wrapping_add(u32::from(c))
    })
}

impl<'a> Image<'a> {
    /// Reads `image` as an image for `t`, loaded where it sits in memory:
    /// the first `PT_LOAD`'s `p_vaddr` is at `image[p_offset]`. `None` when the headers are wrong, the first `PT_LOAD` is not
    /// all in `image`, the dynamic section is not inside it, or the string
    /// or symbol table is missing or outside it. Hash and version tables
    /// that are malformed are dropped (lookups through them then fail).
    pub(crate) fn parse(image: &'a [u8], t: Target) -> Option<Self> {
        Self::with_headers(image, Headers::read(image, t)?)
    }

    /// [`parse`](Self::parse) with the headers already read (from `image`).
    pub(crate) fn with_headers(image: &'a [u8], h: Headers) -> Option<Self> {
        let Headers {
            class,
            load,
            dynamic,
        } = h;
        let seg_start = usize::try_from(load.offset).ok()?;
        let seg_len = usize::try_from(load.filesz).ok()?;
        let seg = image.get(seg_start..seg_start.checked_add(seg_len)?)?;
        // The dynamic section, at its file offset, inside the segment.
        let dyn_off = usize::try_from(dynamic.offset.checked_sub(load.offset)?).ok()?;
        let dyn_len = usize::try_from(dynamic.filesz).ok()?;
        let dyn_tab = seg.get(dyn_off..dyn_off.checked_add(dyn_len)?)?;

        let mut img = Image {
            class,
            seg,
            vaddr: load.vaddr,
            strtab: &[],
            symtab: 0,
            nsyms: 0,
            gnu: None,
            sysv: None,
            versym: None,
            verdef: None,
        };

        let (mut strtab, mut strsz, mut symtab, mut syment) = (None, None, None, None);
        let (mut hash, mut gnu, mut versym, mut verdef) = (None, None, None, None);
        let ws = class.word_size();
        for entry in dyn_tab.chunks_exact(2 * ws) {
            let tag = class.word(entry, 0)?;
            let val = class.word(entry, ws)?;
            // d_tag is signed; the tags read here are all small positive
            // numbers or OS-specific ones below 2^31, the same in both classes.
            match tag {
                DT_NULL => break,
                DT_STRTAB => strtab = img.offset_of(val),
                DT_STRSZ => strsz = usize::try_from(val).ok(),
                DT_SYMTAB => symtab = img.offset_of(val),
                DT_SYMENT => syment = Some(val),
                DT_HASH => hash = img.offset_of(val),
                DT_GNU_HASH => gnu = img.offset_of(val),
                DT_VERSYM => versym = img.offset_of(val),
                DT_VERDEF => verdef = img.offset_of(val),
                _ => {}
            }
        }

        let strtab = strtab?;
        img.strtab = seg.get(strtab..strtab.checked_add(strsz?)?)?;
        if syment? != class.sym_size() as u64 {
            return None;
        }
        img.symtab = symtab?;
        // At most the symbols that fit between the table and the segment's end.
        let fit = (seg.len().checked_sub(img.symtab)?) / class.sym_size();
        img.sysv = hash.and_then(|off| img.read_sysv(off));
        img.gnu = gnu.and_then(|off| img.read_gnu(off));
        let counted = match (img.sysv, img.gnu) {
            (Some(h), _) => Some(h.nchain as usize),
            (None, Some(g)) => img.gnu_count(&g),
            (None, None) => None,
        };
        img.nsyms = counted.unwrap_or(0).min(fit);
        img.versym = versym;
        img.verdef = verdef;
        Some(img)
    }

    /// The segment offset of virtual address `vaddr`, if it is in the segment.
    fn offset_of(&self, vaddr: u64) -> Option<usize> {
        let off = usize::try_from(vaddr.checked_sub(self.vaddr)?).ok()?;
        (off < self.seg.len()).then_some(off)
    }

    fn read_sysv(&self, off: usize) -> Option<SysvHash> {
        let nbucket = self.seg.u32_at(off)?;
        let nchain = self.seg.u32_at(off.checked_add(4)?)?;
        let buckets = off.checked_add(8)?;
        let chains = buckets.checked_add((nbucket as usize).checked_mul(4)?)?;
        // Both arrays must be in the segment.
        let end = chains.checked_add((nchain as usize).checked_mul(4)?)?;
        (nbucket != 0 && end <= self.seg.len()).then_some(SysvHash {
            nbucket,
            nchain,
            buckets,
            chains,
        })
    }

    fn read_gnu(&self, off: usize) -> Option<GnuHash> {
        let s = self.seg;
        let nbuckets = s.u32_at(off)?;
        let symoffset = s.u32_at(off.checked_add(4)?)?;
        let bloom_size = s.u32_at(off.checked_add(8)?)?;
        let bloom_shift = s.u32_at(off.checked_add(12)?)?;
        let bloom = off.checked_add(16)?;
        let buckets =
            bloom.checked_add((bloom_size as usize).checked_mul(self.class.word_size())?)?;
        let chain = buckets.checked_add((nbuckets as usize).checked_mul(4)?)?;
        // Header, bloom filter and buckets must be in the segment; the chain
        // is checked entry by entry.
        // The bloom filter's size is a power of two (as the dynamic loaders
        // require, indexing it with a mask).
        (nbuckets != 0 && bloom_size.is_power_of_two() && chain <= s.len()).then_some(GnuHash {
            nbuckets,
            symoffset,
            bloom_size,
            bloom_shift,
            bloom,
            buckets,
            chain,
        })
    }

    /// The number of symbols a GNU hash table covers: one past the last
    /// entry of the chain that starts at the highest bucket.
    fn gnu_count(&self, g: &GnuHash) -> Option<usize> {
        let mut last = 0u32;
        for b in 0..g.nbuckets as usize {
            last = last.max(self.seg.u32_at(g.buckets.checked_add(b * 4)?)?);
        }
        if last < g.symoffset {
            return Some(g.symoffset as usize);
        }
        let mut i = last as usize;
        loop {
            let idx = i.checked_sub(g.symoffset as usize)?;
            let entry = self.seg.u32_at(g.chain.checked_add(idx.checked_mul(4)?)?)?;
            i = i.checked_add(1)?;
            if entry & 1 != 0 {
                return Some(i);
            }
        }
    }

    /// Symbol `i` of the table, if `i` is below the symbol count.
    fn raw_sym(&self, i: usize) -> Option<RawSym> {
        if i >= self.nsyms {
            return None;
        }
        let c = self.class;
        let off = self.symtab.checked_add(i.checked_mul(c.sym_size())?)?;
        let s = self.seg.get(off..off.checked_add(c.sym_size())?)?;
        let (info, shndx, value, size) = if c.is64 {
            (s.u8_at(4)?, s.u16_at(6)?, s.u64_at(8)?, s.u64_at(16)?)
        } else {
            (
                s.u8_at(12)?,
                s.u16_at(14)?,
                u64::from(s.u32_at(4)?),
                u64::from(s.u32_at(8)?),
            )
        };
        Some(RawSym {
            name: s.u32_at(0)?,
            info,
            shndx,
            value,
            size,
        })
    }

    /// Symbol `i` and its name, if `i` is below the symbol count and the
    /// name is a string inside the string table.
    pub(crate) fn sym(&self, i: usize) -> Option<(&'a CStr, RawSym)> {
        let s = self.raw_sym(i)?;
        Some((self.string(s.name)?, s))
    }

    /// The NUL-terminated string at `off` in the string table.
    fn string(&self, off: u32) -> Option<&'a CStr> {
        CStr::from_bytes_until_nul(self.strtab.get(off as usize..)?).ok()
    }

    /// Whether the string at `off` in the string table is `want` (which
    /// holds no NUL), without scanning past it.
    fn string_is(&self, off: u32, want: &[u8]) -> bool {
        let off = off as usize;
        let Some(end) = off.checked_add(want.len()) else {
            return false;
        };
        self.strtab.get(off..end) == Some(want) && self.strtab.get(end) == Some(&0)
    }

    /// The number of symbols in the table.
    pub(crate) fn nsyms(&self) -> usize {
        self.nsyms
    }

    /// The offset in the segment of a symbol value, if it is inside it.
    pub(crate) fn seg_offset(&self, value: u64) -> Option<usize> {
        self.offset_of(value)
    }

    /// The loaded segment.
    pub(crate) fn segment(&self) -> &'a [u8] {
        self.seg
    }

    /// Where a symbol value is in memory, wherever it lands (for symbols
    /// outside the segment, such as absolute ones, a mere number).
    pub(crate) fn load_address(&self, value: u64) -> usize {
        (self.seg.as_ptr() as usize).wrapping_add(value.wrapping_sub(self.vaddr) as usize)
    }

    /// The string table offset of the name of the version definition that
    /// symbol `i` has, if any. `None` for unversioned symbols (index 0 or
    /// 1), base definitions, and anything out of bounds.
    fn version_name(&self, i: usize) -> Option<u32> {
        let versym = self.versym?;
        let ndx = self.seg.u16_at(versym.checked_add(i.checked_mul(2)?)?)? & 0x7fff;
        let mut def = self.verdef?;
        for _ in 0..MAX_VERDEFS {
            let d = self.seg.get(def..def.checked_add(VERDEF_SIZE)?)?;
            let flags = d.u16_at(2)?;
            if flags & VER_FLG_BASE == 0 && d.u16_at(4)? & 0x7fff == ndx {
                let aux = def.checked_add(d.u32_at(12)? as usize)?;
                return self.seg.u32_at(aux);
            }
            // vd_next is unsigned, so the walk only moves forward; 0 ends it.
            match d.u32_at(16)? {
                0 => return None,
                next => def = def.checked_add(next as usize)?,
            }
        }
        None
    }

    /// The name of the version definition that symbol `i` has, if any.
    pub(crate) fn version(&self, i: usize) -> Option<&'a CStr> {
        self.string(self.version_name(i)?)
    }

    /// Whether symbol `i` has version `version`; every symbol does in an
    /// image without `DT_VERSYM`.
    fn has_version(&self, i: usize, version: &[u8]) -> bool {
        if self.versym.is_none() {
            return true;
        }
        self.version_name(i)
            .is_some_and(|off| self.string_is(off, version))
    }

    /// Whether symbol `i` is the defined global or weak function `name`
    /// with version `version`; its offset in the segment if so.
    fn matches(&self, i: usize, name: &[u8], version: &[u8]) -> Option<usize> {
        let s = self.raw_sym(i)?;
        if s.is_linkable_function() && self.string_is(s.name, name) && self.has_version(i, version)
        {
            self.seg_offset(s.value)
        } else {
            None
        }
    }

    /// The segment offset of the defined global or weak function `name`
    /// with version `version`, through `DT_GNU_HASH` when present, else `DT_HASH`.
    pub(crate) fn lookup(&self, name: &[u8], version: &[u8]) -> Option<usize> {
        if name.contains(&0) || version.contains(&0) {
            return None;
        }
        match (self.gnu, self.sysv) {
            (Some(g), _) => self.lookup_gnu(&g, name, version),
            (None, Some(h)) => self.lookup_sysv(&h, name, version),
            (None, None) => None,
        }
    }

    fn lookup_gnu(&self, g: &GnuHash, name: &[u8], version: &[u8]) -> Option<usize> {
        let h = gnu_hash(name);
        let bits = (self.class.word_size() * 8) as u32;
        let word_at = g
            .bloom
            .checked_add(((h / bits) & (g.bloom_size - 1)) as usize * self.class.word_size())?;
        let word = self.class.word(self.seg, word_at)?;
        let mask =
            (1u64 << (h % bits)) | (1u64 << (h.checked_shr(g.bloom_shift).unwrap_or(0) % bits));
        if word & mask != mask {
            return None;
        }
        let mut i = self
            .seg
            .u32_at(g.buckets.checked_add((h % g.nbuckets) as usize * 4)?)?
            as usize;
        if i == 0 {
            return None;
        }
        // Each step moves to the next symbol; `sym` stops at the count.
        while i < self.nsyms {
            let idx = i.checked_sub(g.symoffset as usize)?;
            let entry = self.seg.u32_at(g.chain.checked_add(idx.checked_mul(4)?)?)?;
            if entry | 1 == h | 1 {
                if let Some(a) = self.matches(i, name, version) {
                    return Some(a);
                }
            }
            if entry & 1 != 0 {
                return None;
            }
            i += 1;
        }
        None
    }

    fn lookup_sysv(&self, t: &SysvHash, name: &[u8], version: &[u8]) -> Option<usize> {
        let h = sysv_hash(name);
        let mut i = self
            .seg
            .u32_at(t.buckets.checked_add((h % t.nbucket) as usize * 4)?)?;
        // A chain visits each symbol at most once unless it loops: stop
        // after as many steps as there are symbols.
        for _ in 0..t.nchain {
            if i == 0 || i >= t.nchain {
                return None;
            }
            if let Some(a) = self.matches(i as usize, name, version) {
                return Some(a);
            }
            i = self.seg.u32_at(t.chains.checked_add(i as usize * 4)?)?;
        }
        None
    }
}
