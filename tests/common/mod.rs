//! Helpers shared by the wrapper tests.
#![allow(dead_code)]

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

/// The exit status of a forked child whose code panicked (Rust's own).
pub const CHILD_PANICKED: i32 = 101;

/// Forks; the child runs `child` (which should only do async-signal-safe
/// work: sysgate calls, no allocation, as the test process has threads)
/// and exits with its return value. Returns the child's pid.
///
/// A panic in the child ends it at once with [`CHILD_PANICKED`], after its
/// message goes to stderr with raw writes. Unwinding would return into the
/// test harness, in a process where the harness's other threads do not
/// exist: the child would then exit with status 0 and hide the failure
/// (and the default hook allocates, which can wait forever on a lock that
/// another test thread held at the fork).
pub fn fork_child(child: impl FnOnce() -> i32) -> sysgate::process::Pid {
    use sysgate::process::{exit_group, fork, Fork};
    // SAFETY: the child only runs `child`, whose contract is the above,
    // and the hook below, which allocates nothing.
    match unsafe { fork() }.unwrap() {
        Fork::Child => {
            // The old hook is forgotten, not dropped (no free); the new
            // one is a zero-sized Box (no allocation).
            std::mem::forget(std::panic::take_hook());
            std::panic::set_hook(Box::new(child_panicked));
            exit_group(child())
        }
        Fork::Parent(pid) => pid,
    }
}

/// The forked child's panic hook: the message, then `exit_group`.
fn child_panicked(info: &std::panic::PanicHookInfo<'_>) {
    use std::fmt::Write;
    struct Line {
        bytes: [u8; 1024],
        len: usize,
    }
    impl Write for Line {
        fn write_str(&mut self, s: &str) -> std::fmt::Result {
            let n = s.len().min(self.bytes.len() - self.len);
            self.bytes[self.len..self.len + n].copy_from_slice(&s.as_bytes()[..n]);
            self.len += n;
            Ok(())
        }
    }
    let mut line = Line {
        bytes: [0; 1024],
        len: 0,
    };
    let _ = writeln!(line, "forked child {info}");
    let _ = sysgate::io::write_all(BorrowedFd::stderr(), &line.bytes[..line.len]);
    sysgate::process::exit_group(CHILD_PANICKED)
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
