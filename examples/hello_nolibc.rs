//! A whole program with no libc: `_start` from `sysgate::start!`, output
//! with `write(2)`, and `exit_group(2)` with a status of its choosing (the
//! number of arguments after the program name). Statically linked, it makes
//! no system call but the writes and the exit.
//!
//! Cargo builds it as a library by default (`crate-type = ["rlib"]` in
//! Cargo.toml), so that `cargo test` and `cargo build --examples` compile it
//! with no special flags. The executable has a build setup of its own: the
//! `nolibc` profile in Cargo.toml (size-optimised, `panic = "abort"`, LTO,
//! stripped), the linker script `examples/hello_nolibc.ld` (one segment
//! holding headers and code, no unwind tables), and these flags:
//!
//! ```sh
//! cargo rustc --manifest-path examples/nolibc/Cargo.toml --target-dir target --profile nolibc --bin hello_nolibc -- \
//!   -C relocation-model=static -C link-self-contained=no \
//!   -C link-args="-nostartfiles -nostdlib -static -fuse-ld=bfd -Wl,-T,$PWD/examples/hello_nolibc.ld,--gc-sections,--no-eh-frame-hdr,--build-id=none,-z,norelro,-z,noexecstack,-z,noseparate-code"
//! ./target/nolibc/hello_nolibc a b; echo "exit status $?"
//! ```
//!
//! Run it from the crate's root (the script's path is relative); add
//! `--target <triple>` to cross-build. `-C relocation-model=static` makes a
//! plain static executable, which needs no relocation at startup;
//! `-C link-self-contained=no` keeps rustc from adding musl's start files on
//! `*-musl` targets; `-fuse-ld=bfd` picks the GNU linker, which the script's
//! one-segment layout is written for. `.ci/examples` runs this command on
//! every target and checks the output, the exit status, the `strace` and
//! the size.

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
            Err(_) => sysgate::process::exit_group(1),
        }
    }
}

#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    sysgate::process::exit_group(101)
}
