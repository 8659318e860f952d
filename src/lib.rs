//! sysgate: the thinnest correct gate between Rust and the Linux kernel.
//!
//! A `#![no_std]` crate for static binaries, seccomp sandboxes and bootstrap
//! code that run with no libc: system calls as inline assembly on each
//! architecture, errors decoded into [`Errno`], and the auxiliary vector read
//! without libc.
//!
//! The map of the crate:
//!
//! - [`raw`]: `syscall0`..`syscall6` on the running architecture, the
//!   [`syscall!`] macro and [`raw::check`], which decodes `[-4095, -1]`.
//! - [`Sysno`]: every system call number of the architecture, generated from
//!   `arch/<arch>/syscalls.tbl`.
//! - [`Errno`]: error numbers with names and messages.
//! - [`auxv`]: the auxiliary vector (`AT_PAGESZ`, `AT_SYSINFO_EHDR`, …).
//! - [`fd`]: [`OwnedFd`], [`BorrowedFd`], [`AsFd`].
//! - [`path`]: path arguments as `&CStr`, `&str` or bytes, with no allocation.
//! - [`time`]: clocks and [`time::Timespec`].
//! - [`rt`]: `_start` for programs with no libc ([`start!`]), with their
//!   [`rt::Args`] and [`rt::Env`].
//! - [`vdso`]: the vDSO's functions found without a loader; [`time`] calls
//!   through them.
//! - [`io`]: read, write, seek, dup, fcntl, ioctl, pipes, in-kernel copies,
//!   and the retry helpers ([`io::read_exact`], [`io::write_all`], …).
//! - [`fs`]: open, the `*at` calls, metadata, directories.
//! - [`mm`]: memory mappings.
//! - [`process`]: ids, limits, affinity, `prctl`, exit; `fork`, `execve`,
//!   `execveat`, `wait4`/`waitid` with a typed [`process::WaitStatus`].
//! - [`rand`]: random bytes from the kernel.
//! - [`net`]: sockets, IPv4/IPv6/Unix addresses (to and from `core::net`),
//!   `sendmsg`/`recvmsg` with `SCM_RIGHTS` and `SCM_CREDENTIALS`, options.
//! - [`event`]: `epoll`, `eventfd`, `timerfd`, `poll`/`ppoll`.
//! - [`thread`]: futex wait and wake, `nanosleep`, `clock_nanosleep`.
//! - [`signal`]: signals, sets, handlers (with each architecture's return
//!   trampoline), masks, `signalfd`, `kill`, `tgkill`, pidfds.
//!
//! Each architecture lives in one folder under `arch/`; adding one is a new
//! folder plus one line in the dispatch below.

#![no_std]
#![warn(
    missing_docs,
    unsafe_op_in_unsafe_fn,
    clippy::undocumented_unsafe_blocks
)]

#[cfg(feature = "std")]
extern crate std;

cfg_if::cfg_if! {
    if #[cfg(target_arch = "x86_64")] {
        #[path = "../arch/x86_64/mod.rs"] mod arch;
    } else if #[cfg(target_arch = "x86")] {
        #[path = "../arch/x86/mod.rs"] pub mod arch;
    } else if #[cfg(target_arch = "aarch64")] {
        #[path = "../arch/aarch64/mod.rs"] mod arch;
    } else if #[cfg(target_arch = "riscv64")] {
        #[path = "../arch/riscv64/mod.rs"] mod arch;
    } else if #[cfg(target_arch = "arm")] {
        #[path = "../arch/arm/mod.rs"] mod arch;
    } else if #[cfg(target_arch = "powerpc64")] {
        #[path = "../arch/powerpc64/mod.rs"] mod arch;
    } else if #[cfg(target_arch = "s390x")] {
        #[path = "../arch/s390x/mod.rs"] mod arch;
    } else if #[cfg(target_arch = "loongarch64")] {
        #[path = "../arch/loongarch64/mod.rs"] mod arch;
    } else {
        compile_error!("sysgate: this architecture has no folder under arch/ yet");
    }
}
// The asm-generic definitions; each architecture re-exports those it shares.
#[allow(dead_code)]
#[path = "../arch/generic/mod.rs"]
mod arch_generic;

pub mod auxv;
mod errno;
pub mod event;
pub mod fd;
mod flags;
pub mod fs;
pub mod io;
pub mod mm;
pub mod net;
pub mod path;
pub mod process;
pub mod rand;
pub mod raw;
pub mod rt;
pub mod signal;
mod sysno;
pub mod thread;
pub mod time;
pub mod vdso;

pub use errno::Errno;
pub use fd::{AsFd, BorrowedFd, OwnedFd, RawFd};
pub use sysno::Sysno;

/// The result of a system call: the value, or the error number.
pub type Result<T> = core::result::Result<T, Errno>;
