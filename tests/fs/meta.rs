use super::*;

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
