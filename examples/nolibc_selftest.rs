//! A self-test with no libc and no std: `_start` from `sysgate::start!`,
//! then the core of the crate, one line per check (`ok`, `FAIL` or `skip`
//! with what was seen), exit status 1 if any check failed:
//!
//! - `mem`: the memory functions `start!` exports (the architecture's own
//!   ones where `arch/<arch>/mem.rs` has them), against byte loops, at
//!   several alignments and lengths on both sides of their fast paths;
//! - raw calls and errno decoding: `getpid` raw and typed agree, an
//!   unknown number gives `ENOSYS`, a bad pointer `EFAULT`;
//! - auxv: filled by `start!` from the initial stack, with a page size;
//! - the vDSO resolver, and `clock_gettime` through it against the
//!   system call;
//! - file I/O with the retry helpers (`write_all`, `read_exact` on a memfd,
//!   and its end-of-file report);
//! - a signal handler that runs and returns;
//! - `fork` and `wait4`.
//!
//! Built exactly like `hello_nolibc` (second binary of the same manifest):
//!
//! ```sh
//! cargo rustc --manifest-path examples/nolibc/Cargo.toml --target-dir target --profile nolibc \
//!   --bin nolibc_selftest -- \
//!   -C relocation-model=static -C link-self-contained=no \
//!   -C link-args="-nostartfiles -nostdlib -static -fuse-ld=bfd -Wl,-T,$PWD/examples/hello_nolibc.ld,--gc-sections,--no-eh-frame-hdr,--build-id=none,-z,norelro,-z,noexecstack,-z,noseparate-code"
//! ./target/nolibc/nolibc_selftest
//! ```
//!
//! `.ci/examples` runs it on every target (under qemu-user where not
//! native).

#![no_std]
#![no_main]

use core::fmt::Write;
use core::ptr::{read_volatile, write_volatile};
use core::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use sysgate::io::{self, Cause, SeekFrom};
use sysgate::process::{self, Fork, Target, WaitOptions, WaitStatus};
use sysgate::signal::{self, SaFlags, SigAction, SigHandler, SigSet, Signal};
use sysgate::time::{clock_gettime, ClockId};
use sysgate::{auxv, fs, syscall, vdso, BorrowedFd, Errno, Sysno};

sysgate::start!(main);

/// The number of failed checks.
static FAILED: AtomicUsize = AtomicUsize::new(0);

/// Standard output through `write_all`.
struct Out;

impl Write for Out {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        io::write_all(BorrowedFd::stdout(), s.as_bytes()).map_err(|_| core::fmt::Error)
    }
}

/// Prints one check's line: `ok name`, or `FAIL name: detail`.
fn check(name: &str, result: Check) {
    let _ = match result {
        Ok(()) => writeln!(Out, "ok   {name}"),
        Err(why) => {
            FAILED.fetch_add(1, Ordering::Relaxed);
            let why = core::str::from_utf8(&why.buf[..why.len]).unwrap_or("?");
            writeln!(Out, "FAIL {name}: {why}")
        }
    };
}

/// Why a check failed: a message, cut at 112 bytes (small enough to return by value).
struct Msg {
    buf: [u8; 112],
    len: usize,
}

impl Write for Msg {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        let n = s.len().min(self.buf.len() - self.len);
        self.buf[self.len..self.len + n].copy_from_slice(&s.as_bytes()[..n]);
        self.len += n;
        Ok(())
    }
}

type Check = Result<(), Msg>;

/// Fails the check with a message unless `cond`.
macro_rules! ensure {
    ($cond:expr, $($why:tt)*) => {
        if !$cond {
            fail!($($why)*);
        }
    };
}

/// Fails the check with a message.
macro_rules! fail {
    ($($why:tt)*) => {{
        let mut m = Msg { buf: [0; 112], len: 0 };
        let _ = write!(m, $($why)*);
        return Err(m);
    }};
}

fn main(_: sysgate::rt::Args, _: sysgate::rt::Env) -> i32 {
    check("mem: memcpy memmove memset memcmp bcmp strlen", mem());
    check("raw: getpid raw and typed agree", raw_getpid());
    check("errno: unknown call -> ENOSYS", enosys());
    check("errno: bad pointer -> EFAULT", efault());
    check("auxv: from the initial stack, AT_PAGESZ", auxv_check());
    match vdso::Vdso::from_auxv() {
        Some(v) => {
            check("vdso: image found, functions resolved", vdso_check(v));
            check("time: clock_gettime via vDSO vs syscall", clock_check());
        }
        None => {
            let _ = writeln!(Out, "skip vdso: the process has none (AT_SYSINFO_EHDR)");
            check("time: clock_gettime via syscall", clock_check());
        }
    }
    check("io: write_all, read_exact, EOF report (memfd)", file_io());
    check("signal: SIGUSR1 handler runs and returns", signal_check());
    check("process: fork, child exit 42, wait4", fork_wait());
    let failed = FAILED.load(Ordering::Relaxed);
    let _ = writeln!(Out, "{}", if failed == 0 { "all passed" } else { "FAILED" });
    i32::from(failed != 0)
}

unsafe extern "C" {
    fn memcpy(d: *mut u8, s: *const u8, n: usize) -> *mut u8;
    fn memmove(d: *mut u8, s: *const u8, n: usize) -> *mut u8;
    fn memset(d: *mut u8, c: i32, n: usize) -> *mut u8;
    fn memcmp(a: *const u8, b: *const u8, n: usize) -> i32;
    fn bcmp(a: *const u8, b: *const u8, n: usize) -> i32;
    fn strlen(s: *const u8) -> usize;
}

const MEM: usize = 5000;
static mut BUF: [[u8; MEM]; 3] = [[0; MEM]; 3];

/// Byte `i` of the test pattern: never 0, never 0xff.
fn pat(i: usize, seed: usize) -> u8 {
    ((i * 31 + seed) % 254 + 1) as u8
}

/// The exported functions against volatile byte loops (which the compiler
/// cannot turn into calls of the functions under test).
fn mem() -> Check {
    // SAFETY: the only use of BUF, from the only thread.
    let [a, b, want] = unsafe { &mut *core::ptr::addr_of_mut!(BUF) };
    let (a, b, want) = (a.as_mut_ptr(), b.as_mut_ptr(), want.as_mut_ptr());
    // SAFETY: every pointer stays inside a MEM-byte buffer: offsets < 16,
    // distances <= 9, lengths <= 4099.
    unsafe {
        let fill = |p: *mut u8, seed: usize| {
            for i in 0..MEM {
                write_volatile(p.add(i), pat(i, seed));
            }
        };
        let same = |p: *const u8, q: *const u8| {
            (0..MEM).all(|i| read_volatile(p.add(i)) == read_volatile(q.add(i)))
        };
        let lens = (0..=40).chain([63, 64, 255, 256, 257, 1000, 4099]);
        for n in lens {
            for off in [0, 1, 3, 7, 8, 15] {
                for other in [0, 5, 8] {
                    // memcpy from a+off to b+other.
                    fill(a, 1);
                    fill(b, 2);
                    fill(want, 2);
                    for i in 0..n {
                        write_volatile(want.add(other + i), read_volatile(a.add(off + i)));
                    }
                    memcpy(b.add(other), a.add(off), n);
                    ensure!(same(b, want), "memcpy n={n} src+{off} dst+{other}");
                    // memcmp/bcmp: equal, then one byte bigger in a.
                    ensure!(
                        memcmp(a.add(off), b.add(other), n) == 0,
                        "memcmp equal n={n}"
                    );
                    ensure!(bcmp(a.add(off), b.add(other), n) == 0, "bcmp equal n={n}");
                    if n > 0 {
                        write_volatile(b.add(other + n - 1), 0xff);
                        ensure!(memcmp(a.add(off), b.add(other), n) < 0, "memcmp sign n={n}");
                        ensure!(bcmp(a.add(off), b.add(other), n) != 0, "bcmp differs n={n}");
                    }
                    // memset at b+other.
                    fill(b, 2);
                    fill(want, 2);
                    for i in 0..n {
                        write_volatile(want.add(other + i), 0x5a);
                    }
                    memset(b.add(other), 0x15a, n);
                    ensure!(same(b, want), "memset n={n} dst+{other}");
                    // memmove within a, both ways, overlapping by `n - other - 1`.
                    for (s, d) in [(off, off + other + 1), (off + other + 1, off)] {
                        fill(a, 3);
                        fill(want, 3);
                        for i in 0..n {
                            write_volatile(want.add(d + i), pat(s + i, 3));
                        }
                        memmove(a.add(d), a.add(s), n);
                        ensure!(same(a, want), "memmove n={n} src+{s} dst+{d}");
                    }
                    // strlen of n bytes at a+off.
                    fill(a, 4);
                    write_volatile(a.add(off + n), 0);
                    ensure!(strlen(a.add(off)) == n, "strlen n={n} +{off}");
                }
            }
        }
    }
    Ok(())
}

fn raw_getpid() -> Check {
    // SAFETY: getpid takes no argument and touches no memory.
    let raw = unsafe { syscall!(Sysno::getpid) };
    let pid = process::getpid();
    ensure!(
        raw == Ok(pid.as_raw() as usize),
        "raw {raw:?}, typed {pid:?}"
    );
    Ok(())
}

fn enosys() -> Check {
    // SAFETY: no architecture has a call with this number: the kernel
    // returns ENOSYS without looking at the arguments.
    let r = unsafe { syscall!(4000usize) };
    ensure!(r == Err(Errno::ENOSYS), "got {r:?}");
    Ok(())
}

fn efault() -> Check {
    // SAFETY: the kernel checks the address (page 0, never mapped here) and
    // fails with EFAULT; it writes through no valid address.
    let r = unsafe { syscall!(Sysno::uname, 8usize) };
    ensure!(r == Err(Errno::EFAULT), "got {r:?}");
    Ok(())
}

fn auxv_check() -> Check {
    let source = auxv::source();
    ensure!(
        source == Some(auxv::Source::Explicit),
        "source {source:?}, want Explicit"
    );
    let page = auxv::get(auxv::AT_PAGESZ);
    ensure!(
        page.is_some_and(|p| p >= 4096 && p.is_power_of_two()),
        "AT_PAGESZ {page:?}"
    );
    Ok(())
}

fn vdso_check(v: vdso::Vdso<'static>) -> Check {
    let functions = v.symbols().filter(|s| s.is_function()).count();
    ensure!(functions > 0, "no function in the image");
    ensure!(vdso::init(), "vdso::init found no vDSO");
    Ok(())
}

/// The vDSO's (or the system call's) time, then the system call's after
/// `vdso::disable`: in order, and less than a second apart.
fn clock_check() -> Check {
    let ns = |t: sysgate::time::Timespec| t.tv_sec as i128 * 1_000_000_000 + t.tv_nsec as i128;
    let a = clock_gettime(ClockId::MONOTONIC);
    vdso::disable();
    let b = clock_gettime(ClockId::MONOTONIC);
    let (Ok(a), Ok(b)) = (a, b) else {
        fail!("clock_gettime failed");
    };
    let d = ns(b) - ns(a);
    ensure!(
        (0..1_000_000_000).contains(&d),
        "second reading {d} ns after the first"
    );
    Ok(())
}

fn file_io() -> Check {
    let Ok(fd) = fs::memfd_create(c"selftest", fs::MemfdFlags::CLOEXEC) else {
        fail!("memfd_create failed");
    };
    let data = *b"sysgate with no libc\n";
    ensure!(io::write_all(&fd, &data).is_ok(), "write_all");
    ensure!(io::lseek(&fd, SeekFrom::Start(0)) == Ok(0), "lseek");
    let mut back = [0u8; 21];
    ensure!(
        io::read_exact(&fd, &mut back).is_ok() && back == data,
        "read_exact"
    );
    let mut more = [0u8; 4];
    let end = io::read_exact(&fd, &mut more);
    ensure!(
        matches!(end, Err(e) if e.done == 0 && matches!(e.cause, Cause::Eof)),
        "read_exact at EOF: {end:?}"
    );
    ensure!(io::close(fd).is_ok(), "close");
    Ok(())
}

static HANDLED: AtomicBool = AtomicBool::new(false);

extern "C" fn on_usr1(_: Signal) {
    HANDLED.store(true, Ordering::SeqCst);
}

fn signal_check() -> Check {
    let action = SigAction::new(
        SigHandler::Handler(on_usr1),
        SaFlags::empty(),
        SigSet::EMPTY,
    );
    // SAFETY: the handler only stores to an atomic (async-signal-safe).
    let old = unsafe { signal::sigaction(Signal::USR1, Some(&action)) };
    ensure!(old.is_ok(), "sigaction: {old:?}");
    // A signal sent to the process itself, unblocked, is delivered before
    // kill returns.
    let sent = signal::kill(Target::Pid(process::getpid()), Signal::USR1);
    ensure!(sent.is_ok(), "kill: {sent:?}");
    ensure!(HANDLED.load(Ordering::SeqCst), "the handler did not run");
    let default = SigAction::new(SigHandler::Default, SaFlags::empty(), SigSet::EMPTY);
    // SAFETY: restores the default action.
    let back = unsafe { signal::sigaction(Signal::USR1, Some(&default)) };
    ensure!(back.is_ok(), "restoring: {back:?}");
    Ok(())
}

fn fork_wait() -> Check {
    // SAFETY: single-threaded; the child only exits.
    match unsafe { process::fork() } {
        Ok(Fork::Child) => process::exit_group(42),
        Ok(Fork::Parent(pid)) => {
            let r = process::wait4(Target::Pid(pid), WaitOptions::empty());
            ensure!(
                matches!(r, Ok(Some((p, WaitStatus::Exited(42)))) if p == pid),
                "wait4: {r:?}"
            );
            Ok(())
        }
        Err(e) => fail!("fork: {e:?}"),
    }
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    let _ = writeln!(Out, "FAIL panic");
    sysgate::process::exit_group(101)
}
