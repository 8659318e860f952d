//! A process that locks itself into a seccomp sandbox and keeps working.
//!
//! 1. Before the sandbox: read auxv and resolve the vDSO
//!    (`sysgate::vdso::init`), while `prctl` and `/proc` still answer.
//! 2. Install a seccomp filter (classic BPF, assembled below) that allows
//!    `write`, `exit_group`, `exit` and the signal return, and makes every
//!    other system call fail with `EPERM` instead of killing the process.
//! 3. Show that it holds: `clock_gettime` still works, through the vDSO (the
//!    same call as a system call now fails with `EPERM`, so the answer cannot
//!    have come from the kernel); a `write` works; an `openat` fails with
//!    `EPERM` and the process carries on.
//!
//! ```sh
//! cargo run --example sandbox
//! ```
//!
//! It checks each step and exits with status 1 if any fails. Where the
//! platform refuses seccomp filters — qemu-user does, since it cannot
//! translate a guest filter for the host kernel; so does a kernel built
//! without `CONFIG_SECCOMP_FILTER` — it says so and exits with status 0
//! without the checks, which then cannot be made.

use core::fmt::Write as _;
use std::io::Write as _;
use sysgate::time::{self, ClockId, Timespec};
use sysgate::{auxv, syscall, Errno, Sysno};

/// One instruction of classic BPF (`struct sock_filter`).
#[repr(C)]
#[derive(Clone, Copy)]
struct SockFilter {
    code: u16,
    jt: u8,
    jf: u8,
    k: u32,
}

/// A filter program (`struct sock_fprog`).
#[repr(C)]
struct SockFprog {
    len: u16,
    filter: *const SockFilter,
}

const BPF_LD_W_ABS: u16 = 0x20; // BPF_LD | BPF_W | BPF_ABS
const BPF_JEQ_K: u16 = 0x15; // BPF_JMP | BPF_JEQ | BPF_K
const BPF_JGE_K: u16 = 0x35; // BPF_JMP | BPF_JGE | BPF_K
const BPF_RET_K: u16 = 0x06; // BPF_RET | BPF_K

const SECCOMP_RET_KILL_PROCESS: u32 = 0x8000_0000;
const SECCOMP_RET_ERRNO: u32 = 0x0005_0000;
const SECCOMP_RET_ALLOW: u32 = 0x7fff_0000;
const SECCOMP_SET_MODE_FILTER: usize = 1;
const PR_SET_NO_NEW_PRIVS: usize = 38;

/// Offsets in `struct seccomp_data`.
const DATA_NR: u32 = 0;
const DATA_ARCH: u32 = 4;

/// `AUDIT_ARCH_*` of this architecture: a filter must check it, since the
/// same process may enter the kernel through another ABI's numbers.
#[cfg(target_arch = "x86_64")]
const AUDIT_ARCH: u32 = 0xC000_003E;
#[cfg(target_arch = "x86")]
const AUDIT_ARCH: u32 = 0x4000_0003;
#[cfg(target_arch = "aarch64")]
const AUDIT_ARCH: u32 = 0xC000_00B7;
#[cfg(target_arch = "riscv64")]
const AUDIT_ARCH: u32 = 0xC000_00F3;
#[cfg(target_arch = "arm")]
const AUDIT_ARCH: u32 = 0x4000_0028;
#[cfg(target_arch = "powerpc64")]
const AUDIT_ARCH: u32 = 0xC000_0015;
#[cfg(target_arch = "s390x")]
const AUDIT_ARCH: u32 = 0x8000_0016;
#[cfg(target_arch = "loongarch64")]
const AUDIT_ARCH: u32 = 0xC000_0102;

/// The calls the sandbox allows.
const ALLOWED: &[Sysno] = &[
    Sysno::write,
    Sysno::exit_group,
    Sysno::exit,
    Sysno::rt_sigreturn,
    #[cfg(any(target_arch = "x86", target_arch = "arm", target_arch = "s390x"))]
    Sysno::sigreturn,
];

/// Assembles: wrong architecture -> kill; x32 numbers (x86_64) -> EPERM;
/// an allowed number -> allow; anything else -> EPERM.
fn assemble(allow: &[Sysno]) -> Vec<SockFilter> {
    let op = |code, jt, jf, k| SockFilter { code, jt, jf, k };
    let eperm = SECCOMP_RET_ERRNO | Errno::EPERM.raw() as u32;
    let mut p = vec![
        op(BPF_LD_W_ABS, 0, 0, DATA_ARCH),
        op(BPF_JEQ_K, 1, 0, AUDIT_ARCH),
        op(BPF_RET_K, 0, 0, SECCOMP_RET_KILL_PROCESS),
        op(BPF_LD_W_ABS, 0, 0, DATA_NR),
    ];
    if cfg!(target_arch = "x86_64") {
        // __X32_SYSCALL_BIT: jump over the allow list to the EPERM return.
        p.push(op(BPF_JGE_K, allow.len() as u8, 0, 0x4000_0000));
    }
    for (i, &nr) in allow.iter().enumerate() {
        // On a match, skip the rest of the list and the EPERM return.
        p.push(op(BPF_JEQ_K, (allow.len() - i) as u8, 0, nr as u32));
    }
    p.push(op(BPF_RET_K, 0, 0, eperm));
    p.push(op(BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW));
    p
}

/// `prctl(PR_SET_NO_NEW_PRIVS)`, then `seccomp(SECCOMP_SET_MODE_FILTER)`.
fn install(filter: &[SockFilter]) -> sysgate::Result<()> {
    let prog = SockFprog {
        len: filter.len() as u16,
        filter: filter.as_ptr(),
    };
    // SAFETY: PR_SET_NO_NEW_PRIVS takes integers only.
    unsafe { syscall!(Sysno::prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) }?;
    // SAFETY: the kernel copies the program `prog` points to, which is
    // valid for the duration of the call.
    unsafe {
        syscall!(
            Sysno::seccomp,
            SECCOMP_SET_MODE_FILTER,
            0,
            &prog as *const SockFprog
        )
    }?;
    Ok(())
}

/// A line formatted on the stack (cut short if longer than the buffer).
struct Line {
    buf: [u8; 512],
    len: usize,
}

impl Line {
    fn as_str(&self) -> &str {
        // Only whole `str`s are ever appended.
        std::str::from_utf8(&self.buf[..self.len]).unwrap_or("?")
    }
}

impl core::fmt::Write for Line {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        let room = self.buf.len() - self.len;
        if s.len() > room {
            return Err(core::fmt::Error);
        }
        self.buf[self.len..self.len + s.len()].copy_from_slice(s.as_bytes());
        self.len += s.len();
        Ok(())
    }
}

/// Writes with the raw system call, so that nothing but `write` runs.
fn say(msg: &str) -> sysgate::Result<usize> {
    // SAFETY: write(2) reads `msg`, valid for its length.
    unsafe { syscall!(Sysno::write, 1, msg.as_ptr(), msg.len()) }
}

/// `clock_gettime(CLOCK_MONOTONIC)` as a system call, never the vDSO.
fn clock_gettime_syscall() -> sysgate::Result<Timespec> {
    let mut ts = Timespec::ZERO;
    #[cfg(target_arch = "x86")]
    let nr = Sysno::clock_gettime64;
    #[cfg(not(target_arch = "x86"))]
    let nr = Sysno::clock_gettime;
    // SAFETY: the kernel writes one 64-bit `struct timespec` into `ts`.
    unsafe { syscall!(nr, ClockId::MONOTONIC.raw(), &mut ts as *mut Timespec) }?;
    Ok(ts)
}

fn main() {
    // 1. Before the sandbox.
    let has_vdso = sysgate::vdso::init();
    let page = auxv::get(auxv::AT_PAGESZ);
    println!(
        "auxv read from {:?}: page size {:?}, vDSO {}",
        auxv::source(),
        page,
        if has_vdso { "resolved" } else { "absent" }
    );
    let before = time::clock_gettime(ClockId::MONOTONIC);
    // Nothing buffered may need a system call the sandbox forbids.
    let _ = std::io::stdout().flush();

    // 2. The sandbox.
    let filter = assemble(ALLOWED);
    if let Err(e) = install(&filter) {
        if e == Errno::EINVAL || e == Errno::ENOSYS {
            println!(
                "SKIPPED: this platform refuses seccomp filters ({e}): qemu-user does (it cannot \
                 hand a guest's filter to the host kernel), as does a kernel without \
                 CONFIG_SECCOMP_FILTER; nothing here can be checked"
            );
            return;
        }
        println!("FAILED: installing the filter: {e}");
        std::process::exit(1);
    }

    // 3. Inside: only raw writes and exit_group from here on, and no
    // allocation (the allocator may need brk or mmap, now denied).
    let mut ok = true;
    let mut check = |pass: bool, what: core::fmt::Arguments<'_>| {
        ok &= pass;
        let mut line = Line {
            buf: [0; 512],
            len: 0,
        };
        let verdict = if pass { "ok" } else { "FAILED" };
        let _ = writeln!(line, "{verdict}: {what}");
        // A failed write shows as a failed check below, not here.
        let _ = say(line.as_str());
    };

    let written = say("a write from inside the sandbox\n");
    check(
        written == Ok(32),
        format_args!("write allowed: {written:?}"),
    );

    let raw = clock_gettime_syscall();
    check(
        raw == Err(Errno::EPERM),
        format_args!("clock_gettime as a system call denied: {raw:?}"),
    );

    let now = time::clock_gettime(ClockId::MONOTONIC);
    let advanced =
        matches!((before, now), (Ok(b), Ok(n)) if (n.tv_sec, n.tv_nsec) >= (b.tv_sec, b.tv_nsec));
    check(
        has_vdso && advanced,
        format_args!(
            "clock_gettime through the vDSO still works: {now:?} (before: {before:?}){}",
            if has_vdso {
                ""
            } else {
                " - no vDSO in this process"
            }
        ),
    );

    const O_RDONLY_CLOEXEC: usize = 0o2000000;
    const AT_FDCWD: isize = -100;
    // SAFETY: the path is NUL-terminated; a returned fd would be leaked,
    // which is harmless here (and a failed check).
    let open = unsafe {
        syscall!(
            Sysno::openat,
            AT_FDCWD,
            c"/etc/passwd".as_ptr(),
            O_RDONLY_CLOEXEC,
            0
        )
    };
    check(
        open == Err(Errno::EPERM),
        format_args!("openat denied with EPERM, and the process lives on: {open:?}"),
    );

    check(
        auxv::get(auxv::AT_PAGESZ) == page,
        format_args!("auxv still answers from its cache"),
    );

    sysgate::process::exit_group(if ok { 0 } else { 1 })
}
