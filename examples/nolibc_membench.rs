//! Times the memory functions that `sysgate::start!` exports (`memcpy`,
//! `memmove`, `memset`, `memcmp`, `bcmp`, `strlen`) at 64 bytes and 64 KiB,
//! in a program with no libc. `.ci/membench` builds it like
//! `hello_nolibc` (second binary of `examples/nolibc/Cargo.toml`), builds
//! `examples/membench.c` against musl, runs both and prints the ratios.
//!
//! Each function is called through a function pointer read with a volatile
//! load, so that the compiler cannot inline or elide the calls. A trial
//! times enough calls to move about 4 MiB; the line gives the median of 15
//! trials in nanoseconds per call: `name size ns`.

#![no_std]
#![no_main]

use core::ptr::{addr_of_mut, read_volatile};
use sysgate::time::{clock_gettime, ClockId};

sysgate::start!(main);

unsafe extern "C" {
    fn memcpy(d: *mut u8, s: *const u8, n: usize) -> *mut u8;
    fn memmove(d: *mut u8, s: *const u8, n: usize) -> *mut u8;
    fn memset(d: *mut u8, c: i32, n: usize) -> *mut u8;
    fn memcmp(a: *const u8, b: *const u8, n: usize) -> i32;
    fn bcmp(a: *const u8, b: *const u8, n: usize) -> i32;
    fn strlen(s: *const u8) -> usize;
}

const MAX: usize = 64 * 1024;
const TRIALS: usize = 15;

/// Two buffers, 64-byte aligned (the usual case for large copies).
#[repr(C, align(64))]
struct Bufs {
    a: [u8; MAX + 64],
    b: [u8; MAX + 64],
}

static mut BUFS: Bufs = Bufs {
    a: [0; MAX + 64],
    b: [0; MAX + 64],
};

fn now() -> u64 {
    let t = clock_gettime(ClockId::MONOTONIC).unwrap_or_default();
    t.tv_sec as u64 * 1_000_000_000 + t.tv_nsec as u64
}

/// The median over `TRIALS` of the time per call of `f`, in ns (×100 for
/// two decimals).
fn time(n: usize, f: &mut dyn FnMut()) -> u64 {
    let reps = (4 << 20) / n.max(64);
    let mut t = [0u64; TRIALS];
    for slot in t.iter_mut() {
        let start = now();
        for _ in 0..reps {
            f();
        }
        *slot = (now() - start) * 100 / reps as u64;
    }
    t.sort_unstable();
    t[TRIALS / 2]
}

/// `f` as a function pointer the compiler cannot see through (a volatile
/// load), so that every call is a real call of the exported symbol.
macro_rules! hide {
    ($f:ident: ($($t:ty),*) -> $r:ty) => {
        read_volatile(&($f as unsafe extern "C" fn($($t),*) -> $r))
    };
}

fn main(_: sysgate::rt::Args, _: sysgate::rt::Env) -> i32 {
    // SAFETY: the only access to BUFS, from the only thread.
    let bufs = unsafe { &mut *addr_of_mut!(BUFS) };
    let (a, b) = (bufs.a.as_mut_ptr(), bufs.b.as_mut_ptr());
    for n in [64, MAX] {
        // SAFETY (each closure): the buffers hold MAX + 64 bytes, n <= MAX;
        // strlen finds the NUL written at a[n].
        unsafe {
            let p = hide!(memcpy: (*mut u8, *const u8, usize) -> *mut u8);
            report(b"memcpy", n, time(n, &mut || _ = p(a, b, n)));
            let p = hide!(memmove: (*mut u8, *const u8, usize) -> *mut u8);
            report(b"memmove", n, time(n, &mut || _ = p(a, b, n)));
            let p = hide!(memset: (*mut u8, i32, usize) -> *mut u8);
            report(b"memset", n, time(n, &mut || _ = p(a, 1, n)));
            memcpy(b, a, n);
            let p = hide!(memcmp: (*const u8, *const u8, usize) -> i32);
            report(b"memcmp", n, time(n, &mut || _ = p(a, b, n)));
            let p = hide!(bcmp: (*const u8, *const u8, usize) -> i32);
            report(b"bcmp", n, time(n, &mut || _ = p(a, b, n)));
            *a.add(n) = 0;
            let p = hide!(strlen: (*const u8) -> usize);
            report(b"strlen", n, time(n, &mut || _ = p(a)));
        }
    }
    0
}

/// Prints `name n ns.cc`.
fn report(name: &[u8], n: usize, ns100: u64) {
    let mut line = [0u8; 64];
    let mut len = 0;
    let mut put = |bytes: &[u8]| {
        line[len..len + bytes.len()].copy_from_slice(bytes);
        len += bytes.len();
    };
    put(name);
    put(b" ");
    put(digits(&mut [0; 20], n as u64));
    put(b" ");
    put(digits(&mut [0; 20], ns100 / 100));
    put(b".");
    put(&[b'0' + (ns100 / 10 % 10) as u8, b'0' + (ns100 % 10) as u8]);
    put(b"\n");
    let _ = sysgate::io::write_all(sysgate::BorrowedFd::stdout(), &line[..len]);
}

/// The decimal digits of `v`, written at the end of `buf`.
fn digits(buf: &mut [u8; 20], mut v: u64) -> &[u8] {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            return &buf[i..];
        }
    }
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    sysgate::process::exit_group(101)
}
