//! A whole program with no libc: `_start` from `sysgate::start!`, output
//! with `write(2)`, and `exit_group(2)` with a status of its choosing (the
//! number of arguments after the program name). Statically linked, it makes
//! no system call but the writes and the exit.
//!
//! Cargo builds it as a static library by default (so that `cargo test`
//! compiles it with no special flags); the executable needs link flags of
//! its own. On x86_64, aarch64, riscv64 and i686 glibc targets:
//!
//! ```sh
//! cargo rustc --release --example hello_nolibc --crate-type bin -- \
//!     -C panic=abort -C relocation-model=static -C opt-level=z \
//!     -C link-arg=-nostartfiles -C link-arg=-nostdlib -C link-arg=-static \
//!     -C link-arg=-Wl,--gc-sections,-n,--build-id=none,-z,norelro -C strip=symbols
//! ./target/release/examples/hello_nolibc a b; echo "exit status $?"
//! ```
//!
//! (add `--target <triple>` and, on musl targets, `-C link-self-contained=no`;
//! `.ci/examples` runs exactly this on every target.)

#![no_std]
#![no_main]

use sysgate::rt::{Args, Env};
use sysgate::{syscall_readonly, Sysno};

sysgate::start!(main);

fn main(args: Args, env: Env) -> i32 {
    print(b"hello from a process with no libc\n");
    for arg in args {
        print(b"arg: ");
        print(arg.to_bytes());
        print(b"\n");
    }
    print(b"HOME=");
    print(env.var("HOME").map_or(&b"(unset)"[..], |v| v.to_bytes()));
    print(b"\n");
    args.len().saturating_sub(1) as i32
}

/// Writes all of `bytes` to stdout with `write(2)`, retrying after a
/// partial write or `EINTR`; on any other error the process exits with 1.
fn print(mut bytes: &[u8]) {
    while !bytes.is_empty() {
        // SAFETY: write(2) reads `bytes`, which is valid for its length.
        match unsafe { syscall_readonly!(Sysno::write, 1, bytes.as_ptr(), bytes.len()) } {
            Ok(n) => bytes = bytes.get(n..).unwrap_or_default(),
            Err(sysgate::Errno::EINTR) => {}
            Err(_) => sysgate::rt::exit(1),
        }
    }
}

// With sysgate's `std` feature (as under `cargo test --all-features`) std
// is linked and brings its own handler.
#[cfg(not(feature = "std"))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    sysgate::rt::exit(101)
}
