use super::*;

#[test]
fn read_write_pipe_and_errors() {
    let (r, w) = pipe2(PipeFlags::empty()).unwrap();
    assert_eq!(write(&w, b"hello").unwrap(), 5);
    assert_eq!(ioctl_fionread(&r).unwrap(), 5);
    let mut buf = [0u8; 16];
    assert_eq!(read(&r, &mut buf).unwrap(), 5);
    assert_eq!(&buf[..5], b"hello");
    assert_eq!(read(closed_fd(), &mut buf), Err(Errno::EBADF));
    assert_eq!(write(closed_fd(), b"x"), Err(Errno::EBADF));
    write(&w, b"x").unwrap();
    assert_eq!(read(&r, bad_buf()), Err(Errno::EFAULT));
    assert_eq!(write(&w, bad_buf()), Err(Errno::EFAULT));
    // Reading a write-only end.
    assert_eq!(read(&w, &mut buf), Err(Errno::EBADF));
    drop(w);
    assert_eq!(read(&r, &mut buf).unwrap(), 1);
    assert_eq!(
        read(&r, &mut buf).unwrap(),
        0,
        "EOF after the writer closed"
    );
}

#[test]
fn read_buf_fills_uninit_memory_with_retry() {
    let (r, w) = pipe2(PipeFlags::empty()).unwrap();
    write(&w, b"abcdef").unwrap();
    let mut storage = [MaybeUninit::<u8>::uninit(); 4];
    let mut rb = ReadBuf::new(&mut storage);
    assert_eq!(retry_on_intr(|| read_buf(&r, &mut rb)).unwrap(), 4);
    assert_eq!(rb.filled(), b"abcd");
    assert_eq!(rb.remaining(), 0);
    assert_eq!(read_buf(&r, &mut rb).unwrap(), 0, "a full ReadBuf reads 0");
    rb.clear();
    assert_eq!(read_buf(&r, &mut rb).unwrap(), 2);
    assert_eq!(rb.into_filled(), b"ef");
    let mut storage = [MaybeUninit::<u8>::uninit(); 4];
    let mut rb = ReadBuf::new(&mut storage);
    assert_eq!(read_buf(closed_fd(), &mut rb), Err(Errno::EBADF));
    assert!(rb.filled().is_empty());
}

#[test]
fn pread_pwrite_keep_position() {
    let f = memfd();
    assert_eq!(pwrite(&f, b"0123456789", 100).unwrap(), 10);
    assert_eq!(lseek(&f, SeekFrom::Current(0)).unwrap(), 0);
    let mut buf = [0u8; 4];
    assert_eq!(pread(&f, &mut buf, 103).unwrap(), 4);
    assert_eq!(&buf, b"3456");
    assert_eq!(pread(&f, &mut buf, 1000).unwrap(), 0, "past the end");
    assert_eq!(lseek(&f, SeekFrom::End(0)).unwrap(), 110);
    // A 64-bit offset past 4 GiB: proves the i386 register split.
    let big = (5u64 << 30) + 7;
    assert_eq!(pwrite(&f, b"far", big).unwrap(), 3);
    assert_eq!(pread(&f, &mut buf[..3], big).unwrap(), 3);
    assert_eq!(&buf[..3], b"far");
    assert_eq!(lseek(&f, SeekFrom::End(0)).unwrap(), big + 3);
    let (r, _w) = pipe2(PipeFlags::empty()).unwrap();
    assert_eq!(pread(&r, &mut buf, 0), Err(Errno::ESPIPE));
    assert_eq!(pread(&f, &mut buf, u64::MAX), Err(Errno::EINVAL));
    assert_eq!(pwrite(closed_fd(), b"x", 0), Err(Errno::EBADF));
    assert_eq!(pread(&f, bad_buf(), 100), Err(Errno::EFAULT));
}

#[test]
fn readv_writev_and_v2() {
    let f = memfd();
    let bufs = [IoSlice::new(b"ab"), IoSlice::new(b""), IoSlice::new(b"cde")];
    assert_eq!(writev(&f, &bufs).unwrap(), 5);
    lseek(&f, SeekFrom::Start(0)).unwrap();
    let (mut a, mut b) = ([0u8; 1], [0u8; 10]);
    let mut out = [IoSliceMut::new(&mut a), IoSliceMut::new(&mut b)];
    assert_eq!(readv(&f, &mut out).unwrap(), 5);
    assert_eq!(&a, b"a");
    assert_eq!(&b[..4], b"bcde");

    // Too many slices.
    let many = vec![IoSlice::new(b"x"); IOV_MAX + 1];
    assert_eq!(writev(&f, &many), Err(Errno::EINVAL));
    assert_eq!(writev(closed_fd(), &bufs), Err(Errno::EBADF));
    let bad = [IoSlice::new(bad_buf())];
    assert_eq!(writev(&f, &bad), Err(Errno::EFAULT));

    // pwritev2 at an offset leaves the position; `None` uses and moves it.
    let pos = lseek(&f, SeekFrom::Current(0)).unwrap();
    let big = (4u64 << 30) + 1;
    let r = pwritev2(
        &f,
        &[IoSlice::new(b"XY")],
        Some(big),
        ReadWriteFlags::empty(),
    );
    if r == Err(Errno::ENOSYS) && under_qemu() {
        return skip("preadv2/pwritev2", "qemu-user 10.0 answers ENOSYS to them");
    }
    assert_eq!(r.unwrap(), 2);
    assert_eq!(lseek(&f, SeekFrom::Current(0)).unwrap(), pos);
    let mut c = [0u8; 2];
    assert_eq!(
        preadv2(
            &f,
            &mut [IoSliceMut::new(&mut c)],
            Some(big),
            ReadWriteFlags::empty()
        )
        .unwrap(),
        2
    );
    assert_eq!(&c, b"XY");
    lseek(&f, SeekFrom::Start(1)).unwrap();
    assert_eq!(
        preadv2(
            &f,
            &mut [IoSliceMut::new(&mut c)],
            None,
            ReadWriteFlags::empty()
        )
        .unwrap(),
        2
    );
    assert_eq!(&c, b"bc");
    assert_eq!(lseek(&f, SeekFrom::Current(0)).unwrap(), 3);
    // Unknown RWF bits.
    assert_eq!(
        preadv2(
            &f,
            &mut [IoSliceMut::new(&mut c)],
            None,
            ReadWriteFlags::from_bits_retain(1 << 30)
        ),
        Err(Errno::EOPNOTSUPP)
    );
}

#[test]
fn lseek_variants() {
    let f = memfd();
    write(&f, &[1u8; 100]).unwrap();
    assert_eq!(lseek(&f, SeekFrom::Start(10)).unwrap(), 10);
    assert_eq!(lseek(&f, SeekFrom::Current(5)).unwrap(), 15);
    assert_eq!(lseek(&f, SeekFrom::End(-1)).unwrap(), 99);
    assert_eq!(lseek(&f, SeekFrom::Data(0)).unwrap(), 0);
    assert_eq!(lseek(&f, SeekFrom::Hole(0)).unwrap(), 100);
    assert_eq!(lseek(&f, SeekFrom::Data(200)), Err(Errno::ENXIO));
    assert_eq!(lseek(&f, SeekFrom::Current(-1000)), Err(Errno::EINVAL));
    let big = 6u64 << 30;
    assert_eq!(lseek(&f, SeekFrom::Start(big)).unwrap(), big);
    let (r, _w) = pipe2(PipeFlags::empty()).unwrap();
    assert_eq!(lseek(&r, SeekFrom::Start(0)), Err(Errno::ESPIPE));
    assert_eq!(lseek(closed_fd(), SeekFrom::Start(0)), Err(Errno::EBADF));
}

#[test]
fn dup_family_sets_cloexec() {
    let (r, w) = pipe2(PipeFlags::empty()).unwrap();
    assert_eq!(
        fcntl_getfd(&r).unwrap(),
        FdFlags::CLOEXEC,
        "pipe2 is cloexec"
    );
    let w2 = dup(&w).unwrap();
    assert_ne!(w2.as_raw_fd(), w.as_raw_fd());
    assert_eq!(fcntl_getfd(&w2).unwrap(), FdFlags::CLOEXEC);
    let w3 = w.try_clone().unwrap();
    let w4 = w.as_fd().try_clone_to_owned().unwrap();
    assert_eq!(fcntl_getfd(&w3).unwrap(), FdFlags::CLOEXEC);
    let hi = fcntl_dupfd_cloexec(&w, 500).unwrap();
    assert!(hi.as_raw_fd() >= 500);
    assert_eq!(fcntl_getfd(&hi).unwrap(), FdFlags::CLOEXEC);
    for fd in [&w2, &w3, &w4, &hi] {
        write(fd, b"z").unwrap();
    }
    let mut buf = [0u8; 8];
    assert_eq!(
        read(&r, &mut buf).unwrap(),
        4,
        "all dups write the same pipe"
    );

    // dup3 replaces what `target` referred to, and keeps it cloexec.
    let (r2, w5) = pipe2(PipeFlags::empty()).unwrap();
    let mut target = dup(&w5).unwrap();
    let n = target.as_raw_fd();
    dup3(&w, &mut target, DupFlags::CLOEXEC).unwrap();
    assert_eq!(target.as_raw_fd(), n);
    assert_eq!(fcntl_getfd(&target).unwrap(), FdFlags::CLOEXEC);
    write(&target, b"q").unwrap();
    assert_eq!(read(&r, &mut buf).unwrap(), 1);
    drop(w5);
    drop(target);
    assert_eq!(read(&r2, &mut buf).unwrap(), 0, "r2 lost its last writer");
    // Opting out of cloexec is explicit.
    fcntl_setfd(&w2, FdFlags::empty()).unwrap();
    assert_eq!(fcntl_getfd(&w2).unwrap(), FdFlags::empty());

    let mut same = dup(&w).unwrap();
    let same_fd = same.as_fd().try_clone_to_owned().unwrap();
    let s = same_fd.as_raw_fd();
    // SAFETY: borrow `same`'s own number to dup onto itself.
    let self_fd = unsafe { BorrowedFd::borrow_raw(same.as_raw_fd()) };
    assert_eq!(
        dup3(self_fd, &mut same, DupFlags::CLOEXEC),
        Err(Errno::EINVAL)
    );
    assert!(s >= 0);
    assert_eq!(dup(closed_fd()).err(), Some(Errno::EBADF));
    assert_eq!(fcntl_dupfd_cloexec(&w, -1).err(), Some(Errno::EINVAL));
    assert_eq!(fcntl_getfd(closed_fd()), Err(Errno::EBADF));
}

#[test]
fn fcntl_status_flags_pipe_size_and_raw() {
    let (r, w) = pipe2(PipeFlags::empty()).unwrap();
    let fl = fcntl_getfl(&r).unwrap();
    assert_eq!(fl & OFlags::ACCMODE, OFlags::RDONLY);
    assert!(!fl.contains(OFlags::NONBLOCK));
    fcntl_setfl(&r, fl | OFlags::NONBLOCK).unwrap();
    assert!(fcntl_getfl(&r).unwrap().contains(OFlags::NONBLOCK));
    let mut b = [0u8; 1];
    assert_eq!(read(&r, &mut b), Err(Errno::EAGAIN));
    assert_eq!(fcntl_getfl(&w).unwrap() & OFlags::ACCMODE, OFlags::WRONLY);

    let size = fcntl_set_pipe_size(&w, 1).unwrap();
    assert_eq!(size, sysgate::mm::page_size());
    assert_eq!(fcntl_get_pipe_size(&w).unwrap(), size);
    assert_eq!(fcntl_set_pipe_size(&w, 1 << 20).unwrap(), 1 << 20);
    // The kernel's argument is an int: sizes past it are refused, not cut
    // to their low bits (2^32 + 4096 would set 4096).
    assert_eq!(
        fcntl_set_pipe_size(&w, i32::MAX as usize + 1),
        Err(Errno::EINVAL)
    );
    #[cfg(target_pointer_width = "64")]
    assert_eq!(
        fcntl_set_pipe_size(&w, (1 << 32) + 4096),
        Err(Errno::EINVAL)
    );
    assert_eq!(fcntl_get_pipe_size(&w).unwrap(), 1 << 20, "unchanged");
    let f = memfd();
    assert_eq!(fcntl_get_pipe_size(&f), Err(Errno::EBADF));
    assert_eq!(fcntl_setfl(closed_fd(), OFlags::empty()), Err(Errno::EBADF));
    // SAFETY: F_GETLK with a bad pointer: the kernel says EFAULT.
    assert_eq!(unsafe { io::fcntl(&f, 5, 8) }, Err(Errno::EFAULT));
    // SAFETY: an unknown command touches nothing.
    assert_eq!(unsafe { io::fcntl(&f, 99_999, 0) }, Err(Errno::EINVAL));
}

#[test]
fn record_locks() {
    let path = std::env::temp_dir().join(format!("sysgate-io-lock-{}", std::process::id()));
    let path = path.to_str().unwrap();
    let mode = sysgate::fs::Mode::from_octal(0o600);
    let cwd = sysgate::fs::CWD;
    let a = sysgate::fs::openat(cwd, path, OFlags::CREAT | OFlags::RDWR, mode).unwrap();
    let b = sysgate::fs::openat(cwd, path, OFlags::RDWR, mode).unwrap();
    std::fs::remove_file(path).unwrap();
    // OFD locks conflict between two opens of one file, even in one process.
    let mut lk = Flock::new(LockType::Write, 0, 10);
    fcntl_lock(&a, LockCmd::OfdSetLk, &mut lk).unwrap();
    let mut other = Flock::new(LockType::Write, 5, 1);
    assert_eq!(
        fcntl_lock(&b, LockCmd::OfdSetLk, &mut other),
        Err(Errno::EAGAIN)
    );
    let mut probe = Flock::new(LockType::Write, 0, 0);
    fcntl_lock(&b, LockCmd::OfdGetLk, &mut probe).unwrap();
    assert_eq!(probe.lock_type(), Some(LockType::Write));
    assert_eq!((probe.l_start, probe.l_len, probe.l_pid), (0, 10, -1));
    // Beyond 4 GiB: no conflict there.
    let mut far = Flock::new(LockType::Write, 5 << 30, 1);
    fcntl_lock(&b, LockCmd::OfdSetLk, &mut far).unwrap();
    // Process-associated locks: the same process never conflicts with itself.
    let mut p = Flock::new(LockType::Read, 100, 1);
    fcntl_lock(&a, LockCmd::SetLk, &mut p).unwrap();
    let mut q = Flock::new(LockType::Write, 100, 1);
    fcntl_lock(&b, LockCmd::GetLk, &mut q).unwrap();
    assert_eq!(q.lock_type(), Some(LockType::Unlock));
    let mut bad = Flock::new(LockType::Write, 0, 1);
    bad.l_type = 77;
    assert_eq!(fcntl_lock(&a, LockCmd::SetLk, &mut bad), Err(Errno::EINVAL));
    let mut un = Flock::new(LockType::Unlock, 0, 10);
    fcntl_lock(&a, LockCmd::OfdSetLk, &mut un).unwrap();
    fcntl_lock(&b, LockCmd::OfdSetLk, &mut other).unwrap();
    assert_eq!(
        fcntl_lock(closed_fd(), LockCmd::SetLk, &mut un),
        Err(Errno::EBADF)
    );
}

#[test]
fn ioctls() {
    let (r, _w) = pipe2(PipeFlags::empty()).unwrap();
    assert_eq!(ioctl_fionread(&r).unwrap(), 0);
    assert_eq!(ioctl_tiocgwinsz(&r), Err(Errno::ENOTTY));
    assert_eq!(ioctl_fionread(closed_fd()), Err(Errno::EBADF));
    // FIONREAD's number: powerpc encodes its own.
    let fionread = if cfg!(target_arch = "powerpc64") {
        0x4004_667f
    } else {
        0x541B
    };
    // SAFETY: FIONREAD with a bad pointer: the kernel says EFAULT.
    assert_eq!(unsafe { io::ioctl(&r, fionread, 8) }, Err(Errno::EFAULT));
    // A terminal, where there is one.
    if let Ok(tty) = sysgate::fs::openat(
        sysgate::fs::CWD,
        "/dev/tty",
        OFlags::RDWR | OFlags::NOCTTY,
        sysgate::fs::Mode::empty(),
    ) {
        let ws = ioctl_tiocgwinsz(&tty).unwrap();
        println!("terminal size {}x{}", ws.ws_col, ws.ws_row);
    } else {
        println!("skip TIOCGWINSZ success path: no controlling terminal");
    }
}

#[test]
fn pipe2_flags_and_close() {
    let (r, w) = pipe2(PipeFlags::NONBLOCK).unwrap();
    let mut b = [0u8; 1];
    assert_eq!(read(&r, &mut b), Err(Errno::EAGAIN));
    close(w).unwrap();
    assert_eq!(read(&r, &mut b).unwrap(), 0);
    match pipe2(PipeFlags::from_bits_retain(1 << 3)) {
        Err(e) => assert_eq!(e, Errno::EINVAL),
        Ok(_) if under_qemu() => skip(
            "pipe2 unknown flags",
            "qemu-user 10 drops the unknown flag and makes the pipe",
        ),
        Ok(_) => panic!("pipe2 accepted an unknown flag"),
    }
    // Packet mode: each write is one message.
    let (r, w) = pipe2(PipeFlags::DIRECT).unwrap();
    write(&w, b"ab").unwrap();
    write(&w, b"cd").unwrap();
    let mut buf = [0u8; 8];
    assert_eq!(read(&r, &mut buf).unwrap(), 2);
    // SAFETY: the raw number is not owned by anything.
    let bogus = unsafe { OwnedFd::from_raw_fd(1_000_001) };
    assert_eq!(close(bogus), Err(Errno::EBADF));
}

#[test]
fn close_range_cloexec_and_close() {
    let (r, w) = pipe2(PipeFlags::empty()).unwrap();
    // Three fresh fds in a row at a high number, so the range holds only ours.
    let a = fcntl_dupfd_cloexec(&r, 900).unwrap();
    let base = a.as_raw_fd() as u32;
    fcntl_setfd(&a, FdFlags::empty()).unwrap();
    // SAFETY: CLOEXEC closes nothing.
    unsafe { close_range(base, base, CloseRangeFlags::CLOEXEC) }.unwrap();
    assert_eq!(fcntl_getfd(&a).unwrap(), FdFlags::CLOEXEC);
    let raw_a = a.into_raw_fd();
    // SAFETY: we own `raw_a` and give it up to close_range.
    unsafe { close_range(raw_a as u32, raw_a as u32, CloseRangeFlags::empty()) }.unwrap();
    // SAFETY: checking that the number is closed.
    assert_eq!(
        fcntl_getfd(unsafe { BorrowedFd::borrow_raw(raw_a) }),
        Err(Errno::EBADF)
    );
    // SAFETY: an invalid range closes nothing.
    assert_eq!(
        unsafe { close_range(10, 5, CloseRangeFlags::empty()) },
        Err(Errno::EINVAL)
    );
    // SAFETY: unknown flags close nothing.
    assert_eq!(
        unsafe { close_range(base, base, CloseRangeFlags::from_bits_retain(1 << 20)) },
        Err(Errno::EINVAL)
    );
    drop((r, w));
}

#[test]
fn sendfile_copy_file_range_splice() {
    let src = memfd();
    let data: Vec<u8> = (0..10_000u32).map(|i| (i % 251) as u8).collect();
    write_all(&src, &data).unwrap();
    let (r, w) = pipe2(PipeFlags::empty()).unwrap();
    fcntl_set_pipe_size(&w, 1 << 16).unwrap();
    let mut off = 100u64;
    assert_eq!(sendfile(&w, &src, Some(&mut off), 50).unwrap(), 50);
    assert_eq!(off, 150);
    let mut got = [0u8; 50];
    read_exact(&r, &mut got).unwrap();
    assert_eq!(&got[..], &data[100..150]);

    let dst = memfd();
    let (mut i, mut o) = (1000u64, 7u64);
    let n = copy_file_range(&src, Some(&mut i), &dst, Some(&mut o), 500).unwrap();
    assert_eq!((n, i, o), (500, 1500, 507));
    let mut back = [0u8; 500];
    pread_exact(&dst, &mut back, 7).unwrap();
    assert_eq!(&back[..], &data[1000..1500]);

    write(&w, b"spliced").unwrap();
    let mut at = 20_000u64;
    assert_eq!(
        splice(&r, None, &dst, Some(&mut at), 7, SpliceFlags::empty()).unwrap(),
        7
    );
    assert_eq!(at, 20_007);
    let mut s = [0u8; 7];
    pread_exact(&dst, &mut s, 20_000).unwrap();
    assert_eq!(&s, b"spliced");

    // Errors.
    let mut zero = 0u64;
    assert_eq!(
        splice(&src, None, &dst, None, 1, SpliceFlags::empty()),
        Err(Errno::EINVAL),
        "neither is a pipe"
    );
    assert_eq!(
        splice(&r, Some(&mut zero), &dst, None, 1, SpliceFlags::empty()),
        Err(Errno::ESPIPE),
        "an offset for the pipe side"
    );
    assert_eq!(sendfile(closed_fd(), &src, None, 1), Err(Errno::EBADF));
    assert_eq!(
        copy_file_range(&src, None, closed_fd(), None, 1),
        Err(Errno::EBADF)
    );
    assert_eq!(copy_file_range(&r, None, &dst, None, 1), Err(Errno::EINVAL));
}

#[test]
fn io_slice_advance() {
    let (a, b, c) = (*b"abc", *b"de", *b"fghij");
    let mut v = [
        IoSlice::new(&a),
        IoSlice::new(&[]),
        IoSlice::new(&b),
        IoSlice::new(&c),
    ];
    let mut s = &mut v[..];
    IoSlice::advance_slices(&mut s, 4);
    assert_eq!(s.len(), 2);
    assert_eq!(&*s[0], b"e");
    IoSlice::advance_slices(&mut s, 1);
    assert_eq!(&*s[0], b"fghij");
    IoSlice::advance_slices(&mut s, 100);
    assert!(s.is_empty());
    let mut x = IoSlice::new(b"xyz");
    x.advance(10);
    assert!(x.is_empty(), "advancing past the end empties, never panics");
    let mut m = *b"mn";
    let mut ms = IoSliceMut::new(&mut m);
    ms[0] = b'M';
    ms.advance(1);
    assert_eq!(&*ms, b"n");
    assert_eq!(&m, b"Mn");
    // iovec layout.
    assert_eq!(
        std::mem::size_of::<IoSlice>(),
        std::mem::size_of::<libc::iovec>()
    );
}

// ---------------------------------------------------------------------------
// Retry helpers with real signals and short transfers.
