//! A process that locks itself into a Landlock and seccomp sandbox and
//! keeps working.
//!
//! 1. Before the sandbox: read auxv and resolve the vDSO
//!    (`sysgate::vdso::init`), while `prctl` and `/proc` still answer; open
//!    the directory holding this executable, the one directory the sandbox
//!    will let it read.
//! 2. Landlock (`sysgate::landlock`): handle every right the kernel knows,
//!    and allow back only reading beneath that directory.
//! 3. seccomp (`sysgate::seccomp`): a filter compiled from rules (its
//!    disassembly is printed) that allows `read`, `write`, `openat`,
//!    `close`, the exits and the signal return, and `socket` only for
//!    `AF_UNIX` (an argument condition); every other call fails with
//!    `EPERM` instead of killing the process.
//! 4. Show that it holds, each denial with the process alive:
//!    `clock_gettime` still works through the vDSO, while the same call on
//!    a clock the vDSO does not serve (a system call) fails with `EPERM`;
//!    a `write` works; opening this executable works, opening `/etc/passwd`
//!    fails with `EACCES` (Landlock); `socket(AF_UNIX)` works,
//!    `socket(AF_INET)` fails with `EPERM` (the filter).
//!
//! ```sh
//! cargo run --example sandbox
//! ```
//!
//! It checks each step and exits with status 1 if any fails. Where the
//! platform refuses seccomp filters — qemu-user does, since it cannot
//! translate a guest filter for the host kernel (and it has no Landlock
//! either); so does a kernel built without `CONFIG_SECCOMP_FILTER`, and
//! the probe needs Linux 4.14 — it
//! says so and exits with status 0 without the checks, which then cannot
//! be made. On a kernel without Landlock the Landlock checks alone are
//! skipped (and said to be).

use core::fmt::Write as _;
use std::io::Write as _;
use std::os::unix::ffi::OsStrExt;
use sysgate::fd::BorrowedFd;
use sysgate::fs::{openat, Mode, OFlags, CWD};
use sysgate::landlock::{self, AccessFs, Compat, Handled, RestrictSelfFlags, Ruleset};
use sysgate::net::{socket, AddressFamily, Protocol, SocketFlags, SocketType};
use sysgate::seccomp::{
    self, Action, CmpOp, Cond, Filter, FilterFlags, NoNewPrivs, Rule, SockFilter,
};
use sysgate::time::{self, ClockId};
use sysgate::{auxv, io, Errno, Sysno};

/// `socket`'s first argument, an `int`, compared on its low 32 bits (see
/// `Cond`): the only family the filter lets through.
const AF_UNIX_ONLY: &[Cond] = &[Cond::new(
    0,
    CmpOp::MaskedEq(0xffff_ffff),
    AddressFamily::UNIX.raw() as u64,
)];

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

/// Writes with one `write` and nothing else (std's stdout may lock,
/// allocate or flush with calls the sandbox forbids).
fn say(msg: &str) -> sysgate::Result<usize> {
    io::write(BorrowedFd::stdout(), msg.as_bytes())
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
    let exe = std::env::current_exe().expect("current_exe");
    let dir = exe.parent().expect("the executable's directory");
    let exe_c = std::ffi::CString::new(exe.as_os_str().as_bytes()).expect("path");
    let dir_c = std::ffi::CString::new(dir.as_os_str().as_bytes()).expect("path");

    // The filter's default answers EPERM to every call not allowed here.
    let mut rules = [
        Rule::allow(Sysno::read),
        Rule::allow(Sysno::write),
        Rule::allow(Sysno::openat),
        Rule::allow(Sysno::close),
        Rule::allow(Sysno::socket).when(AF_UNIX_ONLY),
        // The calls that must not return (see `seccomp::install`).
        Rule::allow(Sysno::exit_group),
        Rule::allow(Sysno::exit),
        Rule::allow(Sysno::rt_sigreturn),
        #[cfg(target_arch = "x86")]
        Rule::allow(Sysno::sigreturn),
    ];
    let filter = Filter::new(Action::errno(Errno::EPERM), &mut rules).expect("rules");
    let mut buf = [SockFilter::default(); 64];
    let program = filter.compile(&mut buf).expect("compile");
    println!("seccomp filter, {} instructions:", program.len());
    print!("{program}");

    // qemu-user has neither seccomp filters nor Landlock: nothing to check.
    // (The probe, SECCOMP_GET_ACTION_AVAIL, needs Linux 4.14.)
    let landlock_abi = landlock::abi();
    if let Err(e @ (Errno::ENOSYS | Errno::EINVAL)) = seccomp::action_available(Action::Allow) {
        let landlock = match landlock_abi {
            Ok(abi) => format!("ABI {}", abi.raw()),
            Err(e) => e.to_string(),
        };
        println!(
            "SKIPPED: this platform refuses seccomp filters ({e}; Landlock: {landlock}): \
             qemu-user does (it cannot hand a guest's filter to the host kernel), as does a \
             kernel without CONFIG_SECCOMP_FILTER or older than 4.14; nothing here can be \
             checked"
        );
        return;
    }

    // 2. Landlock: read beneath `dir`, nothing else.
    let landlocked = match landlock_abi {
        Ok(abi) => {
            let confine = || -> sysgate::Result<landlock::Dropped> {
                let mut ruleset = Ruleset::create(Handled::all(abi), abi, Compat::BestEffort)?;
                let dir_fd = openat(CWD, dir_c.as_c_str(), OFlags::PATH, Mode::empty())?;
                ruleset.add_path(&dir_fd, AccessFs::READ_FILE | AccessFs::READ_DIR)?;
                ruleset.restrict_self(RestrictSelfFlags::empty(), NoNewPrivs::Set)
            };
            match confine() {
                Ok(dropped) => {
                    println!(
                        "Landlock ABI {}: only reading beneath {}",
                        abi.raw(),
                        dir.display()
                    );
                    if !dropped.is_empty() {
                        println!("  beyond this kernel, not enforced: {dropped:?}");
                    }
                    true
                }
                Err(e) => {
                    println!("FAILED: Landlock: {e}");
                    std::process::exit(1);
                }
            }
        }
        Err(e @ (Errno::ENOSYS | Errno::EOPNOTSUPP)) => {
            println!("skip: no Landlock on this kernel ({e}); its checks are left out");
            false
        }
        Err(e) => {
            println!("FAILED: asking for the Landlock ABI: {e}");
            std::process::exit(1);
        }
    };
    // Nothing buffered may need a system call the sandbox forbids.
    let _ = std::io::stdout().flush();

    // 3. seccomp. Landlock set no_new_privs already, but it may be absent.
    // SAFETY: exit, exit_group and the signal returns stay allowed, so every
    // call this program relies on not returning still does not return.
    if let Err(e) = unsafe { seccomp::install(&program, FilterFlags::empty(), NoNewPrivs::Set) } {
        println!("FAILED: installing the filter: {e}");
        std::process::exit(1);
    }

    // 4. Inside: only the allowed calls from here on, and no allocation
    // (the allocator may need brk or mmap, now denied).
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

    // The vDSO serves no CPU-time clock: this one is a system call.
    let cpu = time::clock_gettime(ClockId::PROCESS_CPUTIME_ID);
    check(
        cpu == Err(Errno::EPERM),
        format_args!("clock_gettime as a system call (CPU-time clock) denied: {cpu:?}"),
    );

    let now = time::clock_gettime(ClockId::MONOTONIC);
    let advanced =
        matches!((before, now), (Ok(b), Ok(n)) if (n.tv_sec, n.tv_nsec) >= (b.tv_sec, b.tv_nsec));
    check(
        has_vdso && advanced,
        format_args!(
            "clock_gettime(MONOTONIC) through the vDSO still works: {now:?} (before: {before:?}){}",
            if has_vdso {
                ""
            } else {
                " - no vDSO in this process"
            }
        ),
    );

    let unix = socket(
        AddressFamily::UNIX,
        SocketType::STREAM,
        SocketFlags::empty(),
        Protocol::DEFAULT,
    );
    check(
        unix.is_ok(),
        format_args!("socket(AF_UNIX) allowed by the argument condition: {unix:?}"),
    );
    let inet = socket(
        AddressFamily::INET,
        SocketType::STREAM,
        SocketFlags::empty(),
        Protocol::DEFAULT,
    );
    check(
        inet.as_ref().err() == Some(&Errno::EPERM),
        format_args!("socket(AF_INET) denied by the filter with EPERM: {inet:?}"),
    );

    if landlocked {
        let mut head = [0u8; 4];
        let inside = openat(CWD, exe_c.as_c_str(), OFlags::RDONLY, Mode::empty())
            .and_then(|fd| io::read(&fd, &mut head));
        check(
            inside == Ok(4) && head == *b"\x7fELF",
            format_args!("open and read inside the allowed directory: {inside:?} bytes {head:x?}"),
        );
        let outside = openat(CWD, c"/etc/passwd", OFlags::RDONLY, Mode::empty());
        check(
            outside.as_ref().err() == Some(&Errno::EACCES),
            format_args!("open of /etc/passwd denied by Landlock with EACCES: {outside:?}"),
        );
    }

    check(
        auxv::get(auxv::AT_PAGESZ) == page,
        format_args!("auxv still answers from its cache; the process lives on"),
    );

    sysgate::process::exit_group(if ok { 0 } else { 1 })
}
