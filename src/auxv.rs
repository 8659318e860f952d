//! The auxiliary vector, read without libc and without allocation.
//!
//! The kernel places auxv on the initial stack after `envp`: pairs of
//! `(key, value)` ending with `AT_NULL`. [`get`] answers from a cache of
//! atomics, filled on first use from, in order of preference:
//!
//! 1. what the program handed over itself ([`init_from_stack`],
//!    [`init_from_envp`], [`init_from_auxv`]) — a sandbox does this before
//!    a seccomp filter takes `/proc` away — or, in a
//!    [`start!`](crate::start) program, the vector on the initial stack,
//!    which its runtime names and the first [`get`] reads (a program that
//!    never asks never walks it);
//! 2. `prctl(PR_GET_AUXV)` (Linux 6.4 and later);
//! 3. `/proc/self/auxv`, read with raw system calls.
//!
//! Keys `0..64` are cached, which covers every `AT_*` Linux defines.
//! Everything here is async-signal-safe and never panics.
//!
//! The cache is trusted: the vDSO is read, and its functions called, at
//! the address it gives for `AT_SYSINFO_EHDR` (and i386 enters the kernel
//! through `AT_SYSINFO`). So only the kernel's values get in: the explicit
//! fills are `unsafe` (their callers vouch for the vector), and the lazy
//! sources are the kernel's. `/proc/self/auxv` is the kernel's as long as
//! the path names procfs; a process that changes what it names (a chroot
//! or mount namespace of its own making, with a file of its own there)
//! fills the cache before that, with [`get`] or [`crate::vdso::init`].

use crate::raw::check;
use crate::{syscall, Errno, Result, Sysno};
use core::sync::atomic::{AtomicBool, AtomicPtr, AtomicU8, AtomicUsize, Ordering};

/// End of the vector.
pub const AT_NULL: usize = 0;
/// Entry to ignore.
pub const AT_IGNORE: usize = 1;
/// File descriptor of the program (binfmt_misc).
pub const AT_EXECFD: usize = 2;
/// Address of the program headers.
pub const AT_PHDR: usize = 3;
/// Size of one program header.
pub const AT_PHENT: usize = 4;
/// Number of program headers.
pub const AT_PHNUM: usize = 5;
/// System page size.
pub const AT_PAGESZ: usize = 6;
/// Base address of the interpreter.
pub const AT_BASE: usize = 7;
/// Flags (unused).
pub const AT_FLAGS: usize = 8;
/// Entry point of the program.
pub const AT_ENTRY: usize = 9;
/// The program is not ELF.
pub const AT_NOTELF: usize = 10;
/// Real user id.
pub const AT_UID: usize = 11;
/// Effective user id.
pub const AT_EUID: usize = 12;
/// Real group id.
pub const AT_GID: usize = 13;
/// Effective group id.
pub const AT_EGID: usize = 14;
/// Address of a string naming the platform.
pub const AT_PLATFORM: usize = 15;
/// CPU capability bits.
pub const AT_HWCAP: usize = 16;
/// Clock ticks per second (`times(2)`).
pub const AT_CLKTCK: usize = 17;
/// Non-zero when the program runs set-uid, set-gid or with capabilities.
pub const AT_SECURE: usize = 23;
/// Address of a string naming the base platform.
pub const AT_BASE_PLATFORM: usize = 24;
/// Address of 16 random bytes.
pub const AT_RANDOM: usize = 25;
/// More CPU capability bits.
pub const AT_HWCAP2: usize = 26;
/// rseq: supported feature size.
pub const AT_RSEQ_FEATURE_SIZE: usize = 27;
/// rseq: required alignment.
pub const AT_RSEQ_ALIGN: usize = 28;
/// More CPU capability bits.
pub const AT_HWCAP3: usize = 29;
/// More CPU capability bits.
pub const AT_HWCAP4: usize = 30;
/// Address of the file name the program was executed as.
pub const AT_EXECFN: usize = 31;
// The keys only some architectures have (i386's `AT_SYSINFO`, riscv64's
// cache geometry) come from `arch/<arch>/abi.rs`: each exists only where
// the kernel defines it. The module is empty on x86_64 and aarch64.
#[allow(unused_imports)]
pub use crate::arch::abi::auxv::*;
/// Address of the vDSO's ELF header.
pub const AT_SYSINFO_EHDR: usize = 33;
/// Minimal stack size for signal delivery.
pub const AT_MINSIGSTKSZ: usize = 51;

/// Keys below this are cached by [`get`].
const SLOTS: usize = 64;
/// A vector longer than this many pairs is taken as malformed.
const MAX_PAIRS: usize = 256;
/// Words of the stack buffer the lazy readers use (1 KiB on 64-bit).
const BUF_WORDS: usize = 128;

/// Where the cached vector came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Source {
    /// Handed over by the program ([`init_from_stack`] and friends).
    Explicit,
    /// `prctl(PR_GET_AUXV)`.
    Prctl,
    /// `/proc/self/auxv`.
    Proc,
}

const EMPTY: u8 = 0;
const UNAVAILABLE: u8 = 1;
const EXPLICIT: u8 = 2;
const PRCTL: u8 = 3;
const PROC: u8 = 4;

static STATE: AtomicU8 = AtomicU8::new(EMPTY);
static VALUES: [AtomicUsize; SLOTS] = [const { AtomicUsize::new(0) }; SLOTS];
static PRESENT: [AtomicBool; SLOTS] = [const { AtomicBool::new(false) }; SLOTS];
/// The kernel's vector on the initial stack, named by [`set_initial`] and
/// read by the first [`load`].
static INITIAL: AtomicPtr<usize> = AtomicPtr::new(core::ptr::null_mut());

/// A validated auxiliary vector: the pairs before `AT_NULL`.
#[derive(Clone, Copy, Debug)]
pub struct Entries<'a> {
    words: &'a [usize],
}

impl<'a> Entries<'a> {
    /// Validates `words` as an auxiliary vector: `(key, value)` pairs ending
    /// with an `AT_NULL` key, at most 256 pairs. Words after `AT_NULL` are
    /// ignored. `None` when there is no terminator.
    pub fn parse(words: &'a [usize]) -> Option<Self> {
        let pairs = words.chunks_exact(2).take(MAX_PAIRS);
        let end = pairs.clone().position(|p| p[0] == AT_NULL)?;
        Some(Entries {
            words: &words[..end * 2],
        })
    }

    /// The value of the first entry with this key.
    pub fn get(&self, key: usize) -> Option<usize> {
        self.iter().find(|&(k, _)| k == key).map(|(_, v)| v)
    }

    /// The `(key, value)` pairs in order, without the terminator.
    pub fn iter(&self) -> impl Iterator<Item = (usize, usize)> + 'a {
        self.words.chunks_exact(2).map(|p| (p[0], p[1]))
    }

    /// The number of pairs.
    pub fn len(&self) -> usize {
        self.words.len() / 2
    }

    /// Whether the vector has no pairs.
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
    }
}

/// The value for `key` (an `AT_*` constant), or `None` when the vector has
/// no such entry or cannot be read at all. Never panics; after the first
/// call it is a pair of relaxed atomic loads.
pub fn get(key: usize) -> Option<usize> {
    if STATE.load(Ordering::Acquire) == EMPTY {
        load();
    }
    if key < SLOTS && PRESENT[key].load(Ordering::Relaxed) {
        Some(VALUES[key].load(Ordering::Relaxed))
    } else {
        None
    }
}

/// Where the cache was filled from (filling it first, as [`get`] does);
/// `None` when no source could be read.
pub fn source() -> Option<Source> {
    if STATE.load(Ordering::Acquire) == EMPTY {
        load();
    }
    match STATE.load(Ordering::Acquire) {
        EXPLICIT => Some(Source::Explicit),
        PRCTL => Some(Source::Prctl),
        PROC => Some(Source::Proc),
        _ => None,
    }
}

/// Fills the cache from `entries`, replacing what it held. Call it before
/// other threads use [`get`]: a reader racing with it may see a mixture.
///
/// Parsing a vector ([`Entries::parse`]) is safe; installing one is not,
/// because sysgate trusts what the cache holds: [`Vdso::from_auxv`]
/// reads the ELF image at `AT_SYSINFO_EHDR`, [`crate::time`] calls the
/// functions it finds there, and on i386 every system call jumps to
/// `AT_SYSINFO`.
///
/// ```compile_fail,E0133
/// // Installing a vector is unsafe: this does not compile.
/// sysgate::auxv::init(sysgate::auxv::Entries::parse(&[33, 0x10000, 0, 0]).unwrap());
/// ```
///
/// # Safety
///
/// `entries` must be this process's auxiliary vector as the kernel wrote
/// it (a copy, or a subset, is fine): in particular `AT_SYSINFO_EHDR`,
/// when present, must be the address of the vDSO the kernel mapped, and
/// `AT_SYSINFO` that of its system call entry. The other values are
/// read as plain numbers.
///
/// [`Vdso::from_auxv`]: crate::vdso::Vdso::from_auxv
pub unsafe fn init(entries: Entries<'_>) {
    // Replacing: what the old vector had and this one lacks goes.
    for slot in &PRESENT {
        slot.store(false, Ordering::Relaxed);
    }
    fill(entries, EXPLICIT);
}

/// Fills the cache from the initial process stack as the kernel laid it
/// out at `_start`: `argc`, `argv[0..argc]`, NULL, `envp…`, NULL, auxv.
///
/// # Errors
///
/// `EINVAL` when the vector has no `AT_NULL` within 256 pairs.
///
/// # Safety
///
/// `sp` must be the stack pointer the kernel handed to `_start`, and that
/// memory must still hold what the kernel wrote there (see [`init`]: the
/// values are trusted).
pub unsafe fn init_from_stack(sp: *const usize) -> Result<()> {
    // SAFETY: the caller guarantees the initial stack layout; argv has
    // argc entries and a terminating NULL, and envp follows it.
    unsafe {
        let argc = *sp;
        init_from_envp(sp.add(argc + 2) as *const *const u8)
    }
}

/// Fills the cache from the vector that follows the NULL-terminated `envp`.
///
/// # Errors
///
/// `EINVAL` when the vector has no `AT_NULL` within 256 pairs.
///
/// # Safety
///
/// `envp` must be the environment array the kernel passed to the process,
/// with auxv still in place after its terminating NULL (see [`init`]: the
/// values are trusted).
pub unsafe fn init_from_envp(envp: *const *const u8) -> Result<()> {
    let mut p = envp;
    // SAFETY: envp is NULL-terminated (caller's guarantee).
    unsafe {
        while !(*p).is_null() {
            p = p.add(1);
        }
        init_from_auxv(p.add(1) as *const usize)
    }
}

/// Fills the cache from a vector in memory.
///
/// # Errors
///
/// `EINVAL` when the vector has no `AT_NULL` within 256 pairs.
///
/// # Safety
///
/// `auxv` must point to `(key, value)` pairs ending with `AT_NULL`, and
/// they must be the kernel's vector for this process, as for [`init`].
pub unsafe fn init_from_auxv(auxv: *const usize) -> Result<()> {
    // SAFETY: the caller's guarantees are `walk`'s and `init`'s.
    unsafe { init(walk(auxv)?) };
    Ok(())
}

/// The pairs of the vector at `auxv` before its `AT_NULL`; `EINVAL` when
/// there is none within 256 pairs.
///
/// # Safety
///
/// `auxv` must point to `(key, value)` pairs ending with `AT_NULL`, which
/// stay in place for `'a`.
unsafe fn walk<'a>(auxv: *const usize) -> Result<Entries<'a>> {
    let mut pairs = 0;
    // SAFETY: reads keys up to the terminator, which the caller guarantees
    // exists; the walk also stops at MAX_PAIRS. The pairs before the
    // terminator are then a valid `Entries`.
    unsafe {
        while *auxv.add(pairs * 2) != AT_NULL {
            pairs += 1;
            if pairs == MAX_PAIRS {
                return Err(Errno::EINVAL);
            }
        }
        Ok(Entries {
            words: core::slice::from_raw_parts(auxv, pairs * 2),
        })
    }
}

/// Reads the vector with `prctl(PR_GET_AUXV)` into `buf`.
///
/// # Errors
///
/// `EINVAL` on kernels before 6.4 (and emulators without it); `E2BIG`
/// when `buf` is too small; `EIO` when the result is malformed.
pub fn read_prctl(buf: &mut [usize]) -> Result<Entries<'_>> {
    const PR_GET_AUXV: usize = 0x4155_5856;
    let bytes = core::mem::size_of_val(buf);
    // SAFETY: the kernel writes at most `bytes` bytes into `buf`.
    let size = unsafe { syscall!(Sysno::prctl, PR_GET_AUXV, buf.as_mut_ptr(), bytes, 0, 0) }?;
    if size > bytes {
        return Err(Errno::E2BIG);
    }
    words_read(buf, size)
}

/// Reads `/proc/self/auxv` into `buf` with `openat`, `read` and `close`.
///
/// # Errors
///
/// What `openat` or `read` give (`ENOENT` without `/proc`, `EACCES` or
/// `EPERM` under a sandbox); `E2BIG` when `buf` is too small; `EIO` when
/// the result is malformed.
pub fn read_proc(buf: &mut [usize]) -> Result<Entries<'_>> {
    use crate::base::fs::{AT_FDCWD, O_CLOEXEC as O_RDONLY_CLOEXEC};
    let path = c"/proc/self/auxv";
    // SAFETY: `path` is NUL-terminated; the fd returned is ours to close.
    let fd = unsafe { syscall!(Sysno::openat, AT_FDCWD, path.as_ptr(), O_RDONLY_CLOEXEC, 0) }?;
    let bytes = core::mem::size_of_val(buf);
    let base = buf.as_mut_ptr() as *mut u8;
    let mut done = 0;
    let result = loop {
        if done == bytes {
            break Err(Errno::E2BIG);
        }
        // SAFETY: writes at most `bytes - done` bytes inside `buf`.
        let r = unsafe {
            check(crate::raw::syscall3(
                Sysno::read as usize,
                fd,
                base.add(done) as usize,
                bytes - done,
            ))
        };
        match r {
            Ok(0) => break Ok(()),
            Ok(n) => done += n,
            Err(Errno::EINTR) => {}
            Err(e) => break Err(e),
        }
    };
    // SAFETY: closes the fd opened above, which nothing else knows of.
    let _ = unsafe { syscall!(Sysno::close, fd) };
    result?;
    words_read(buf, done)
}

/// The entries in the first `size` bytes of `buf`.
fn words_read(buf: &[usize], size: usize) -> Result<Entries<'_>> {
    if !size.is_multiple_of(core::mem::size_of::<usize>()) {
        return Err(Errno::EIO);
    }
    Entries::parse(&buf[..size / core::mem::size_of::<usize>()]).ok_or(Errno::EIO)
}

/// Names the vector that the first [`load`] fills the cache from, ahead
/// of prctl and `/proc`; the walk to its end waits until then.
///
/// # Safety
///
/// As for [`init_from_auxv`], and the vector must stay in place for the
/// life of the process (the initial stack's does: nothing above `_start`'s
/// frame is ever written).
pub(crate) unsafe fn set_initial(auxv: *const usize) {
    // Relaxed: the runtime calls this before the program can start a
    // thread, and starting one orders this store before its loads.
    INITIAL.store(auxv.cast_mut(), Ordering::Relaxed);
}

/// Fills the cache from the first source that answers. Threads that race
/// here store the same values, so none of them clears anything.
#[cold]
fn load() {
    let initial = INITIAL.load(Ordering::Relaxed);
    if !initial.is_null() {
        // SAFETY: `set_initial`'s caller vouches for the vector, which
        // stays in place.
        if let Ok(entries) = unsafe { walk(initial) } {
            return fill(entries, EXPLICIT);
        }
    }
    let mut buf = [0usize; BUF_WORDS];
    if let Ok(entries) = read_prctl(&mut buf) {
        return fill(entries, PRCTL);
    }
    if let Ok(entries) = read_proc(&mut buf) {
        return fill(entries, PROC);
    }
    // Racing with an explicit init, keep what it stored.
    let _ = STATE.compare_exchange(EMPTY, UNAVAILABLE, Ordering::AcqRel, Ordering::Acquire);
}

/// Stores `entries` in the cache. An explicit fill replaces what was there;
/// lazy fills only add, so threads filling at once from the same source
/// never hide each other's entries.
fn fill(entries: Entries<'_>, state: u8) {
    // Store in reverse so that the first entry of a duplicated key wins.
    for (key, value) in entries.words.rchunks_exact(2).map(|p| (p[0], p[1])) {
        if key < SLOTS {
            VALUES[key].store(value, Ordering::Relaxed);
            PRESENT[key].store(true, Ordering::Relaxed);
        }
    }
    STATE.store(state, Ordering::Release);
}
