//! What a sysgate call compiles to. `.ci/disasm` builds this in release and
//! checks each `callsite_*` function: the system call instruction, the
//! error check (one compare, one branch), and nothing else — no call.
//!
//! `cargo run --release --example callsite` just runs them once.

use sysgate::{syscall, syscall_readonly, Sysno};

/// getpid: no arguments.
#[no_mangle]
#[inline(never)]
pub fn callsite_getpid() -> sysgate::Result<usize> {
    // SAFETY: getpid takes no arguments.
    unsafe { syscall_readonly!(Sysno::getpid) }
}

/// write: three arguments, reads user memory.
#[no_mangle]
#[inline(never)]
pub fn callsite_write(fd: i32, buf: &[u8]) -> sysgate::Result<usize> {
    // SAFETY: the kernel reads `buf.len()` bytes of `buf`.
    unsafe { syscall_readonly!(Sysno::write, fd, buf.as_ptr(), buf.len()) }
}

/// close: one argument, a plain (not read-only) call.
#[no_mangle]
#[inline(never)]
pub fn callsite_close(fd: i32) -> sysgate::Result<usize> {
    // SAFETY: closing an fd that does not exist only fails.
    unsafe { syscall!(Sysno::close, fd) }
}

fn main() {
    let pid = callsite_getpid().expect("getpid");
    let n = callsite_write(1, b"callsite\n").expect("write");
    assert_eq!(n, 9);
    assert_eq!(callsite_close(-1), Err(sysgate::Errno::EBADF));
    println!("pid {pid}");
}
