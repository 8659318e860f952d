//! The vDSO: the small ELF shared object the kernel maps into every process,
//! whose functions (`clock_gettime` and friends) answer without entering
//! the kernel. sysgate finds them itself, with no libc and no dynamic loader.
//!
//! [`Vdso`] reads an image — the live one named by `AT_SYSINFO_EHDR` in auxv
//! ([`Vdso::from_auxv`]) or any copy in memory ([`Vdso::from_bytes`]) — and
//! looks functions up by name and version ([`Vdso::lookup`]), through
//! `DT_GNU_HASH` when the image has one and `DT_HASH` otherwise (arm64
//! kernels since 2024 ship only a GNU hash). `Documentation/ABI/stable/vdso`
//! asks callers to always name the version; the image of each architecture
//! names its own (x86: `LINUX_2.6`, arm64: `LINUX_2.6.39`, riscv64:
//! `LINUX_4.15`).
//!
//! The reader is safe code over a byte slice: every offset, index and count
//! taken from the image is checked against the loaded segment before use,
//! so a malformed or hostile image gives "no such symbol" — never an
//! out-of-bounds read, never a panic. The one unsafe step is turning the
//! address in auxv into that slice.
//!
//! [`crate::time`] calls through the vDSO. It resolves each function on first
//! use and caches the address in an atomic; [`init`] resolves them all up
//! front (before a seccomp filter takes `/proc` and `prctl` away, say), and
//! [`disable`] sends every call to the system call instead.

mod elf;
#[cfg(test)]
mod tests;

use core::ffi::{c_void, CStr};
use core::ptr::NonNull;
use core::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use elf::Image;

/// The smallest page size of any supported architecture: the vDSO mapping
/// is at least this long and starts with the ELF header.
const MIN_PAGE: usize = 4096;
/// A vDSO image longer than this is taken as malformed (the kernel's are a
/// few pages).
const MAX_IMAGE: usize = 1 << 20;

/// A vDSO image, read and checked: a table of its functions.
#[derive(Clone, Copy)]
pub struct Vdso<'a> {
    img: Image<'a>,
}

impl core::fmt::Debug for Vdso<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Vdso")
            .field("symbols", &self.img.nsyms())
            .finish_non_exhaustive()
    }
}

impl Vdso<'static> {
    /// The process's vDSO, at the address auxv gives as `AT_SYSINFO_EHDR`.
    ///
    /// `None` when there is none (`vdso=0` on the kernel command line,
    /// qemu-user before 8.1, a sandbox that hides auxv) or it is not an
    /// image of this architecture. Reads auxv through [`crate::auxv::get`]
    /// on first use, then only memory. Async-signal-safe.
    pub fn from_auxv() -> Option<Self> {
        let base = crate::auxv::get(crate::auxv::AT_SYSINFO_EHDR)?;
        if base == 0 || base % MIN_PAGE != 0 {
            return None;
        }
        // SAFETY: the kernel maps the vDSO at `base`, page aligned, readable
        // and at least one page long, for the life of the process, and never
        // writes to it; `base` came from the kernel through auxv (the cache
        // takes only the kernel's values: see `auxv::init`).
        let prefix = unsafe { core::slice::from_raw_parts(base as *const u8, MIN_PAGE) };
        let headers = elf::Headers::read(prefix, elf::NATIVE)?;
        let len = headers.image_len()?;
        if len > MAX_IMAGE {
            return None;
        }
        // SAFETY: the mapping holds the image's file contents, which end with
        // its first (only) loadable segment: `len` bytes from `base`, as the
        // headers checked above say.
        let image = unsafe { core::slice::from_raw_parts(base as *const u8, len) };
        Image::with_headers(image, headers).map(|img| Vdso { img })
    }
}

impl<'a> Vdso<'a> {
    /// Reads a vDSO image in memory — a copy of one, or a test's own. It
    /// must be an ELF shared object of this target's class, byte order and
    /// machine, and hold its whole first loadable segment; addresses that
    /// [`lookup`](Self::lookup) returns point into `image`.
    ///
    /// `None` when the headers are wrong or the dynamic section, string
    /// table or symbol table lie outside that segment.
    pub fn from_bytes(image: &'a [u8]) -> Option<Self> {
        Image::parse(image, elf::NATIVE).map(|img| Vdso { img })
    }

    /// The address of the defined global or weak function `name` of version
    /// `version` (e.g. `("__vdso_clock_gettime", "LINUX_2.6")`); `None` when
    /// there is no such function, the version differs, or the image is
    /// malformed. An image without version information (`DT_VERSYM`)
    /// matches any version.
    pub fn lookup(&self, name: &str, version: &str) -> Option<NonNull<c_void>> {
        let off = self.img.lookup(name.as_bytes(), version.as_bytes())?;
        let seg = self.img.segment();
        // The pointer keeps the image's provenance: `off` is inside `seg`.
        NonNull::new(seg.as_ptr().wrapping_add(off) as *mut c_void)
    }

    /// Every defined symbol of the image (functions and others, any
    /// binding), in table order.
    pub fn symbols(&self) -> Symbols<'a> {
        Symbols {
            img: self.img,
            next: 1,
        }
    }
}

/// The binding of a [`Symbol`] (`STB_*`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Binding {
    /// `STB_LOCAL`: not visible outside the image.
    Local,
    /// `STB_GLOBAL`.
    Global,
    /// `STB_WEAK`.
    Weak,
    /// Any other value, as found.
    Other(u8),
}

/// A defined symbol of a vDSO image, as [`Vdso::symbols`] yields it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Symbol<'a> {
    name: &'a CStr,
    version: Option<&'a CStr>,
    address: usize,
    size: u64,
    info: u8,
}

impl<'a> Symbol<'a> {
    /// Its name.
    pub fn name(&self) -> &'a CStr {
        self.name
    }

    /// The name of its version definition; `None` when it has none.
    pub fn version(&self) -> Option<&'a CStr> {
        self.version
    }

    /// Its value moved by the load offset: for a function, where it is.
    pub fn address(&self) -> usize {
        self.address
    }

    /// Its size in bytes, as the image says.
    pub fn size(&self) -> u64 {
        self.size
    }

    /// Whether it is a function: `STT_FUNC`, or `STT_NOTYPE`, which is how
    /// powerpc's vDSO declares its functions (both are what
    /// [`Vdso::lookup`] finds).
    pub fn is_function(&self) -> bool {
        matches!(self.info & 0xf, 0 | 2)
    }

    /// Its binding.
    pub fn binding(&self) -> Binding {
        match self.info >> 4 {
            0 => Binding::Local,
            1 => Binding::Global,
            2 => Binding::Weak,
            b => Binding::Other(b),
        }
    }
}

/// Iterator over the defined symbols of a [`Vdso`]; skips entries whose
/// name is not a string inside the string table.
#[derive(Clone)]
pub struct Symbols<'a> {
    img: Image<'a>,
    next: usize,
}

impl core::fmt::Debug for Symbols<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Symbols")
            .field("next", &self.next)
            .finish_non_exhaustive()
    }
}

impl<'a> Iterator for Symbols<'a> {
    type Item = Symbol<'a>;

    fn next(&mut self) -> Option<Symbol<'a>> {
        while self.next < self.img.nsyms() {
            let i = self.next;
            self.next += 1;
            match self.img.sym(i) {
                Some((name, s)) if s.shndx != 0 => {
                    return Some(Symbol {
                        name,
                        version: self.img.version(i),
                        address: self.img.load_address(s.value),
                        size: s.size,
                        info: s.info,
                    })
                }
                _ => {}
            }
        }
        None
    }
}

/// Slot value: not looked up yet.
const UNRESOLVED: usize = 0;
/// Slot value: looked up, not there (or the vDSO is disabled).
const ABSENT: usize = 1;

/// Set by [`disable`].
static DISABLED: AtomicBool = AtomicBool::new(false);

/// A cached vDSO function: its name and version, and its address once
/// looked up. Reading it is one relaxed load; the first reader looks it up.
/// Threads racing to look it up store the same value, so no lock is needed.
#[derive(Debug)]
pub(crate) struct Slot {
    addr: AtomicUsize,
    name: &'static str,
    version: &'static str,
}

impl Slot {
    /// A slot for the function `name` of `version`; absent for good when
    /// the architecture's vDSO has no such function (`None`).
    const fn new(name: Option<&'static str>, version: &'static str) -> Self {
        match name {
            Some(name) => Slot {
                addr: AtomicUsize::new(UNRESOLVED),
                name,
                version,
            },
            None => Slot {
                addr: AtomicUsize::new(ABSENT),
                name: "",
                version,
            },
        }
    }

    /// The function's address, or `None` when the vDSO has no such function.
    #[inline(always)]
    pub(crate) fn get(&self) -> Option<usize> {
        match self.addr.load(Ordering::Relaxed) {
            UNRESOLVED => self.resolve(),
            ABSENT => None,
            addr => Some(addr),
        }
    }

    #[cold]
    #[inline(never)]
    fn resolve(&self) -> Option<usize> {
        let vdso = if DISABLED.load(Ordering::SeqCst) {
            None
        } else {
            Vdso::from_auxv()
        };
        self.fill(vdso.as_ref())
    }

    /// Stores what `vdso` says unless the slot is already set (by another
    /// thread, or by [`disable`]); returns the slot's value.
    fn fill(&self, vdso: Option<&Vdso<'_>>) -> Option<usize> {
        let found = vdso
            .and_then(|v| v.lookup(self.name, self.version))
            .map_or(ABSENT, |p| p.as_ptr() as usize);
        let addr =
            match self
                .addr
                .compare_exchange(UNRESOLVED, found, Ordering::SeqCst, Ordering::SeqCst)
            {
                Ok(_) => found,
                Err(current) => current,
            };
        (addr != ABSENT).then_some(addr)
    }
}

/// The vDSO functions sysgate calls, named (or not) by the architecture's
/// `arch/<arch>/abi.rs`. Each is `Some` only where the architecture's vDSO
/// has the function, so callers' checks fold away at compile time.
pub(crate) mod slots {
    use super::Slot;
    use crate::arch::abi as a;

    macro_rules! slots {
        ($($slot:ident $get:ident: $name:ident),* $(,)?) => {
            $(static $slot: Slot = Slot::new(a::$name, a::VDSO_VERSION);)*
            $(
                #[doc = concat!("The vDSO function `abi::", stringify!($name), "` names; the")]
                /// check folds away, since the name is a constant.
                #[allow(dead_code)] // 32-bit targets derive gettimeofday from clock_gettime
                #[inline(always)]
                pub(crate) fn $get() -> Option<&'static Slot> {
                    if a::$name.is_some() {
                        Some(&$slot)
                    } else {
                        None
                    }
                }
            )*
            /// Every slot, for [`init`](super::init) and [`disable`](super::disable).
            pub(crate) static ALL: &[&Slot] = &[$(&$slot),*];
        };
    }

    slots! {
        CLOCK_GETTIME clock_gettime: VDSO_CLOCK_GETTIME,
        CLOCK_GETRES clock_getres: VDSO_CLOCK_GETRES,
        GETTIMEOFDAY gettimeofday: VDSO_GETTIMEOFDAY,
        TIME time: VDSO_TIME,
        GETCPU getcpu: VDSO_GETCPU,
    }
}

/// Looks up every vDSO function sysgate uses, now, so that later calls make
/// no lookup and no system call to find them (auxv is read through `prctl`
/// or `/proc` on first use). Call it before installing a seccomp filter
/// that forbids those. Returns whether the process has a usable vDSO.
/// Calling it again, or after calls have looked functions up, is harmless.
pub fn init() -> bool {
    let vdso = if DISABLED.load(Ordering::SeqCst) {
        None
    } else {
        Vdso::from_auxv()
    };
    for slot in slots::ALL {
        slot.fill(vdso.as_ref());
    }
    vdso.is_some()
}

/// Makes every call in [`crate::time`] use its system call from now on,
/// for good: for tests, and for programs that want each call to be seen by
/// the kernel (seccomp, ptrace, syscall auditing). [`Vdso::from_auxv`] and
/// lookups are unaffected.
pub fn disable() {
    DISABLED.store(true, Ordering::SeqCst);
    for slot in slots::ALL {
        slot.addr.store(ABSENT, Ordering::SeqCst);
    }
}
