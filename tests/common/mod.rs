//! Helpers shared by the wrapper tests.
#![allow(dead_code)]

use std::sync::atomic::{AtomicBool, Ordering};
use sysgate::fd::BorrowedFd;

/// True when the test runs under qemu-user: qemu reports the emulated
/// machine in `uname`, while `/proc/sys/kernel/arch` (which qemu does not
/// intercept) names the host kernel's. A native i386 process on an x86_64
/// kernel sees `x86_64` in both.
pub fn under_qemu() -> bool {
    let host = std::fs::read_to_string("/proc/sys/kernel/arch").unwrap_or_default();
    let u = sysgate::process::uname();
    let machine = std::str::from_utf8(u.machine()).unwrap_or("");
    !host.trim().is_empty() && host.trim() != machine
}

/// Prints why a sub-check is skipped.
pub fn skip(what: &str, why: &str) {
    println!("SKIP {what}: {why}");
}

/// An fd number that is never open (above any fd limit).
pub fn closed_fd() -> BorrowedFd<'static> {
    // SAFETY: fd 1_000_000 is above any rlimit: never open.
    unsafe { BorrowedFd::borrow_raw(1_000_000) }
}

/// A page that is mapped but inaccessible: a bad pointer for the kernel,
/// which answers EFAULT. No Rust code ever reads or writes it.
pub fn bad_buf() -> &'static mut [u8] {
    // SAFETY: a fresh anonymous mapping, never unmapped.
    let p = unsafe {
        sysgate::mm::mmap_anonymous(
            std::ptr::null_mut(),
            4096,
            sysgate::mm::ProtFlags::empty(),
            sysgate::mm::MapFlags::PRIVATE,
        )
    }
    .unwrap();
    // SAFETY: the mapping is ours and lives forever; only the kernel touches it.
    unsafe { std::slice::from_raw_parts_mut(p.cast(), 4096) }
}

/// A fresh empty directory under the temp dir, unique to this test.
pub fn temp_dir(tag: &str) -> std::path::PathBuf {
    let d = std::env::temp_dir().join(format!("sysgate-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Runs the single test `test` of this test binary in a fresh process with
/// `env_var=1` set (under the same emulator when under qemu-user, where no
/// binfmt handler may exist), and returns its output.
pub fn reexec(test: &str, env_var: &str) -> std::process::Output {
    reexec_with(test, env_var, |_| {})
}

/// [`reexec`], with `setup` adjusting the command first.
pub fn reexec_with(
    test: &str,
    env_var: &str,
    setup: impl FnOnce(&mut std::process::Command),
) -> std::process::Output {
    let exe = std::env::current_exe().unwrap();
    let mut cmd = if under_qemu() {
        // qemu's name for the machine, and the sysroot of Debian's cross
        // libc for it.
        let (arch, prefix) = match std::env::consts::ARCH {
            "x86" => ("i386", "/usr/i686-linux-gnu"),
            "arm" => ("arm", "/usr/arm-linux-gnueabihf"),
            "powerpc64" => ("ppc64le", "/usr/powerpc64le-linux-gnu"),
            "s390x" => ("s390x", "/usr/s390x-linux-gnu"),
            "aarch64" => ("aarch64", "/usr/aarch64-linux-gnu"),
            "riscv64" => ("riscv64", "/usr/riscv64-linux-gnu"),
            a => (a, ""),
        };
        let mut c = std::process::Command::new(format!("qemu-{arch}"));
        if !prefix.is_empty() && std::path::Path::new(prefix).exists() {
            c.arg("-L").arg(prefix);
        }
        c.arg(&exe);
        c
    } else {
        std::process::Command::new(&exe)
    };
    cmd.args(["--exact", test, "--nocapture", "--test-threads=1"])
        .env(env_var, "1");
    setup(&mut cmd);
    cmd.output().unwrap()
}

/// A reservation of `len` bytes of address space (anonymous, `NORESERVE`):
/// a buffer longer than any kernel count argument, of which the kernel
/// writes only the first bytes. Unmapped on drop.
pub struct Huge {
    ptr: *mut u8,
    len: usize,
}

impl Huge {
    /// `None` when the address space cannot hold it.
    pub fn new(len: usize) -> Option<Huge> {
        use sysgate::mm::{mmap_anonymous, MapFlags, ProtFlags};
        // SAFETY: a fresh private mapping, unmapped only on drop.
        let p = unsafe {
            mmap_anonymous(
                std::ptr::null_mut(),
                len,
                ProtFlags::READ | ProtFlags::WRITE,
                MapFlags::PRIVATE | MapFlags::NORESERVE,
            )
        }
        .ok()?;
        Some(Huge { ptr: p.cast(), len })
    }

    /// The whole reservation as bytes (zero until written).
    pub fn bytes(&mut self) -> &mut [u8] {
        // SAFETY: the mapping is ours, readable and writable, for `len`.
        unsafe { std::slice::from_raw_parts_mut(self.ptr, self.len) }
    }

    /// The reservation as `len / size_of::<T>()` values of `T`.
    ///
    /// # Safety
    ///
    /// All-zero bytes must be a valid `T`.
    pub unsafe fn slice<T>(&mut self) -> &mut [T] {
        // SAFETY: page-aligned, zeroed (the caller vouches that zero is a
        // `T`), ours for `len` bytes.
        unsafe { std::slice::from_raw_parts_mut(self.ptr.cast(), self.len / size_of::<T>()) }
    }
}

impl Drop for Huge {
    fn drop(&mut self) {
        // SAFETY: our mapping; the borrows of `bytes` have ended.
        let _ = unsafe { sysgate::mm::munmap(self.ptr.cast(), self.len) };
    }
}

/// The exit status of a forked child whose code panicked (Rust's own), or
/// that called [`child_fail`].
pub const CHILD_PANICKED: i32 = 101;

/// Set in a child of [`fork_child`] (its own copy of memory): the panic
/// hook then ends the child instead of running the previous hook.
static IN_FORKED_CHILD: AtomicBool = AtomicBool::new(false);

/// Forks; the child runs `child` and exits with its return value. Returns
/// the child's pid.
///
/// The fork is a raw `clone` (glibc's atfork handlers do not run) from a
/// process with threads (libtest's): any lock another thread held at the
/// fork stays held in the child forever, where only this thread exists:
/// malloc's arena locks, std's stdout/stderr locks, libtest's output
/// capture, `std::env`'s lock. So `child` must only do async-signal-safe
/// work:
///
/// - sysgate calls; nothing that allocates or frees (`Box`, `Vec`,
///   `String`, `format!`, `to_string`, `CString`, `PathBuf`, `std::fs`,
///   `std::process`): build such values in the parent before the fork and
///   borrow them in `child` (a closure's captures and locals are dropped,
///   and their memory freed, when it returns; `std::mem::forget` what must
///   be moved in). Memory allocated before the fork may be read and written;
/// - no `print!`/`println!`/`eprintln!` (they lock and, under libtest,
///   allocate): [`sysgate::io::write_all`] to [`BorrowedFd::stderr`], or
///   report through the exit code;
/// - no std `Mutex`, `RwLock`, `Once`, `std::env`, or first use of a
///   thread-local with a destructor (its registration allocates);
/// - panics only with a message that is one literal: `assert!(cond)`,
///   `assert!(cond, "literal")`, `Option::unwrap`, `panic!("literal")`.
///   std formats every other panic message (`assert_eq!`, `assert!(c,
///   "{x}")`, `Result::unwrap`/`expect`, `Option::expect`) into a `String`
///   before any hook runs, which allocates: use [`child_fail`] and
///   [`child_unwrap`] there, which format on the stack.
///
/// A panic in the child ends it at once with [`CHILD_PANICKED`], after its
/// message goes to stderr with raw writes. Unwinding would return into the
/// test harness, in a process where the harness's other threads do not
/// exist: the child would then exit with status 0 and hide the failure
/// (and the default hook allocates and locks). The hook is installed once,
/// in the parent: `take_hook`/`set_hook` in the child would take std's
/// hook lock, which a test thread that was panicking at the fork holds.
pub fn fork_child(child: impl FnOnce() -> i32) -> sysgate::process::Pid {
    use sysgate::process::{exit_group, fork, Fork};
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if IN_FORKED_CHILD.load(Ordering::Relaxed) {
                child_panicked(info)
            } else {
                previous(info)
            }
        }));
    });
    // SAFETY: the child only runs `child`, whose contract is the above,
    // and the hook's branch for it, which allocates and locks nothing.
    match unsafe { fork() }.unwrap() {
        Fork::Child => {
            IN_FORKED_CHILD.store(true, Ordering::Relaxed);
            exit_group(child())
        }
        Fork::Parent(pid) => pid,
    }
}

/// A line formatted on the stack (cut at 1 KiB), for a forked child.
struct Line {
    bytes: [u8; 1024],
    len: usize,
}

impl Line {
    fn new() -> Line {
        Line {
            bytes: [0; 1024],
            len: 0,
        }
    }

    /// Writes the line to stderr with raw writes, then ends the child.
    fn report_and_exit(&self) -> ! {
        let _ = sysgate::io::write_all(BorrowedFd::stderr(), &self.bytes[..self.len]);
        sysgate::process::exit_group(CHILD_PANICKED)
    }
}

impl std::fmt::Write for Line {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        let n = s.len().min(self.bytes.len() - self.len);
        self.bytes[self.len..self.len + n].copy_from_slice(&s.as_bytes()[..n]);
        self.len += n;
        Ok(())
    }
}

/// The forked child's panic hook: the message, then `exit_group`.
fn child_panicked(info: &std::panic::PanicHookInfo<'_>) {
    use std::fmt::Write;
    let mut line = Line::new();
    let _ = writeln!(line, "forked child {info}");
    line.report_and_exit()
}

/// In a child of [`fork_child`]: what a formatted panic would do there,
/// without allocating. Writes the caller's location and `args` (formatted
/// on the stack) to stderr with raw writes and ends the child with
/// [`CHILD_PANICKED`].
#[track_caller]
pub fn child_fail(args: std::fmt::Arguments<'_>) -> ! {
    use std::fmt::Write;
    let mut line = Line::new();
    let location = std::panic::Location::caller();
    let _ = writeln!(line, "forked child failed at {location}:\n{args}");
    line.report_and_exit()
}

/// In a child of [`fork_child`]: `r.unwrap()`, with the failure reported
/// by [`child_fail`] instead of a panic (whose message would allocate).
#[track_caller]
pub fn child_unwrap<T, E: std::fmt::Debug>(r: Result<T, E>) -> T {
    match r {
        Ok(v) => v,
        Err(e) => child_fail(format_args!(
            "called `Result::unwrap()` on an `Err` value: {e:?}"
        )),
    }
}

/// Forks with [`fork_child`] and returns the child's exit status as
/// `wait4` decodes it.
pub fn in_child(child: impl FnOnce() -> i32) -> sysgate::process::WaitStatus {
    wait_child(fork_child(child))
}

/// Runs `child` in a forked child, as [`in_child`], and returns its exit
/// code; panics when it did not exit normally or when it panicked.
pub fn child_exit_code(child: impl FnOnce() -> i32) -> i32 {
    match in_child(child) {
        sysgate::process::WaitStatus::Exited(CHILD_PANICKED) => panic!("the child panicked"),
        sysgate::process::WaitStatus::Exited(code) => code,
        other => panic!("child: {other:?}"),
    }
}

/// Waits for the child `pid` to end and returns its status.
pub fn wait_child(pid: sysgate::process::Pid) -> sysgate::process::WaitStatus {
    use sysgate::process::{wait4, Target, WaitOptions};
    let (got, status) = wait4(Target::Pid(pid), WaitOptions::empty())
        .unwrap()
        .unwrap();
    assert_eq!(got, pid);
    status
}
