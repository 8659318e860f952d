//! Process startup for programs with no libc (`#![no_std]`, `#![no_main]`).
//!
//! A program that links no C runtime has no `_start` and so no process:
//! [`start!`](crate::start) gives it one. Invoked once in the binary crate
//! with the name of an entry function, it emits the `_start` symbol of the
//! running architecture (from `arch/<arch>/start.rs`), which aligns the
//! stack and passes the kernel's initial stack pointer to Rust code that
//!
//! 1. reads `argc`, `argv` and `envp` into [`Args`] and [`Env`],
//! 2. names the vector that follows `envp` as the [`auxv`](crate::auxv)
//!    cache's source, so that `auxv::get`, the vDSO and i386's fast system
//!    call entry need no system call to find it (the first `auxv::get`
//!    reads it, as [`auxv::init_from_auxv`](crate::auxv::init_from_auxv)
//!    does),
//! 3. makes sure fds 0–2 are open ([`open_std_fds`]; on failure the
//!    process exits with status 127), which makes
//!    [`BorrowedFd::stdin`](crate::BorrowedFd::stdin) and friends sound,
//! 4. calls the entry function, and
//! 5. ends the process with [`exit_group`] and the entry's return value.
//!
//! Compiled Rust code also calls a few functions that a C library would
//! provide: the macro exports [`mem`]'s as `memcpy`, `memmove`, `memset`,
//! `memcmp`, `bcmp` and `strlen`, and a `rust_eh_personality`, which the
//! precompiled `core` names although nothing unwinds (it is never called).
//!
//! Nothing allocates, nothing uses thread-local storage, and nothing runs
//! unless the program invokes the macro: a program with a C runtime never
//! sees any of it.
//!
//! ```ignore
//! #![no_std]
//! #![no_main]
//!
//! use sysgate::rt::{Args, Env};
//!
//! sysgate::start!(main);
//!
//! fn main(args: Args, env: Env) -> i32 {
//!     args.len() as i32
//! }
//!
//! #[panic_handler]
//! fn panic(_: &core::panic::PanicInfo) -> ! {
//!     sysgate::process::exit_group(101)
//! }
//! ```
//!
//! # Building
//!
//! The binary must be linked without the C runtime's start files and
//! without relocation processing, which no code here does:
//!
//! - link arguments `-nostartfiles -nostdlib -static` (with the `cc` linker
//!   driver that Rust's Linux targets use);
//! - `-C relocation-model=static`, so that the executable is not
//!   position-independent: a static PIE needs its own relocations applied
//!   before any Rust code runs, which this `_start` does not do;
//! - `-C link-self-contained=no` on `*-linux-musl` targets, or rustc adds
//!   musl's start files itself;
//! - `panic = "abort"` (a `#![no_std]` binary has no unwinder).
//!
//! `examples/hello_nolibc.rs` shows the whole command, with the profile and
//! linker script that keep it within 1 KiB on x86_64.

use crate::process::exit_group;
use core::ffi::{c_char, CStr};

/// Emits the program's `_start`, which runs `$main(args, env)` and exits
/// with the `i32` it returns. See the [module documentation](crate::rt).
///
/// `$main` is the path of a function of type `fn(Args, Env) -> i32`. Invoke the macro once, at item level, in a
/// `#![no_main]` binary linked without a C runtime; with a C runtime the
/// link fails on a second `_start`.
#[macro_export]
macro_rules! start {
    ($main:path) => {
        const _: () = {
            $crate::__mem_symbols!(
                memcpy(d: *mut u8, s: *const u8, n: usize) -> *mut u8 = copy,
                memmove(d: *mut u8, s: *const u8, n: usize) -> *mut u8 = move_,
                memset(d: *mut u8, c: i32, n: usize) -> *mut u8 = set,
                memcmp(a: *const u8, b: *const u8, n: usize) -> i32 = compare,
                bcmp(a: *const u8, b: *const u8, n: usize) -> i32 = compare,
                strlen(s: *const u8) -> usize = strlen,
            );

            /// Named by the unwind tables of the precompiled `core`; never
            /// called, since nothing unwinds in a `panic = "abort"` program.
            #[unsafe(no_mangle)]
            extern "C" fn rust_eh_personality() {
                $crate::process::exit_group(134)
            }

            /// The Rust half of `_start`.
            unsafe extern "C" fn __sysgate_entry(sp: *const usize) -> ! {
                // SAFETY: `_start` calls this once, with the stack pointer
                // the kernel entered the process with.
                unsafe { $crate::rt::__run(sp, $main) }
            }

            /// The process entry point (`e_entry` of the executable).
            #[unsafe(no_mangle)]
            #[unsafe(naked)]
            unsafe extern "C" fn _start() -> ! {
                $crate::__start_asm!(__sysgate_entry)
            }
        };
    };
}

/// Exports the functions of [`mem`] under their C names.
#[doc(hidden)]
#[macro_export]
macro_rules! __mem_symbols {
    ($($name:ident($($a:ident: $t:ty),*) -> $r:ty = $f:ident,)*) => {$(
        /// Called by compiled code; see `sysgate::rt::mem`. Never inlined:
        /// one copy serves every caller, which keeps programs small.
        #[unsafe(no_mangle)]
        #[inline(never)]
        unsafe extern "C" fn $name($($a: $t),*) -> $r {
            // SAFETY: the caller (compiled code) passes what C's function
            // of the same name requires, which is what `mem` requires.
            unsafe { $crate::rt::mem::$f($($a),*) }
        }
    )*};
}

/// Runs the program from its initial stack. Called by `_start` only.
///
/// # Safety
///
/// `sp` must be the stack pointer the kernel started the process with.
#[doc(hidden)]
// Inlined into the entry: LLVM takes a call followed by `unreachable` as
// cold and would keep a frame and a call for this one.
#[inline(always)]
pub unsafe fn __run<F: FnOnce(Args, Env) -> i32>(sp: *const usize, main: F) -> ! {
    // SAFETY: forwarded from the caller.
    let (args, env) = unsafe { from_stack(sp) };
    // SAFETY: auxv follows the NULL that ends envp (the caller's guarantee
    // of the initial stack layout), and stays there. If it has no AT_NULL,
    // `auxv::get` falls back to prctl and /proc.
    unsafe { crate::auxv::set_initial(env.envp.as_ptr().add(env.len() + 1).cast()) };
    // After auxv: on i386 the first system call picks the entry from it.
    // Without fds 0-2 open, `BorrowedFd::stdin` and friends would be
    // unsound; like std, give up rather than run main without them.
    exit_group(match open_std_fds() {
        Ok(()) => main(args, env),
        Err(_) => 127,
    })
}

/// Makes sure fds 0, 1 and 2 are open, opening `/dev/null` (read-write)
/// onto each one that is not, as std's runtime and hardened C runtimes do
/// at startup: otherwise the next file opened would get one of those
/// numbers and [`BorrowedFd::stdin`](crate::BorrowedFd::stdin) and friends
/// would alias it. [`start!`](crate::start) calls it before `main`; a
/// program with a `_start` of its own calls it first thing (see
/// [`BorrowedFd::stdin`](crate::BorrowedFd::stdin)). Costs one `fcntl`
/// per fd when all are open. No allocation; async-signal-safe.
///
/// # Errors
///
/// What `openat` says when `/dev/null` cannot be opened (`ENOENT` in a
/// sandbox without `/dev`, `EMFILE`).
pub fn open_std_fds() -> crate::Result<()> {
    const F_GETFD: usize = 1;
    const O_RDWR: usize = 2;
    use crate::base::fs::AT_FDCWD;
    // The raw result, compared whole: this runs in every `start!` program.
    let ebadf = (crate::Errno::EBADF.raw() as isize).wrapping_neg() as usize;
    for fd in 0..3usize {
        // SAFETY: F_GETFD reads the fd's flags and takes no argument; on a
        // closed number it fails with EBADF and touches nothing.
        let flags =
            unsafe { crate::raw::syscall2_readonly(crate::Sysno::fcntl as usize, fd, F_GETFD) };
        if flags != ebadf {
            continue;
        }
        // SAFETY: the path is a C string. The new fd is left open for good,
        // as fd `fd`: every lower number is open (checked in order), so the
        // kernel gives it that number unless another thread opened a file
        // in between, and then the number is open all the same.
        unsafe {
            crate::syscall_readonly!(
                crate::Sysno::openat,
                AT_FDCWD,
                c"/dev/null".as_ptr(),
                O_RDWR
            )
        }?;
    }
    Ok(())
}

/// Reads the arguments and the environment from the initial process stack
/// as the kernel laid it out: `argc`, `argv[0..argc]`, NULL, `envp…`, NULL.
///
/// # Safety
///
/// `sp` must point to such a layout, and the strings it refers to must stay
/// in place and unchanged for the rest of the process (the kernel's initial
/// stack does, as long as nothing writes to it).
pub unsafe fn from_stack(sp: *const usize) -> (Args, Env) {
    // SAFETY: the caller guarantees the layout: argv follows argc and has a
    // NULL after its argc entries; envp follows that NULL.
    unsafe {
        let argc = *sp;
        let argv = sp.add(1) as *const *const c_char;
        (
            Args::from_raw(argc, argv),
            Env::from_raw(argv.add(argc + 1)),
        )
    }
}

/// The program's arguments (`argv`), as C strings from the initial stack.
#[derive(Clone, Copy, Debug)]
pub struct Args {
    argv: &'static [*const c_char],
}

/// The program's environment (`envp`): `NAME=value` C strings from the
/// initial stack.
#[derive(Clone, Copy, Debug)]
pub struct Env {
    envp: &'static [*const c_char],
}

// SAFETY: the arrays and strings are never written after startup (the
// constructors require it), so sharing them between threads is sound.
unsafe impl Send for Args {}
// SAFETY: as above.
unsafe impl Sync for Args {}
// SAFETY: as above.
unsafe impl Send for Env {}
// SAFETY: as above.
unsafe impl Sync for Env {}

impl Args {
    /// The arguments from `argc` and `argv` as `main` in C receives them.
    ///
    /// # Safety
    ///
    /// `argv` must point to `argc` pointers to NUL-terminated strings, all
    /// of which stay valid and unchanged for the rest of the process.
    pub unsafe fn from_raw(argc: usize, argv: *const *const c_char) -> Args {
        // SAFETY: the caller guarantees `argc` readable entries.
        let argv = unsafe { core::slice::from_raw_parts(argv, argc) };
        Args { argv }
    }

    /// The number of arguments, counting the program name (`argc`).
    pub fn len(&self) -> usize {
        self.argv.len()
    }

    /// Whether there are no arguments at all, not even a program name
    /// (possible: `execve` accepts an empty `argv`).
    pub fn is_empty(&self) -> bool {
        self.argv.is_empty()
    }

    /// Argument `i` (0 is the program name as the caller of `execve` gave it).
    pub fn get(&self, i: usize) -> Option<&'static CStr> {
        // SAFETY: each entry is a valid C string (constructor's guarantee).
        self.argv.get(i).map(|&p| unsafe { CStr::from_ptr(p) })
    }

    /// The arguments in order.
    pub fn iter(&self) -> Strings {
        Strings(self.argv.iter())
    }
}

impl Env {
    /// The environment from a NULL-terminated `envp` array.
    ///
    /// # Safety
    ///
    /// `envp` must point to pointers to NUL-terminated strings, ended by a
    /// NULL pointer, all of which stay valid and unchanged for the rest of
    /// the process.
    pub unsafe fn from_raw(envp: *const *const c_char) -> Env {
        let mut n = 0;
        // SAFETY: the array is NULL-terminated (caller's guarantee), so
        // every read up to and including the terminator is in bounds.
        unsafe {
            while !(*envp.add(n)).is_null() {
                n += 1;
            }
            Env {
                envp: core::slice::from_raw_parts(envp, n),
            }
        }
    }

    /// The value of variable `name`: what follows `name=` in the first
    /// entry that starts so. `None` when no entry does, or when `name` is
    /// empty or contains `=` or NUL (no variable can have such a name).
    pub fn var(&self, name: impl AsRef<[u8]>) -> Option<&'static CStr> {
        let name = name.as_ref();
        if name.is_empty() {
            return None;
        }
        self.envp.iter().find_map(|&entry| {
            let entry = entry.cast::<u8>();
            // SAFETY: `entry` is a C string (constructor's guarantee). The
            // walk stops at the first byte that differs from `name` or at a
            // NUL in `name`, so at the entry's NUL at the latest: it never
            // reads past it.
            unsafe {
                for (i, &b) in name.iter().enumerate() {
                    if b == 0 || b == b'=' || *entry.add(i) != b {
                        return None;
                    }
                }
                let value = entry.add(name.len());
                (*value == b'=').then(|| CStr::from_ptr(value.add(1).cast()))
            }
        })
    }

    /// The number of entries.
    pub fn len(&self) -> usize {
        self.envp.len()
    }

    /// Whether the environment is empty.
    pub fn is_empty(&self) -> bool {
        self.envp.is_empty()
    }

    /// The entries in order, each `NAME=value` as the kernel passed it
    /// (an entry without `=` is possible and passed through).
    pub fn iter(&self) -> Strings {
        Strings(self.envp.iter())
    }
}

impl IntoIterator for Args {
    type Item = &'static CStr;
    type IntoIter = Strings;
    fn into_iter(self) -> Strings {
        self.iter()
    }
}

impl IntoIterator for Env {
    type Item = &'static CStr;
    type IntoIter = Strings;
    fn into_iter(self) -> Strings {
        self.iter()
    }
}

/// An iterator over the strings of [`Args`] or [`Env`].
#[derive(Clone, Debug)]
pub struct Strings(core::slice::Iter<'static, *const c_char>);

impl Iterator for Strings {
    type Item = &'static CStr;

    fn next(&mut self) -> Option<&'static CStr> {
        // SAFETY: each entry is a valid C string (constructors' guarantee).
        self.0.next().map(|&p| unsafe { CStr::from_ptr(p) })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.0.size_hint()
    }
}

impl DoubleEndedIterator for Strings {
    fn next_back(&mut self) -> Option<&'static CStr> {
        // SAFETY: as in `next`.
        self.0.next_back().map(|&p| unsafe { CStr::from_ptr(p) })
    }
}

impl ExactSizeIterator for Strings {}

pub mod mem;
