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
//!   [`syscall!`] macro, [`raw::check`], which decodes `[-4095, -1]`, and
//!   [`raw::SyscallArg`], what a register may carry.
//! - [`Sysno`]: every system call number of the architecture, generated from
//!   `arch/<arch>/syscalls.tbl`.
//! - [`Errno`]: error numbers with names and messages.
//! - [`auxv`]: the auxiliary vector (`AT_PAGESZ`, `AT_SYSINFO_EHDR`, …).
//! - [`fd`]: [`OwnedFd`], [`BorrowedFd`], [`AsFd`].
//! - [`path`]: path arguments as `&CStr`, `&str` or bytes, with no allocation.
//! - [`time`]: clocks, [`time::Timespec`], the sleeps (also in [`thread`]),
//!   `clock_settime` and POSIX timers.
//! - [`rt`]: `_start` for programs with no libc ([`start!`]), with their
//!   [`rt::Args`] and [`rt::Env`].
//! - [`vdso`]: the vDSO's functions found without a loader; [`time`] calls
//!   through them.
//! - [`io`]: read, write, seek, dup/dup2/dup3 and the standard-stream
//!   helpers, fcntl, ioctl, pipes, in-kernel copies,
//!   and the retry helpers ([`io::read_exact`], [`io::write_all`], …).
//! - [`fs`]: open, the `*at` calls, metadata, directories.
//! - [`mm`]: memory mappings.
//! - [`process`]: ids, limits, affinity, `prctl`, exit; `fork`, `execve`,
//!   `execveat`, `wait4`/`waitid` with a typed [`process::WaitStatus`];
//!   `vfork`, `unshare`/`setns`, the `PR_*` numbers.
//! - [`rand`]: random bytes from the kernel.
//! - [`net`]: sockets, IPv4/IPv6/Unix addresses (to and from `core::net`),
//!   `sendmsg`/`recvmsg` with `SCM_RIGHTS` and `SCM_CREDENTIALS`, options.
//! - [`event`]: `epoll`, `eventfd`, `timerfd`, `poll`/`ppoll`,
//!   `select`/`pselect6` with a bounds-checked [`event::FdSet`].
//! - [`thread`]: futex wait and wake, `nanosleep`, `clock_nanosleep`.
//! - [`signal`]: signals, sets, handlers (with each architecture's return
//!   trampoline), masks, `signalfd`, `kill`, `tgkill`, pidfds.
//! - [`ptrace`]: tracing another process: attach, resume to the next system
//!   call, what it stopped for (named with [`Sysno`]), memory, registers.
//! - [`seccomp`]: system call filters: rule sets compiled into classic BPF
//!   with no allocation, installed, interpreted and disassembled; user
//!   notification.
//! - [`landlock`]: Landlock rulesets (filesystem, TCP ports, scopes) with
//!   best-effort or strict compatibility across ABI versions.
//! - [`dispatch`]: syscall user dispatch, and reading and answering a
//!   trapped system call in a `SIGSYS` handler.
//! - [`io_uring`]: io_uring rings, typed submissions, completions, SQPOLL.
//!
//! Each architecture lives in one folder under `arch/`; adding one is a new
//! folder plus one line in the dispatch below.
//!
//! Cargo features, none on by default: `alloc` makes the `alloc` crate's
//! `String`, `Vec<u8>` and `CString` path arguments ([`path::Arg`]); `std`
//! implies it and adds `Path`/`OsStr` paths and conversions to and from
//! std's error and fd types. The crate never allocates either way.

#![no_std]
#![warn(
    missing_docs,
    unsafe_op_in_unsafe_fn,
    clippy::undocumented_unsafe_blocks
)]

#[cfg(feature = "alloc")]
extern crate alloc;
#[cfg(feature = "std")]
extern crate std;

cfg_if::cfg_if! {
    if #[cfg(target_arch = "x86_64")] {
        #[path = "../arch/x86_64/mod.rs"] mod arch;
    } else if #[cfg(target_arch = "x86")] {
        #[path = "../arch/x86/mod.rs"] mod arch;
    } else if #[cfg(target_arch = "aarch64")] {
        #[path = "../arch/aarch64/mod.rs"] mod arch;
    } else if #[cfg(target_arch = "riscv64")] {
        #[path = "../arch/riscv64/mod.rs"] mod arch;
    } else {
        compile_error!("sysgate: this architecture has no folder under arch/ yet");
    }
}
// The asm-generic definitions; each architecture re-exports those it shares.
#[allow(dead_code)]
#[path = "../arch/generic/mod.rs"]
mod arch_generic;

pub mod auxv;
pub mod dispatch;
mod errno;
pub mod event;
pub mod fd;
mod flags;
pub mod fs;
pub mod io;
pub mod io_uring;
pub mod landlock;
pub mod mm;
pub mod net;
pub mod path;
pub mod process;
pub mod ptrace;
pub mod rand;
pub mod raw;
pub mod rt;
pub mod seccomp;
pub mod signal;
mod sysno;
pub mod thread;
pub mod time;
pub mod vdso;

#[cfg(test)]
mod pure_tests;

pub use errno::Errno;
pub use fd::{AsFd, BorrowedFd, OwnedFd, RawFd};
pub use sysno::Sysno;

/// The result of a system call: the value, or the error number.
pub type Result<T> = core::result::Result<T, Errno>;
