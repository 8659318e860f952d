//! `sysgate::fs` against the real kernel.
// Field types differ per architecture and C library: the casts compare values.
#![allow(clippy::unnecessary_cast)]

use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use sysgate::fd::{AsFd, OwnedFd};
use sysgate::fs::*;
use sysgate::io::{self, FdFlags};
use sysgate::path::PATH_MAX;
use sysgate::seccomp::{self, Action, Filter, FilterFlags, NoNewPrivs, Rule, SockFilter};
use sysgate::time::Timespec;
use sysgate::Errno;

mod common;
use common::{bad_buf, closed_fd, skip, temp_dir, under_qemu};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn dir_fd(p: &Path) -> OwnedFd {
    openat(CWD, s(p), OFlags::DIRECTORY | OFlags::RDONLY, Mode::empty()).unwrap()
}

fn create(dir: &OwnedFd, name: &str, data: &[u8]) -> OwnedFd {
    let f = openat(
        dir,
        name,
        OFlags::CREAT | OFlags::RDWR | OFlags::EXCL,
        Mode::from_octal(0o600),
    )
    .unwrap();
    io::write_all(&f, data).unwrap();
    f
}

#[test]
fn openat_effects_and_errors() {
    let d = temp_dir("fs-open");
    let dir = dir_fd(&d);
    let f = create(&dir, "a", b"hello");
    assert_eq!(
        io::fcntl_getfd(&f).unwrap(),
        FdFlags::CLOEXEC,
        "cloexec by default"
    );
    let fl = io::fcntl_getfl(&f).unwrap();
    // qemu-aarch64 10 hands back the host's O_LARGEFILE bit (0o100000)
    // untranslated: aarch64's O_NOFOLLOW. On riscv64 and i386 the two
    // numbers agree, so the check runs there under qemu too.
    if cfg!(target_arch = "aarch64") && under_qemu() && fl.contains(OFlags::NOFOLLOW) {
        skip(
            "O_LARGEFILE in F_GETFL",
            "qemu-aarch64 returns the host's bit 0o100000 (NOFOLLOW here) instead",
        );
    } else {
        assert!(fl.contains(OFlags::LARGEFILE), "{fl:?}");
    }
    assert_eq!(std::fs::read(d.join("a")).unwrap(), b"hello");
    // Every path argument type reaches the same file.
    let c = CString::new(d.join("a").as_os_str().as_bytes()).unwrap();
    for g in [
        openat(CWD, c.as_c_str(), OFlags::RDONLY, Mode::empty()),
        openat(
            CWD,
            d.join("a").as_os_str().as_bytes(),
            OFlags::RDONLY,
            Mode::empty(),
        ),
        openat(&dir, "a", OFlags::RDONLY, Mode::empty()),
    ] {
        let mut buf = [0u8; 5];
        io::read_exact(g.unwrap(), &mut buf).unwrap();
        assert_eq!(&buf, b"hello");
    }
    let excl = OFlags::CREAT | OFlags::EXCL | OFlags::WRONLY;
    assert_eq!(
        openat(&dir, "a", excl, Mode::RUSR).err(),
        Some(Errno::EEXIST)
    );
    assert_eq!(
        openat(&dir, "nope", OFlags::RDONLY, Mode::empty()).err(),
        Some(Errno::ENOENT)
    );
    assert_eq!(
        openat(&dir, "a\0b", OFlags::RDONLY, Mode::empty()).err(),
        Some(Errno::EINVAL)
    );
    let long = "x/".repeat(PATH_MAX / 2 + 1);
    assert_eq!(
        openat(&dir, long.as_str(), OFlags::RDONLY, Mode::empty()).err(),
        Some(Errno::ENAMETOOLONG)
    );
    let comp = "y".repeat(300);
    assert_eq!(
        openat(&dir, comp.as_str(), OFlags::RDONLY, Mode::empty()).err(),
        Some(Errno::ENAMETOOLONG)
    );
    assert_eq!(
        openat(closed_fd(), "a", OFlags::RDONLY, Mode::empty()).err(),
        Some(Errno::EBADF)
    );
    assert_eq!(
        openat(&dir, "a/", OFlags::RDONLY, Mode::empty()).err(),
        Some(Errno::ENOTDIR)
    );
    assert_eq!(
        openat(&dir, ".", OFlags::TMPFILE | OFlags::RDONLY, Mode::RUSR).err(),
        Some(Errno::EINVAL),
        "TMPFILE needs write access"
    );
    assert_eq!(
        openat(&dir, "a", OFlags::DIRECTORY, Mode::empty()).err(),
        Some(Errno::ENOTDIR)
    );
    // A sparse file past 4 GiB: large-file support on 32-bit.
    ftruncate(&f, 5 << 30).unwrap();
    assert_eq!(fstat(&f).unwrap().st_size as u64, 5 << 30);
    let again = openat(&dir, "a", OFlags::RDONLY, Mode::empty()).unwrap();
    assert_eq!(io::lseek(&again, io::SeekFrom::End(0)).unwrap(), 5 << 30);
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn openat2_resolve_confines_lookups() {
    let d = temp_dir("fs-openat2");
    let dir = dir_fd(&d);
    create(&dir, "inside", b"in");
    std::fs::create_dir(d.join("sub")).unwrap();
    std::os::unix::fs::symlink("../inside", d.join("sub/up")).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", d.join("abs")).unwrap();
    let open2 = |p: &str, r: ResolveFlags| openat2(&dir, p, OFlags::RDONLY, Mode::empty(), r);
    let f = open2("inside", ResolveFlags::BENEATH).unwrap();
    assert_eq!(io::fcntl_getfd(f).unwrap(), FdFlags::CLOEXEC);
    open2("sub/up", ResolveFlags::BENEATH).unwrap();
    assert_eq!(
        open2("abs", ResolveFlags::BENEATH).err(),
        Some(Errno::EXDEV)
    );
    assert_eq!(
        open2("../x", ResolveFlags::BENEATH).err(),
        Some(Errno::EXDEV)
    );
    assert_eq!(
        open2("/etc/passwd", ResolveFlags::BENEATH).err(),
        Some(Errno::EXDEV)
    );
    assert_eq!(
        open2("sub/up", ResolveFlags::NO_SYMLINKS).err(),
        Some(Errno::ELOOP)
    );
    // IN_ROOT: "/inside" resolves inside the dirfd.
    open2("/inside", ResolveFlags::IN_ROOT).unwrap();
    assert_eq!(
        open2("missing", ResolveFlags::BENEATH).err(),
        Some(Errno::ENOENT)
    );
    assert_eq!(
        open2("inside", ResolveFlags::from_bits_retain(1 << 40)).err(),
        Some(Errno::EINVAL)
    );
    assert_eq!(
        openat2(
            &dir,
            "inside",
            OFlags::RDONLY,
            Mode::RUSR,
            ResolveFlags::empty()
        )
        .err(),
        Some(Errno::EINVAL),
        "mode without CREAT"
    );
    assert_eq!(
        open2("in\0side", ResolveFlags::empty()).err(),
        Some(Errno::EINVAL)
    );
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn mkdir_unlink_rename_link_symlink() {
    let d = temp_dir("fs-names");
    let dir = dir_fd(&d);
    mkdirat(&dir, "sub", Mode::from_octal(0o700)).unwrap();
    assert!(d.join("sub").is_dir());
    assert_eq!(mkdirat(&dir, "sub", Mode::RWXU), Err(Errno::EEXIST));
    assert_eq!(mkdirat(&dir, "no/sub", Mode::RWXU), Err(Errno::ENOENT));
    create(&dir, "sub/f", b"1");
    assert_eq!(unlinkat(&dir, "sub", AtFlags::empty()), Err(Errno::EISDIR));
    assert_eq!(
        unlinkat(&dir, "sub", AtFlags::REMOVEDIR),
        Err(Errno::ENOTEMPTY)
    );
    assert_eq!(
        unlinkat(&dir, "sub/f", AtFlags::SYMLINK_NOFOLLOW),
        Err(Errno::EINVAL)
    );
    unlinkat(&dir, "sub/f", AtFlags::empty()).unwrap();
    unlinkat(&dir, "sub", AtFlags::REMOVEDIR).unwrap();
    assert_eq!(
        unlinkat(&dir, "sub", AtFlags::REMOVEDIR),
        Err(Errno::ENOENT)
    );

    create(&dir, "x", b"xx");
    create(&dir, "y", b"yyy");
    assert_eq!(
        renameat2(&dir, "x", &dir, "y", RenameFlags::NOREPLACE),
        Err(Errno::EEXIST)
    );
    renameat2(&dir, "x", &dir, "y", RenameFlags::EXCHANGE).unwrap();
    assert_eq!(std::fs::read(d.join("x")).unwrap(), b"yyy");
    assert_eq!(std::fs::read(d.join("y")).unwrap(), b"xx");
    renameat2(&dir, "x", &dir, "z", RenameFlags::empty()).unwrap();
    assert!(!d.join("x").exists() && d.join("z").exists());
    assert_eq!(
        renameat2(&dir, "x", &dir, "w", RenameFlags::empty()),
        Err(Errno::ENOENT)
    );
    assert_eq!(
        renameat2(&dir, "z", &dir, "w", RenameFlags::from_bits_retain(1 << 10)),
        Err(Errno::EINVAL)
    );
    assert_eq!(
        renameat2(&dir, "z\0", &dir, "w", RenameFlags::empty()),
        Err(Errno::EINVAL)
    );

    linkat(&dir, "z", &dir, "hard", AtFlags::empty()).unwrap();
    assert_eq!(fstatat(&dir, "z", AtFlags::empty()).unwrap().st_nlink, 2);
    assert_eq!(
        linkat(&dir, "z", &dir, "hard", AtFlags::empty()),
        Err(Errno::EEXIST)
    );
    assert_eq!(
        linkat(&dir, "nope", &dir, "h2", AtFlags::empty()),
        Err(Errno::ENOENT)
    );

    symlinkat("z", &dir, "sym").unwrap();
    let mut buf = [0u8; 64];
    assert_eq!(readlinkat(&dir, "sym", &mut buf).unwrap(), b"z");
    let mut small = [0u8; 1];
    assert_eq!(
        readlinkat(&dir, "sym", &mut small),
        Err(Errno::ERANGE),
        "never a cut-off target"
    );
    assert_eq!(readlinkat(&dir, "z", &mut buf), Err(Errno::EINVAL));
    assert_eq!(readlinkat(&dir, "nope", &mut buf), Err(Errno::ENOENT));
    assert_eq!(readlinkat(&dir, "sym", bad_buf()), Err(Errno::EFAULT));
    assert_eq!(symlinkat("z", &dir, "sym"), Err(Errno::EEXIST));
    assert_eq!(symlinkat("", &dir, "empty"), Err(Errno::ENOENT));
    let st = fstatat(&dir, "sym", AtFlags::SYMLINK_NOFOLLOW).unwrap();
    assert_eq!(st.file_type(), FileType::Symlink);
    assert_eq!(
        fstatat(&dir, "sym", AtFlags::empty()).unwrap().file_type(),
        FileType::RegularFile
    );
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn chmod_chown_access() {
    let d = temp_dir("fs-perm");
    let dir = dir_fd(&d);
    let f = create(&dir, "f", b"");
    fchmod(&f, Mode::from_octal(0o640)).unwrap();
    let mask = StatxFlags::MODE;
    assert_eq!(
        statx(&dir, "f", AtFlags::empty(), mask).unwrap().stx_mode & 0o7777,
        0o640
    );
    fchmodat(&dir, "f", Mode::from_octal(0o604), AtFlags::empty()).unwrap();
    assert_eq!(fstat(&f).unwrap().st_mode & 0o7777, 0o604);
    assert_eq!(
        fchmodat(&dir, "nope", Mode::RUSR, AtFlags::empty()),
        Err(Errno::ENOENT)
    );
    assert_eq!(fchmod(closed_fd(), Mode::RUSR), Err(Errno::EBADF));
    symlinkat("f", &dir, "l").unwrap();
    match fchmodat(&dir, "l", Mode::RUSR, AtFlags::SYMLINK_NOFOLLOW) {
        Err(Errno::ENOSYS) if under_qemu() => {
            skip("fchmodat2", "qemu-user 10.0 answers ENOSYS to it")
        }
        Err(Errno::ENOSYS) => skip("fchmodat2", "kernel before Linux 6.6 answers ENOSYS"),
        r => assert_eq!(r, Err(Errno::EOPNOTSUPP)),
    }

    let me = (sysgate::process::geteuid(), sysgate::process::getegid());
    fchownat(&dir, "f", None, None, AtFlags::empty()).unwrap();
    fchownat(&dir, "f", Some(me.0), Some(me.1), AtFlags::empty()).unwrap();
    fchownat(&f, "", None, Some(me.1), AtFlags::EMPTY_PATH).unwrap();
    assert_eq!(
        fchownat(&dir, "nope", None, None, AtFlags::empty()),
        Err(Errno::ENOENT)
    );
    let other = sysgate::process::Uid::from_raw(12345);
    let r = fchownat(&dir, "f", Some(other), None, AtFlags::empty());
    if me.0 == sysgate::process::Uid::ROOT {
        r.unwrap();
        assert_eq!(fstat(&f).unwrap().st_uid, 12345);
    } else {
        assert_eq!(r, Err(Errno::EPERM));
    }

    faccessat2(&dir, "f", Access::empty(), AtFlags::empty()).unwrap();
    faccessat2(&dir, "f", Access::READ, AtFlags::EACCESS).unwrap();
    assert_eq!(
        faccessat2(&dir, "nope", Access::READ, AtFlags::empty()),
        Err(Errno::ENOENT)
    );
    assert_eq!(
        faccessat2(&dir, "f", Access::from_bits_retain(8), AtFlags::empty()),
        Err(Errno::EINVAL)
    );
    if me.0 != sysgate::process::Uid::ROOT {
        fchmod(&f, Mode::empty()).unwrap();
        assert_eq!(
            faccessat2(&dir, "f", Access::READ, AtFlags::empty()),
            Err(Errno::EACCES)
        );
    }
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn stat_layouts_match_libc() {
    let d = temp_dir("fs-stat");
    let dir = dir_fd(&d);
    let f = create(&dir, "f", &[5u8; 12345]);
    let ours = fstat(&f).unwrap();
    #[cfg(target_pointer_width = "32")]
    let theirs = {
        assert_eq!(
            std::mem::size_of::<Stat>(),
            std::mem::size_of::<libc::stat64>()
        );
        let mut st = std::mem::MaybeUninit::<libc::stat64>::uninit();
        // SAFETY: fstat64 fills the struct.
        assert_eq!(unsafe { libc::fstat64(f.as_raw_fd(), st.as_mut_ptr()) }, 0);
        // SAFETY: filled.
        unsafe { st.assume_init() }
    };
    #[cfg(target_pointer_width = "64")]
    let theirs = {
        assert_eq!(
            std::mem::size_of::<Stat>(),
            std::mem::size_of::<libc::stat>()
        );
        let mut st = std::mem::MaybeUninit::<libc::stat>::uninit();
        // SAFETY: fstat fills the struct.
        assert_eq!(unsafe { libc::fstat(f.as_raw_fd(), st.as_mut_ptr()) }, 0);
        // SAFETY: filled.
        unsafe { st.assume_init() }
    };
    assert_eq!(ours.st_size as i64, theirs.st_size as i64);
    assert_eq!(ours.st_ino as u64, theirs.st_ino as u64);
    assert_eq!(ours.st_mode, theirs.st_mode);
    assert_eq!(ours.st_nlink as u64, theirs.st_nlink as u64);
    assert_eq!(ours.st_uid, theirs.st_uid);
    assert_eq!(ours.st_dev, theirs.st_dev as u64);
    assert_eq!(ours.st_blocks as i64, theirs.st_blocks as i64);
    assert_eq!(ours.st_mtime as i64, theirs.st_mtime as i64);
    let ours = if cfg!(target_arch = "s390x") && under_qemu() && ours.st_mtime_nsec == 0 {
        skip(
            "fstat's st_mtime_nsec",
            "qemu-s390x's fstat leaves the nanoseconds 0 (its newfstatat, which glibc uses, fills them)",
        );
        fstatat(&f, "", AtFlags::EMPTY_PATH).unwrap()
    } else {
        ours
    };
    assert_eq!(ours.st_mtime_nsec as i64, theirs.st_mtime_nsec as i64);
    // The accessors: one `Timespec` type on every target, same values.
    let ts = |sec: i64, nsec: i64| Timespec {
        tv_sec: sec,
        tv_nsec: nsec,
    };
    assert_eq!(
        ours.mtime(),
        ts(theirs.st_mtime as i64, theirs.st_mtime_nsec as i64)
    );
    assert_eq!(
        ours.atime(),
        ts(theirs.st_atime as i64, theirs.st_atime_nsec as i64)
    );
    assert_eq!(
        ours.ctime(),
        ts(theirs.st_ctime as i64, theirs.st_ctime_nsec as i64)
    );
    assert!(ours.mtime().tv_sec > 1_600_000_000, "{:?}", ours.mtime());
    assert_eq!(ours.file_type(), FileType::RegularFile);

    let at = fstatat(&dir, "f", AtFlags::empty()).unwrap();
    assert_eq!(at, ours);
    assert_eq!(fstatat(&f, "", AtFlags::EMPTY_PATH).unwrap(), ours);
    assert_eq!(
        fstatat(&dir, "nope", AtFlags::empty()).err(),
        Some(Errno::ENOENT)
    );
    assert_eq!(
        fstatat(&dir, "f", AtFlags::REMOVEDIR).err(),
        Some(Errno::EINVAL)
    );
    assert_eq!(fstat(closed_fd()).err(), Some(Errno::EBADF));

    let stx = statx(
        &dir,
        "f",
        AtFlags::empty(),
        StatxFlags::BASIC_STATS | StatxFlags::BTIME,
    )
    .unwrap();
    assert!(stx.stx_mask.contains(StatxFlags::BASIC_STATS));
    assert_eq!(stx.stx_size, 12345);
    assert_eq!(stx.file_type(), FileType::RegularFile);
    // The fallback conversion agrees with statx on every basic field.
    let conv = Statx::from(ours);
    assert_eq!(conv.stx_mask, StatxFlags::BASIC_STATS);
    assert_eq!(
        (
            conv.stx_ino,
            conv.stx_size,
            conv.stx_mode,
            conv.stx_nlink,
            conv.stx_uid,
            conv.stx_gid
        ),
        (
            stx.stx_ino,
            stx.stx_size,
            stx.stx_mode,
            stx.stx_nlink,
            stx.stx_uid,
            stx.stx_gid
        )
    );
    assert_eq!(
        (conv.stx_blocks, conv.stx_blksize),
        (stx.stx_blocks, stx.stx_blksize)
    );
    assert_eq!(
        (conv.stx_mtime, conv.stx_ctime),
        (stx.stx_mtime, stx.stx_ctime)
    );
    assert_eq!(stx.mtime(), Some(ours.mtime()));
    assert_eq!(stx.atime(), Some(ours.atime()));
    assert_eq!(stx.ctime(), Some(ours.ctime()));
    assert_eq!(conv.btime(), None, "fstatat has no birth time");
    assert_eq!(
        stx.btime().is_some(),
        stx.stx_mask.contains(StatxFlags::BTIME)
    );
    // Unknown bits pass through; a file made here has none of the
    // attributes that need privileges or special filesystems.
    assert!(!stx.attributes().contains(StatxAttributes::IMMUTABLE));
    assert_eq!(
        stx.attributes_mask().bits(),
        stx.stx_attributes_mask,
        "raw field and typed view agree"
    );
    assert_eq!(
        (conv.stx_dev_major, conv.stx_dev_minor),
        (stx.stx_dev_major, stx.stx_dev_minor)
    );
    let dev = statx(CWD, "/dev/null", AtFlags::empty(), StatxFlags::BASIC_STATS).unwrap();
    let devc = Statx::from(fstatat(CWD, "/dev/null", AtFlags::empty()).unwrap());
    assert_eq!((dev.stx_rdev_major, dev.stx_rdev_minor), (1, 3));
    assert_eq!((devc.stx_rdev_major, devc.stx_rdev_minor), (1, 3));
    assert_eq!(devc.file_type(), FileType::CharDevice);
    assert_eq!(
        statx(&dir, "nope", AtFlags::empty(), StatxFlags::SIZE).err(),
        Some(Errno::ENOENT)
    );
    assert_eq!(
        statx(
            &dir,
            "f",
            AtFlags::from_bits_retain(1 << 30),
            StatxFlags::SIZE
        )
        .err(),
        Some(Errno::EINVAL)
    );
    assert_eq!(
        statx(&dir, "f\0", AtFlags::empty(), StatxFlags::SIZE).err(),
        Some(Errno::EINVAL)
    );
    std::fs::remove_dir_all(&d).unwrap();
}

/// statx refused by a seccomp filter (EPERM): the call falls back to
/// fstatat. Runs in a forked child, which installs the filter.
#[test]
fn statx_falls_back_on_seccomp_eperm() {
    let d = temp_dir("fs-statx-fallback");
    std::fs::write(d.join("f"), [1u8; 777]).unwrap();
    let path = CString::new(d.join("f").as_os_str().as_bytes()).unwrap();
    // statx -> EPERM, the rest allowed; compiled before the fork.
    let mut rules = [Rule::new(
        sysgate::Sysno::statx,
        Action::errno(Errno::EPERM),
    )];
    let filter = Filter::new(Action::Allow, &mut rules).unwrap();
    let mut buf = [SockFilter::default(); 16];
    let program = filter.compile(&mut buf).unwrap();
    // SAFETY: the child only makes raw system calls and exits.
    let pid = unsafe { libc::fork() };
    assert!(pid >= 0);
    if pid == 0 {
        // SAFETY: only statx is refused, which nothing relies on not to return.
        let installed =
            unsafe { seccomp::install(&program, FilterFlags::empty(), NoNewPrivs::Set) };
        if installed.is_err() {
            sysgate::process::exit_group(77);
        }
        let mut stx = std::mem::MaybeUninit::<[u8; 256]>::uninit();
        // SAFETY: a raw statx, to prove the filter works.
        let raw = unsafe {
            sysgate::syscall!(
                sysgate::Sysno::statx,
                -100i32,
                path.as_ptr(),
                0,
                0x7ff,
                stx.as_mut_ptr()
            )
        };
        if raw != Err(Errno::EPERM) {
            sysgate::process::exit_group(78);
        }
        match statx(CWD, path.as_c_str(), AtFlags::empty(), StatxFlags::SIZE) {
            Ok(s) if s.stx_size == 777 && s.stx_mask == StatxFlags::BASIC_STATS => {
                sysgate::process::exit_group(0)
            }
            _ => sysgate::process::exit_group(79),
        }
    }
    let mut status = 0;
    // SAFETY: waits for our own child.
    assert_eq!(unsafe { libc::waitpid(pid, &mut status, 0) }, pid);
    assert!(libc::WIFEXITED(status));
    match libc::WEXITSTATUS(status) {
        0 => {}
        77 if under_qemu() => skip(
            "statx seccomp fallback",
            "qemu-user cannot install seccomp filters",
        ),
        c => panic!("child exited with {c}"),
    }
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn truncate_allocate_sync() {
    let d = temp_dir("fs-trunc");
    let dir = dir_fd(&d);
    let f = create(&dir, "f", b"0123456789");
    ftruncate(&f, 4).unwrap();
    assert_eq!(fstat(&f).unwrap().st_size, 4);
    fallocate(&f, FallocateFlags::empty(), 0, 8192).unwrap();
    assert_eq!(fstat(&f).unwrap().st_size, 8192);
    fallocate(&f, FallocateFlags::KEEP_SIZE, 8192, 4096).unwrap();
    assert_eq!(fstat(&f).unwrap().st_size, 8192);
    assert_eq!(
        fallocate(&f, FallocateFlags::empty(), 0, 0),
        Err(Errno::EINVAL)
    );
    fsync(&f).unwrap();
    fdatasync(&f).unwrap();
    assert_eq!(fsync(closed_fd()), Err(Errno::EBADF));
    let (r, w) = io::pipe2(io::PipeFlags::empty()).unwrap();
    assert_eq!(fsync(&r), Err(Errno::EINVAL));
    assert_eq!(ftruncate(&w, 0), Err(Errno::EINVAL));
    assert_eq!(ftruncate(&f, u64::MAX), Err(Errno::EINVAL));
    let ro = openat(&dir, "f", OFlags::RDONLY, Mode::empty()).unwrap();
    assert!(matches!(
        ftruncate(&ro, 0),
        Err(Errno::EINVAL | Errno::EBADF)
    ));
    assert_eq!(ftruncate(closed_fd(), 0), Err(Errno::EBADF));
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn getdents64_lists_thousands_exactly_once() {
    let d = temp_dir("fs-dents");
    let dir = dir_fd(&d);
    const N: usize = 3000;
    for i in 0..N {
        drop(create(&dir, &format!("entry-{i:05}"), b""));
    }
    mkdirat(&dir, "a-directory", Mode::RWXU).unwrap();
    let list = dir_fd(&d);
    let mut seen = vec![0u32; N];
    let (mut dots, mut batches, mut subdir) = (0, 0, false);
    let mut buf = vec![0u8; 4096];
    loop {
        let entries = getdents64(&list, &mut buf).unwrap();
        if entries.is_empty() {
            break;
        }
        batches += 1;
        for e in entries {
            let name = e.name().to_str().unwrap();
            assert_ne!(e.ino(), 0);
            if let Some(num) = name.strip_prefix("entry-") {
                seen[num.parse::<usize>().unwrap()] += 1;
                assert!(matches!(
                    e.file_type(),
                    FileType::RegularFile | FileType::Unknown
                ));
            } else if name == "." || name == ".." {
                dots += 1;
            } else {
                assert_eq!(name, "a-directory");
                assert!(matches!(
                    e.file_type(),
                    FileType::Directory | FileType::Unknown
                ));
                subdir = true;
            }
        }
    }
    assert!(seen.iter().all(|&c| c == 1), "every entry exactly once");
    assert_eq!(dots, 2);
    assert!(subdir);
    assert!(batches > 10, "several refills ({batches})");
    // Errors: a buffer too small for one entry, a file, a closed fd.
    let again = dir_fd(&d);
    assert_eq!(
        getdents64(&again, &mut [0u8; 10]).err(),
        Some(Errno::EINVAL)
    );
    let f = openat(&dir, "entry-00000", OFlags::RDONLY, Mode::empty()).unwrap();
    assert_eq!(getdents64(&f, &mut buf).err(), Some(Errno::ENOTDIR));
    assert_eq!(getdents64(closed_fd(), &mut buf).err(), Some(Errno::EBADF));
    assert_eq!(getdents64(&again, bad_buf()).err(), Some(Errno::EFAULT));
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn cwd_calls() {
    let mut buf = [0u8; PATH_MAX];
    let cwd = getcwd(&mut buf).unwrap().to_owned();
    assert_eq!(
        Path::new(std::ffi::OsStr::from_bytes(cwd.to_bytes())),
        std::env::current_dir().unwrap()
    );
    assert_eq!(getcwd(&mut [0u8; 1]).err(), Some(Errno::ERANGE));
    assert_eq!(chdir("/definitely/not/here").err(), Some(Errno::ENOENT));
    assert_eq!(chdir("/dev/null").err(), Some(Errno::ENOTDIR));
    let f = openat(CWD, "/dev/null", OFlags::RDONLY, Mode::empty()).unwrap();
    assert_eq!(fchdir(&f).err(), Some(Errno::ENOTDIR));
    assert_eq!(fchdir(closed_fd()).err(), Some(Errno::EBADF));
    // Changing directory for real: move to / and back (other tests use
    // absolute paths only).
    let back = dir_fd(&PathBuf::from(cwd.to_str().unwrap()));
    chdir("/").unwrap();
    assert_eq!(getcwd(&mut buf).unwrap().to_bytes(), b"/");
    fchdir(&back).unwrap();
    assert_eq!(getcwd(&mut buf).unwrap(), cwd.as_c_str());
}

#[test]
fn utimensat_sets_times() {
    let d = temp_dir("fs-utime");
    let dir = dir_fd(&d);
    let f = create(&dir, "f", b"");
    let t = [
        Timespec {
            tv_sec: 1_000_000_000,
            tv_nsec: 5,
        },
        Timespec {
            tv_sec: 5_000_000_000,
            tv_nsec: 123_456_789,
        }, // past 2038
    ];
    utimensat(&dir, "f", Some(&t), AtFlags::empty()).unwrap();
    let stx = statx(
        &f,
        "",
        AtFlags::EMPTY_PATH,
        StatxFlags::ATIME | StatxFlags::MTIME,
    )
    .unwrap();
    assert_eq!(
        (stx.stx_atime.tv_sec, stx.stx_atime.tv_nsec),
        (1_000_000_000, 5)
    );
    assert_eq!(
        (stx.stx_mtime.tv_sec, stx.stx_mtime.tv_nsec),
        (5_000_000_000, 123_456_789)
    );
    let keep = [
        Timespec {
            tv_sec: 0,
            tv_nsec: UTIME_NOW,
        },
        Timespec {
            tv_sec: 0,
            tv_nsec: UTIME_OMIT,
        },
    ];
    utimensat(&f, "", Some(&keep), AtFlags::EMPTY_PATH).unwrap();
    let stx2 = statx(
        &f,
        "",
        AtFlags::EMPTY_PATH,
        StatxFlags::ATIME | StatxFlags::MTIME,
    )
    .unwrap();
    assert_eq!(stx2.stx_mtime, stx.stx_mtime, "OMIT kept mtime");
    assert!(stx2.stx_atime.tv_sec > 1_600_000_000, "NOW set atime");
    utimensat(&dir, "f", None, AtFlags::empty()).unwrap();
    let bad = [Timespec {
        tv_sec: 0,
        tv_nsec: 2_000_000_000,
    }; 2];
    assert_eq!(
        utimensat(&dir, "f", Some(&bad), AtFlags::empty()),
        Err(Errno::EINVAL)
    );
    assert_eq!(
        utimensat(&dir, "nope", None, AtFlags::empty()),
        Err(Errno::ENOENT)
    );
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn flock_conflicts_between_opens() {
    let d = temp_dir("fs-flock");
    let dir = dir_fd(&d);
    let a = create(&dir, "f", b"");
    let b = openat(&dir, "f", OFlags::RDONLY, Mode::empty()).unwrap();
    flock(&a, FlockOperation::LockExclusive).unwrap();
    assert_eq!(
        flock(&b, FlockOperation::NonBlockingLockShared),
        Err(Errno::EWOULDBLOCK)
    );
    // A dup shares the lock.
    let a2 = a.try_clone().unwrap();
    flock(&a2, FlockOperation::NonBlockingLockExclusive).unwrap();
    flock(&a, FlockOperation::Unlock).unwrap();
    flock(&b, FlockOperation::NonBlockingLockShared).unwrap();
    assert_eq!(
        flock(closed_fd(), FlockOperation::Unlock),
        Err(Errno::EBADF)
    );
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn memfd_and_fstatfs() {
    let m = memfd_create("sysgate-memfd", MemfdFlags::ALLOW_SEALING).unwrap();
    assert_eq!(io::fcntl_getfd(&m).unwrap(), FdFlags::CLOEXEC);
    let link = std::fs::read_link(format!("/proc/self/fd/{}", m.as_fd().as_raw_fd())).unwrap();
    assert!(
        link.to_str().unwrap().starts_with("/memfd:sysgate-memfd"),
        "{link:?}"
    );
    io::write_all(&m, b"abc").unwrap();
    assert_eq!(fstat(&m).unwrap().st_size, 3);
    assert_eq!(
        memfd_create("x", MemfdFlags::from_bits_retain(1 << 20)).err(),
        Some(Errno::EINVAL)
    );
    assert_eq!(
        memfd_create("n".repeat(300).as_str(), MemfdFlags::empty()).err(),
        Some(Errno::EINVAL)
    );
    assert_eq!(
        memfd_create("a\0b", MemfdFlags::empty()).err(),
        Some(Errno::EINVAL)
    );

    let sf = fstatfs(&m).unwrap();
    assert_eq!(sf.f_type as u64, 0x0102_1994, "tmpfs magic");
    let d = temp_dir("fs-statfs");
    let dir = dir_fd(&d);
    let ours = fstatfs(&dir).unwrap();
    let mut theirs = std::mem::MaybeUninit::<libc::statfs64>::uninit();
    // SAFETY: fstatfs64 fills the struct.
    assert_eq!(
        unsafe { libc::fstatfs64(dir.as_fd().as_raw_fd(), theirs.as_mut_ptr()) },
        0
    );
    // SAFETY: filled.
    let theirs = unsafe { theirs.assume_init() };
    assert_eq!(ours.f_type as u64, theirs.f_type as u64);
    assert_eq!(ours.f_bsize as u64, theirs.f_bsize as u64);
    assert_eq!(ours.f_blocks, { theirs.f_blocks });
    assert_eq!(ours.f_namelen as u64, theirs.f_namelen as u64);
    // The accessors: the same types on every target, the same values.
    assert_eq!(ours.fs_type(), theirs.f_type as u64);
    assert_eq!(ours.block_size(), theirs.f_bsize as u64);
    assert_eq!(ours.fragment_size(), theirs.f_frsize as u64);
    assert_eq!(ours.name_max(), 255);
    assert_eq!(ours.flags().bits(), theirs.f_flags as u64);
    assert!(
        ours.flags().contains(StatFsFlags::VALID),
        "{:?}",
        ours.flags()
    );
    assert!(!ours.flags().contains(StatFsFlags::RDONLY));
    assert_eq!(fstatfs(closed_fd()).err(), Some(Errno::EBADF));
    std::fs::remove_dir_all(&d).unwrap();
}

#[test]
fn umask_round_trip() {
    let old = umask(Mode::from_octal(0o077));
    let mid = umask(old);
    assert_eq!(mid, Mode::from_octal(0o077));
}

#[test]
fn file_type_decoding() {
    assert_eq!(FileType::from_mode(0o100644), FileType::RegularFile);
    assert_eq!(FileType::from_mode(0o040755), FileType::Directory);
    assert_eq!(FileType::from_mode(0o120777), FileType::Symlink);
    assert_eq!(FileType::from_mode(0o140000), FileType::Socket);
    assert_eq!(FileType::from_mode(0o010000), FileType::Fifo);
    assert_eq!(FileType::from_mode(0o060000), FileType::BlockDevice);
    assert_eq!(FileType::from_dirent_type(0), FileType::Unknown);
}

/// Every owned and borrowed string type of `alloc` and `std` is a path
/// argument with no conversion; an interior NUL is `EINVAL` in each.
#[cfg(feature = "std")]
#[test]
fn path_args_from_alloc_and_std_types() {
    use sysgate::path::Arg;
    fn opens(p: impl Arg) -> Result<(), Errno> {
        openat(CWD, p, OFlags::RDONLY, Mode::empty()).map(drop)
    }
    let d = temp_dir("fs-args");
    std::fs::write(d.join("a"), b"x").unwrap();
    let p: PathBuf = d.join("a");
    let s: String = p.to_str().unwrap().to_owned();
    let v: Vec<u8> = s.clone().into_bytes();
    let c = CString::new(v.clone()).unwrap();
    let o = p.clone().into_os_string();
    let arr: &[u8; 1] = b"a";
    assert_eq!(opens(&s), Ok(()));
    assert_eq!(opens(s.clone()), Ok(()));
    assert_eq!(opens(&v), Ok(()));
    assert_eq!(opens(v.clone()), Ok(()));
    assert_eq!(opens(&c), Ok(()));
    assert_eq!(opens(c.clone()), Ok(()));
    assert_eq!(opens(p.as_path()), Ok(()));
    assert_eq!(opens(&p), Ok(()));
    assert_eq!(opens(p.clone()), Ok(()));
    assert_eq!(opens(o.as_os_str()), Ok(()));
    assert_eq!(opens(&o), Ok(()));
    assert_eq!(opens(o), Ok(()));
    let dir = dir_fd(&d);
    assert_eq!(
        openat(&dir, arr, OFlags::RDONLY, Mode::empty()).map(drop),
        Ok(())
    );
    assert_eq!(opens(String::from("a\0b")), Err(Errno::EINVAL));
    assert_eq!(opens(vec![b'a', 0]), Err(Errno::EINVAL));
    assert_eq!(opens(PathBuf::from("a\0b")), Err(Errno::EINVAL));
    assert_eq!(opens(&s[..0]), Err(Errno::ENOENT));
}

/// Buffers longer than the kernel's `int`/`unsigned int` count arguments
/// are offered as the most the argument holds, never cut to their low 32
/// bits: a 2^32 + 32 byte buffer would otherwise be a 32-byte one.
#[cfg(target_pointer_width = "64")]
#[test]
fn buffers_past_the_count_arguments_range() {
    if under_qemu() {
        skip(
            "4 GiB buffers",
            "qemu-user copies guest buffers by their length",
        );
        return;
    }
    let Some(mut huge) = common::Huge::new((1 << 32) + 32) else {
        skip("4 GiB buffers", "no room for the reservation");
        return;
    };
    let d = temp_dir("huge-count");
    let dir = dir_fd(&d);
    let target = "a symlink target longer than thirty-two bytes";
    symlinkat(target, &dir, "sym").unwrap();
    // readlinkat's `bufsiz` is an int: cut to 32, the target would come
    // back cut and reported complete.
    assert_eq!(
        readlinkat(&dir, "sym", huge.bytes()).unwrap(),
        target.as_bytes()
    );
    // getdents64's `count` is an unsigned int: cut to 32, no entry fits
    // (EINVAL).
    let names: Vec<Vec<u8>> = getdents64(&dir, huge.bytes())
        .unwrap()
        .map(|e| e.name().to_bytes().to_vec())
        .collect();
    assert!(names.contains(&b"sym".to_vec()), "{names:?}");
    std::fs::remove_dir_all(&d).unwrap();
}
