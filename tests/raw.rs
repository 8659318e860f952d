//! The raw layer against the real kernel: decoding, numbers, every arity,
//! the noreturn exit, and the error paths.

use std::os::fd::AsRawFd;
use sysgate::raw::{self, check};
use sysgate::{syscall, syscall_readonly, Errno, Sysno};

#[test]
fn decode_boundaries() {
    let neg = |n: isize| n as usize;
    assert_eq!(
        check(neg(-4096)),
        Ok(neg(-4096)),
        "-4096 is an address, not an error"
    );
    assert_eq!(check(neg(-4095)).unwrap_err().raw(), 4095);
    assert_eq!(check(neg(-1)), Err(Errno::EPERM));
    assert_eq!(check(neg(-2)), Err(Errno::ENOENT));
    assert_eq!(check(0), Ok(0));
    assert_eq!(check(1), Ok(1));
    assert_eq!(check(usize::MAX / 2), Ok(usize::MAX / 2));
    assert_eq!(check(usize::MAX / 2 + 1), Ok(usize::MAX / 2 + 1));
    assert_eq!(check(usize::MAX), Err(Errno::EPERM));
    for e in 1..=4095usize {
        assert_eq!(check(e.wrapping_neg()).unwrap_err().raw(), e as i32);
    }
}

#[test]
fn errno_names_round_trip() {
    let mut count = 0;
    for e in Errno::iter() {
        let name = e.name().expect("every listed errno has a name");
        assert!(name.starts_with('E'), "{name}");
        assert!(!e.description().unwrap().is_empty());
        assert_eq!(Errno::from_raw(e.raw()), Some(e));
        assert!(format!("{e}").contains(name));
        assert!(format!("{e:?}").contains(name));
        count += 1;
    }
    assert!(count >= 130, "only {count} errno values");
    assert_eq!(Errno::ENOENT.name(), Some("ENOENT"));
    assert_eq!(Errno::EWOULDBLOCK, Errno::EAGAIN);
    assert_eq!(Errno::ENOENT.raw(), libc::ENOENT);
    assert_eq!(Errno::EHWPOISON.raw(), libc::EHWPOISON);
    // Unknown and out-of-range values never panic.
    let unknown = Errno::from_raw(4000).unwrap();
    assert_eq!(unknown.name(), None);
    assert_eq!(format!("{unknown}"), "error 4000");
    assert_eq!(format!("{unknown:?}"), "Errno(4000)");
    // Gaps in the numbering (41 is unassigned in the generic table) and the
    // numbers past the table's end have no name either.
    assert_eq!(Errno::from_raw(41).unwrap().name(), None);
    assert_eq!(Errno::from_raw(134).unwrap().description(), None);
    assert_eq!(Errno::from_raw(4095).unwrap().name(), None);
    assert_eq!(Errno::from_raw(0), None);
    assert_eq!(Errno::from_raw(-1), None);
    assert_eq!(Errno::from_raw(4096), None);
}

#[test]
fn errno_matches_libc_strerror_numbers() {
    // Every name we know has the number libc's headers give it.
    let pairs = [
        (Errno::EPERM, libc::EPERM),
        (Errno::EBADF, libc::EBADF),
        (Errno::EFAULT, libc::EFAULT),
        (Errno::EINTR, libc::EINTR),
        (Errno::ENOSYS, libc::ENOSYS),
        (Errno::EAGAIN, libc::EAGAIN),
        (Errno::ENAMETOOLONG, libc::ENAMETOOLONG),
        (Errno::ECONNREFUSED, libc::ECONNREFUSED),
        (Errno::EDEADLOCK, libc::EDEADLOCK),
        (Errno::ENOTSUP, libc::ENOTSUP),
    ];
    for (ours, theirs) in pairs {
        assert_eq!(ours.raw(), theirs, "{ours}");
    }
}

#[test]
fn sysno_table() {
    let all: Vec<Sysno> = Sysno::iter().collect();
    assert!(all.len() > 300, "only {} syscalls", all.len());
    for s in &all {
        assert_eq!(Sysno::from_number(s.number()), Some(*s));
        assert_eq!(Sysno::from_name(s.name()), Some(*s));
        assert_eq!(s.to_string(), s.name());
        assert_eq!(format!("{s:?}"), s.name());
    }
    // Every number in and past the table that is not a call maps to nothing.
    let numbers: Vec<usize> = all.iter().map(|s| s.number()).collect();
    for n in 0..numbers.last().unwrap() + 10 {
        assert_eq!(Sysno::from_number(n).is_some(), numbers.contains(&n), "{n}");
    }
    assert_eq!(Sysno::from_number(usize::MAX), None);
    assert_eq!(Sysno::from_name(""), None);
    assert!(all.windows(2).all(|w| w[0].number() < w[1].number()));
    assert_eq!(Sysno::getpid.number(), libc::SYS_getpid as usize);
    assert_eq!(Sysno::openat.number(), libc::SYS_openat as usize);
    assert_eq!(Sysno::statx.number(), libc::SYS_statx as usize);
    assert_eq!(Sysno::from_name("no_such_call"), None);
    // Calls added in 6.x are present.
    for name in [
        "openat2",
        "close_range",
        "futex_waitv",
        "cachestat",
        "mseal",
        "listmount",
    ] {
        assert!(Sysno::from_name(name).is_some(), "{name} missing");
    }
}

#[test]
fn getpid_matches_std() {
    // SAFETY: getpid takes no arguments.
    let pid = unsafe { raw::syscall0_readonly(Sysno::getpid as usize) };
    assert_eq!(pid, std::process::id() as usize);
    // SAFETY: as above.
    assert_eq!(unsafe { syscall!(Sysno::getpid) }, Ok(pid));
}

#[test]
fn unknown_syscall_is_enosys() {
    let past_end = Sysno::iter().last().unwrap().number() + 100;
    // SAFETY: an unassigned number does nothing but fail.
    assert_eq!(unsafe { syscall!(past_end) }, Err(Errno::ENOSYS));
    // SAFETY: as above.
    assert_eq!(
        unsafe { syscall!(past_end, 1, 2, 3, 4, 5, 6) },
        Err(Errno::ENOSYS)
    );
}

fn pipe() -> [i32; 2] {
    let mut fds = [0i32; 2];
    // SAFETY: pipe2 writes two ints into `fds` (arity 2).
    unsafe { syscall!(Sysno::pipe2, fds.as_mut_ptr(), libc::O_CLOEXEC) }.unwrap();
    fds
}

fn close(fd: i32) {
    // SAFETY: closes an fd this test owns.
    unsafe { syscall!(Sysno::close, fd) }.unwrap();
}

#[test]
fn closed_fd_is_ebadf_and_bad_pointer_is_efault() {
    let [r, w] = pipe();
    // SAFETY: `1` is not a mapped address: the kernel must refuse to read it.
    assert_eq!(
        unsafe { syscall_readonly!(Sysno::write, w, 1usize, 1) },
        Err(Errno::EFAULT)
    );
    let mut byte = 0u8;
    // SAFETY: writes one byte from `byte`, so the read below does not block.
    assert_eq!(
        unsafe { syscall_readonly!(Sysno::write, w, &byte as *const u8, 1) },
        Ok(1)
    );
    // SAFETY: as above, for a write by the kernel.
    assert_eq!(
        unsafe { syscall!(Sysno::read, r, 8usize, 1) },
        Err(Errno::EFAULT)
    );
    close(r);
    close(w);
    // SAFETY: the fds are closed; the kernel must say so.
    assert_eq!(
        unsafe { syscall!(Sysno::read, r, &mut byte as *mut u8, 1) },
        Err(Errno::EBADF)
    );
    // SAFETY: as above.
    assert_eq!(unsafe { syscall!(Sysno::close, w) }, Err(Errno::EBADF));
}

#[test]
fn arities_one_to_three() {
    let [r, w] = pipe(); // arity 2
                         // SAFETY: dup of a valid fd (arity 1).
    let w2 = unsafe { syscall!(Sysno::dup, w) }.unwrap() as i32;
    let msg = b"through the gate";
    // SAFETY: writes `msg` through the duplicate (arity 3).
    let n = unsafe { syscall_readonly!(Sysno::write, w2, msg.as_ptr(), msg.len()) }.unwrap();
    assert_eq!(n, msg.len());
    let mut buf = [0u8; 32];
    // SAFETY: reads into `buf`, within its length.
    let n = unsafe { syscall!(Sysno::read, r, buf.as_mut_ptr(), buf.len()) }.unwrap();
    assert_eq!(&buf[..n], msg);
    for fd in [r, w, w2] {
        close(fd);
    }
}

fn temp_path(tag: &str) -> std::ffi::CString {
    let dir = std::env::temp_dir();
    let p = dir.join(format!("sysgate-raw-{tag}-{}", std::process::id()));
    let _ = std::fs::remove_file(&p);
    std::ffi::CString::new(p.into_os_string().into_encoded_bytes()).unwrap()
}

#[test]
fn arity_four_openat_and_five_statx() {
    let path = temp_path("openat");
    let flags = libc::O_CREAT | libc::O_EXCL | libc::O_WRONLY | libc::O_CLOEXEC;
    // SAFETY: `path` is a NUL-terminated string (arity 4).
    let fd = unsafe { syscall!(Sysno::openat, libc::AT_FDCWD, path.as_ptr(), flags, 0o600) }
        .unwrap() as i32;
    let data = [7u8; 1234];
    // SAFETY: writes `data`.
    unsafe { syscall_readonly!(Sysno::write, fd, data.as_ptr(), data.len()) }.unwrap();
    close(fd);
    // SAFETY: as above; O_EXCL on an existing file is EEXIST.
    let again = unsafe { syscall!(Sysno::openat, libc::AT_FDCWD, path.as_ptr(), flags, 0o600) };
    assert_eq!(again, Err(Errno::EEXIST));

    let mut stx = std::mem::MaybeUninit::<libc::statx>::zeroed();
    // SAFETY: statx fills a struct statx (arity 5).
    unsafe {
        syscall!(
            Sysno::statx,
            libc::AT_FDCWD,
            path.as_ptr(),
            0,
            libc::STATX_SIZE | libc::STATX_MODE,
            stx.as_mut_ptr()
        )
    }
    .unwrap();
    // SAFETY: the kernel filled it.
    let stx = unsafe { stx.assume_init() };
    assert_eq!(stx.stx_size, 1234);
    assert_eq!(stx.stx_mode & 0o777, 0o600);
    std::fs::remove_file(path.to_str().unwrap()).unwrap();
}

#[test]
fn arity_six_mmap_with_offset() {
    let page = sysgate::auxv::get(sysgate::auxv::AT_PAGESZ).unwrap();
    let path = temp_path("mmap");
    let mut contents = vec![0u8; page * 3];
    for (i, b) in contents.iter_mut().enumerate() {
        *b = (i / page) as u8 + 1;
    }
    std::fs::write(path.to_str().unwrap(), &contents).unwrap();
    let file = std::fs::File::open(path.to_str().unwrap()).unwrap();
    #[cfg(target_pointer_width = "32")]
    let (nr, off) = (Sysno::mmap2, 2); // offset in 4096-byte units
    #[cfg(target_pointer_width = "64")]
    let (nr, off) = (Sysno::mmap, 2 * page);
    #[cfg(not(target_arch = "s390x"))]
    // SAFETY: a fresh private read-only mapping of a file we hold open.
    let addr = unsafe {
        syscall!(
            nr,
            0usize,
            page,
            libc::PROT_READ,
            libc::MAP_PRIVATE,
            file.as_raw_fd(),
            off
        )
    }
    .unwrap();
    // s390x's mmap reads its six arguments from memory (`sys_old_mmap`); its
    // six-register calls are checked by `copy_file_range` in tests/io.rs.
    #[cfg(target_arch = "s390x")]
    let args = [
        0usize,
        page,
        libc::PROT_READ as usize,
        libc::MAP_PRIVATE as usize,
        file.as_raw_fd() as usize,
        off,
    ];
    #[cfg(target_arch = "s390x")]
    // SAFETY: as above; the kernel reads the six words of `args`.
    let addr = unsafe { syscall!(nr, args.as_ptr()) }.unwrap();
    // SAFETY: the mapping is `page` bytes long and readable.
    let mapped = unsafe { std::slice::from_raw_parts(addr as *const u8, page) };
    assert!(
        mapped.iter().all(|&b| b == 3),
        "the mapping starts at page 2"
    );
    // SAFETY: unmaps what we mapped; nothing refers to it any more.
    unsafe { syscall!(Sysno::munmap, addr, page) }.unwrap();
    std::fs::remove_file(path.to_str().unwrap()).unwrap();
}

#[test]
fn exit_group_through_noreturn_path() {
    // SAFETY: the child only makes raw system calls and exits.
    let pid = unsafe { libc::fork() };
    assert!(pid >= 0);
    if pid == 0 {
        // SAFETY: ends the child process.
        unsafe { raw::syscall1_noreturn(Sysno::exit_group as usize, 42) }
    }
    let mut status = 0;
    // SAFETY: waits for our own child.
    assert_eq!(unsafe { libc::waitpid(pid, &mut status, 0) }, pid);
    assert!(libc::WIFEXITED(status));
    assert_eq!(libc::WEXITSTATUS(status), 42);
}

#[cfg(target_arch = "x86")]
mod i386 {
    use super::*;
    use sysgate::auxv;

    #[test]
    fn fast_path_is_kernel_vsyscall() {
        let sysinfo = auxv::get(auxv::AT_SYSINFO).expect("the kernel passes AT_SYSINFO");
        // SAFETY: getpid takes no arguments.
        let pid = unsafe { raw::syscall0(Sysno::getpid as usize) };
        assert_eq!(pid, std::process::id() as usize);
        assert_eq!(
            sysgate::raw::entry(),
            sysinfo,
            "calls go through __kernel_vsyscall"
        );
        // The entry lies inside the vDSO image.
        let ehdr = auxv::get(auxv::AT_SYSINFO_EHDR).unwrap();
        assert!(sysinfo > ehdr && sysinfo < ehdr + 64 * 1024);
    }

    #[test]
    fn int80_still_works() {
        use sysgate::raw::int80;
        // SAFETY: getpid takes no arguments.
        assert_eq!(
            unsafe { int80::syscall0(Sysno::getpid as usize) },
            std::process::id() as usize
        );
        let [r, w] = pipe();
        let msg = b"int 0x80";
        // SAFETY: writes `msg`.
        assert_eq!(
            unsafe {
                int80::syscall3(
                    Sysno::write as usize,
                    w as usize,
                    msg.as_ptr() as usize,
                    msg.len(),
                )
            },
            msg.len()
        );
        let mut buf = [0u8; 8];
        // SAFETY: reads into `buf`; pread64 with a 0 offset (arity 5 on i386).
        let n = unsafe {
            int80::syscall3(
                Sysno::read as usize,
                r as usize,
                buf.as_mut_ptr() as usize,
                8,
            )
        };
        assert_eq!(&buf[..n], msg);
        // SAFETY: bad pointer through the slow path is EFAULT too.
        assert_eq!(
            check(unsafe { int80::syscall3(Sysno::write as usize, w as usize, 1, 1) }),
            Err(Errno::EFAULT)
        );
        close(r);
        close(w);
    }
}

/// `int $0x80` from 64-bit code: the i386 table, 32-bit arguments.
#[cfg(target_arch = "x86_64")]
mod x86_64_int80 {
    use super::*;
    use sysgate::raw::int80;

    // i386 numbers (arch/x86/syscalls.tbl).
    const GETPID: usize = 20;
    const READ: usize = 3;
    const WRITE: usize = 4;

    #[test]
    fn int80_enters_the_32_bit_table() {
        // SAFETY: getpid takes no arguments.
        let pid = unsafe { int80::syscall0_readonly(GETPID) };
        assert_eq!(pid, std::process::id() as usize);
        // The number is 32 bits too: the high half is ignored.
        // SAFETY: as above.
        let pid = unsafe { int80::syscall0_readonly(GETPID | 1 << 32) };
        assert_eq!(pid, std::process::id() as usize);
        // Past the i386 table's end.
        // SAFETY: an unknown number does nothing.
        assert_eq!(check(unsafe { int80::syscall0(1000) }), Err(Errno::ENOSYS));

        // A buffer below 4 GiB, where a 32-bit pointer can reach it.
        // SAFETY: a fresh anonymous page, unmapped below.
        let page = unsafe {
            libc::mmap(
                std::ptr::null_mut(),
                4096,
                libc::PROT_READ | libc::PROT_WRITE,
                libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_32BIT,
                -1,
                0,
            )
        };
        assert_ne!(page, libc::MAP_FAILED);
        assert!((page as usize) < 1 << 32);
        let low = page as *mut u8;
        let [r, w] = pipe();
        // SAFETY: the page is ours; 8 bytes fit.
        unsafe { low.copy_from_nonoverlapping(b"int 0x80".as_ptr(), 8) };
        // The fd's high half is dropped: fd | 1 << 32 is the fd.
        // SAFETY: the kernel reads 8 bytes of the page.
        let n = unsafe { int80::syscall3(WRITE, w as usize | 1 << 32, low as usize, 8) };
        assert_eq!(n, 8);
        // SAFETY: the kernel writes 8 bytes into the page, after the first 8.
        let n = unsafe { int80::syscall3(READ, r as usize, low as usize + 8, 8) };
        assert_eq!(n, 8);
        // SAFETY: both halves were written above.
        let both = unsafe { std::slice::from_raw_parts(low, 16) };
        assert_eq!(&both[..8], &both[8..]);
        // A stack address above 4 GiB is truncated: never the buffer meant.
        // (The low 4 GiB hold nothing but `page`, which it does not hit.)
        let on_stack = [0u8; 8];
        let truncated = on_stack.as_ptr() as usize & 0xffff_ffff;
        assert!(on_stack.as_ptr() as usize > 1 << 32);
        assert!(!(page as usize..page as usize + 4096).contains(&truncated));
        // SAFETY: write only reads, at an unmapped address.
        let e = check(unsafe { int80::syscall3(WRITE, w as usize, on_stack.as_ptr() as usize, 8) });
        assert_eq!(e, Err(Errno::EFAULT));
        // SAFETY: bad pointer: EFAULT as from the 64-bit entry.
        assert_eq!(
            check(unsafe { int80::syscall3(WRITE, w as usize, 1, 1) }),
            Err(Errno::EFAULT)
        );
        close(r);
        close(w);
        // SAFETY: the page mapped above, no longer used.
        unsafe { libc::munmap(page, 4096) };
    }
}

#[cfg(feature = "std")]
#[test]
fn errno_converts_to_and_from_io_error() {
    let io: std::io::Error = Errno::ENOENT.into();
    assert_eq!(io.kind(), std::io::ErrorKind::NotFound);
    assert_eq!(io.raw_os_error(), Some(libc::ENOENT));
    assert_eq!(Errno::try_from(io).unwrap(), Errno::ENOENT);
    let custom = std::io::Error::other("not an os error");
    assert!(Errno::try_from(custom).is_err());
}

/// The committed table of this architecture, to check `Sysno` against.
#[cfg(target_arch = "x86_64")]
const TABLE: &str = include_str!("../arch/x86_64/syscalls.tbl");
#[cfg(target_arch = "x86")]
const TABLE: &str = include_str!("../arch/x86/syscalls.tbl");
#[cfg(target_arch = "aarch64")]
const TABLE: &str = include_str!("../arch/aarch64/syscalls.tbl");
#[cfg(target_arch = "riscv64")]
const TABLE: &str = include_str!("../arch/riscv64/syscalls.tbl");
#[cfg(target_arch = "arm")]
const TABLE: &str = include_str!("../arch/arm/syscalls.tbl");
#[cfg(target_arch = "powerpc64")]
const TABLE: &str = include_str!("../arch/powerpc64/syscalls.tbl");
#[cfg(target_arch = "s390x")]
const TABLE: &str = include_str!("../arch/s390x/syscalls.tbl");
#[cfg(target_arch = "loongarch64")]
const TABLE: &str = include_str!("../arch/loongarch64/syscalls.tbl");

/// Linux 6.18's numbers without an entry point in the kernel's table
/// (16 on x86_64, 19 on i386, none in the generic table) ...
#[cfg(target_arch = "x86_64")]
const NO_ENTRY: &[&str] = &[
    "uselib",
    "create_module",
    "get_kernel_syms",
    "query_module",
    "nfsservctl",
    "getpmsg",
    "putpmsg",
    "afs_syscall",
    "tuxcall",
    "security",
    "set_thread_area",
    "get_thread_area",
    "lookup_dcookie",
    "epoll_ctl_old",
    "epoll_wait_old",
    "vserver",
];
#[cfg(target_arch = "x86")]
const NO_ENTRY: &[&str] = &[
    "break",
    "stty",
    "gtty",
    "ftime",
    "prof",
    "lock",
    "mpx",
    "ulimit",
    "profil",
    "idle",
    "create_module",
    "get_kernel_syms",
    "afs_syscall",
    "query_module",
    "nfsservctl",
    "getpmsg",
    "putpmsg",
    "lookup_dcookie",
    "vserver",
];
#[cfg(any(
    target_arch = "aarch64",
    target_arch = "riscv64",
    target_arch = "powerpc64",
    target_arch = "s390x",
    target_arch = "loongarch64"
))]
const NO_ENTRY: &[&str] = &[];
#[cfg(target_arch = "arm")]
const NO_ENTRY: &[&str] = &["nfsservctl", "vserver"];

/// ... and those whose entry point is `sys_ni_syscall`.
#[cfg(target_arch = "x86_64")]
const NI_SYSCALL: &[&str] = &["_sysctl"];
#[cfg(target_arch = "x86")]
const NI_SYSCALL: &[&str] = &["bdflush", "_sysctl"];
#[cfg(any(
    target_arch = "aarch64",
    target_arch = "riscv64",
    target_arch = "loongarch64"
))]
const NI_SYSCALL: &[&str] = &["lookup_dcookie", "nfsservctl"];
#[cfg(target_arch = "arm")]
const NI_SYSCALL: &[&str] = &["bdflush", "_sysctl", "lookup_dcookie"];
#[cfg(target_arch = "powerpc64")]
const NI_SYSCALL: &[&str] = &[
    "break",
    "oldstat",
    "umount",
    "oldfstat",
    "stty",
    "gtty",
    "ftime",
    "prof",
    "lock",
    "mpx",
    "ulimit",
    "oldolduname",
    "sigaction",
    "sigsuspend",
    "sigpending",
    "getrlimit",
    "select",
    "oldlstat",
    "readdir",
    "profil",
    "ioperm",
    "olduname",
    "iopl",
    "idle",
    "vm86",
    "sigreturn",
    "modify_ldt",
    "sigprocmask",
    "create_module",
    "get_kernel_syms",
    "bdflush",
    "afs_syscall",
    "_sysctl",
    "query_module",
    "nfsservctl",
    "getpmsg",
    "putpmsg",
    "multiplexer",
    "tuxcall",
    "lookup_dcookie",
    "sys_debug_setcontext",
    "map_shadow_stack",
];
#[cfg(target_arch = "s390x")]
const NI_SYSCALL: &[&str] = &[
    "readdir",
    "lookup_dcookie",
    "idle",
    "create_module",
    "get_kernel_syms",
    "bdflush",
    "afs_syscall",
    "_sysctl",
    "query_module",
    "nfsservctl",
    "getpmsg",
    "putpmsg",
    "timerfd",
];

/// The names the table marks with `mark` in its third column.
fn marked(mark: &str) -> Vec<&'static str> {
    TABLE
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| match l.split_whitespace().collect::<Vec<_>>()[..] {
            [_, name, m] if m == mark => Some(name),
            _ => None,
        })
        .collect()
}

#[test]
fn entry_less_numbers_are_in_sysno() {
    fn sorted(mut v: Vec<&str>) -> Vec<&str> {
        v.sort_unstable();
        v
    }
    assert_eq!(sorted(marked("-")), sorted(NO_ENTRY.to_vec()));
    assert_eq!(
        sorted(marked("sys_ni_syscall")),
        sorted(NI_SYSCALL.to_vec())
    );
    #[cfg(target_arch = "x86_64")]
    assert_eq!(NO_ENTRY.len(), 16);
    #[cfg(target_arch = "x86")]
    assert_eq!(NO_ENTRY.len(), 19);

    // Exactly these say they have nothing behind them; each round-trips.
    let none: Vec<&str> = Sysno::iter()
        .filter(|s| !s.is_implemented())
        .map(Sysno::name)
        .collect();
    assert_eq!(sorted(none), sorted([NO_ENTRY, NI_SYSCALL].concat()));
    for name in [NO_ENTRY, NI_SYSCALL].concat() {
        let s = Sysno::from_name(name).unwrap_or_else(|| panic!("{name} missing"));
        assert_eq!(s.name(), name);
        assert_eq!(Sysno::from_number(s.number()), Some(s), "{name}");
        assert!(!s.is_implemented(), "{name}");
    }
    #[cfg(target_arch = "x86_64")]
    {
        assert_eq!(Sysno::tuxcall.number(), 184);
        assert_eq!(Sysno::from_number(174), Some(Sysno::create_module));
        assert_eq!(Sysno::from_name("security"), Some(Sysno::security));
    }
    #[cfg(target_arch = "x86")]
    {
        assert_eq!(Sysno::r#break.number(), 17);
        assert_eq!(Sysno::from_number(112), Some(Sysno::idle));
    }

    // Implemented calls say so.
    for s in [
        Sysno::read,
        Sysno::write,
        Sysno::getpid,
        Sysno::openat,
        Sysno::statx,
    ] {
        assert!(s.is_implemented(), "{s}");
    }
    let implemented = Sysno::iter().filter(|s| s.is_implemented()).count();
    assert!(implemented > 300, "only {implemented} implemented");
}

#[test]
fn entry_less_numbers_answer_enosys() {
    // qemu-user (10.0) answers ENOSYS for all of them too.
    for s in Sysno::iter().filter(|s| !s.is_implemented()) {
        // SAFETY: the kernel implements nothing behind these numbers.
        let got = unsafe { syscall!(s) };
        // SAFETY: as above, whatever the arguments.
        let with_args = unsafe { syscall!(s, 1, 2, 3, 4, 5, 6) };
        assert_eq!(got, Err(Errno::ENOSYS), "{s}");
        assert_eq!(with_args, Err(Errno::ENOSYS), "{s}");
    }
    #[cfg(target_arch = "x86_64")]
    // SAFETY: tuxcall has no entry point.
    assert_eq!(unsafe { syscall!(Sysno::tuxcall) }, Err(Errno::ENOSYS));
}

/// The uapi header of this architecture's C toolchain (Debian's
/// `linux-libc-dev`, for the host or `-cross`), an independent source of
/// the numbers: one `#define __NR_<name> <number>` per call. aarch64,
/// riscv64 and loongarch64 number from `asm-generic/unistd.h`, whose
/// entries need the preprocessor, so they have none here.
#[cfg(target_arch = "x86_64")]
const UAPI: Option<&str> = Some("/usr/include/x86_64-linux-gnu/asm/unistd_64.h");
#[cfg(target_arch = "x86")]
const UAPI: Option<&str> = Some("/usr/include/x86_64-linux-gnu/asm/unistd_32.h");
#[cfg(target_arch = "arm")]
const UAPI: Option<&str> = Some("/usr/arm-linux-gnueabihf/include/asm/unistd-eabi.h");
#[cfg(target_arch = "powerpc64")]
const UAPI: Option<&str> = Some("/usr/powerpc64le-linux-gnu/include/asm/unistd_64.h");
#[cfg(target_arch = "s390x")]
const UAPI: Option<&str> = Some("/usr/s390x-linux-gnu/include/asm/unistd_64.h");
#[cfg(not(any(
    target_arch = "x86_64",
    target_arch = "x86",
    target_arch = "arm",
    target_arch = "powerpc64",
    target_arch = "s390x"
)))]
const UAPI: Option<&str> = None;

#[test]
fn sysno_agrees_with_the_uapi_header() {
    let Some(path) = UAPI else {
        println!("SKIP no flat uapi header on this architecture (asm-generic numbering)");
        return;
    };
    let Ok(text) = std::fs::read_to_string(path) else {
        println!("SKIP {path} is not installed");
        return;
    };
    let mut checked = 0;
    for line in text.lines() {
        // `#define __NR_read 0`, or on arm `(__NR_SYSCALL_BASE + 0)`.
        let Some(rest) = line.strip_prefix("#define __NR_") else {
            continue;
        };
        let mut words = rest.split_whitespace();
        let (Some(name), Some(value)) = (words.next(), words.last()) else {
            continue;
        };
        let Ok(number) = value.trim_end_matches(')').parse::<usize>() else {
            continue;
        };
        let ours = Sysno::from_name(name).unwrap_or_else(|| panic!("{name} ({path}) missing"));
        assert_eq!(ours.number(), number, "{name}");
        checked += 1;
    }
    // Linux 6.1's headers (Debian 12) name 360 to 450 calls.
    assert!(checked > 300, "only {checked} entries read from {path}");
    println!("{checked} entries of {path} agree");
}
