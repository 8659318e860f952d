use super::*;

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
