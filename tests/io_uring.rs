//! io_uring against the real kernel: setup, and every typed entry's effect
//! and errors (a bad fd comes back as `-EBADF` in the completion). The ring
//! mechanics are in `io_uring_ring.rs`.
//!
//! Under qemu-user the emulator does not implement io_uring
//! (`io_uring_setup` gives `ENOSYS`): each test prints `SKIP` and why.

mod common;
mod uring_support;

use common::{bad_buf, closed_fd};
use std::mem::MaybeUninit;
use std::time::{Duration, Instant};
use sysgate::event::PollFlags;
use sysgate::fd::OwnedFd;
use sysgate::fs::{AtFlags, Mode, OFlags, StatxFlags};
use sysgate::io::{IoSlice, IoSliceMut, PipeFlags};
use sysgate::io_uring::*;
use sysgate::net::{self, AddressFamily, Protocol, RecvFlags, SendFlags, SocketFlags, SocketType};
use sysgate::time::Timespec;
use sysgate::Errno;

use uring_support::*;

#[test]
fn setup_params_and_errors() {
    let mut p = Params::default();
    let Some(r) = ring_with("setup_params_and_errors", 8, &mut p) else {
        return;
    };
    assert_eq!((p.sq_entries, p.cq_entries), (8, 16));
    assert_eq!((r.sq_entries(), r.cq_entries()), (8, 16));
    assert_eq!(r.features(), p.features);
    assert!(
        p.features
            .contains(Features::SINGLE_MMAP | Features::NODROP),
        "{:?}",
        p.features
    );
    assert!(p.sq_off.array > 0 && p.cq_off.cqes > 0);
    println!("features: {:?}", p.features);
    // Sizes round up to a power of two.
    let mut p = Params::default();
    IoUring::with_params(5, &mut p).unwrap();
    assert_eq!(p.sq_entries, 8);
    // The kernel's errors.
    assert_eq!(IoUring::new(0).unwrap_err(), Errno::EINVAL);
    assert_eq!(IoUring::new(1 << 20).unwrap_err(), Errno::EINVAL);
    let mut p = Params {
        flags: SetupFlags::CLAMP,
        ..Params::default()
    };
    IoUring::with_params(1 << 20, &mut p).unwrap();
    assert_eq!(p.sq_entries, 32768);
    let mut p = Params {
        resv: [1, 0, 0],
        ..Params::default()
    };
    assert_eq!(setup(4, &mut p).unwrap_err(), Errno::EINVAL);
    let mut p = Params {
        flags: SetupFlags::from_bits_retain(1 << 31),
        ..Params::default()
    };
    assert_eq!(setup(4, &mut p).unwrap_err(), Errno::EINVAL);
    // Layouts this type does not map are refused before the kernel sees them.
    for f in [
        SetupFlags::SQE128,
        SetupFlags::CQE32,
        SetupFlags::NO_SQARRAY,
    ] {
        let mut p = Params {
            flags: f,
            ..Params::default()
        };
        assert_eq!(IoUring::with_params(4, &mut p).unwrap_err(), Errno::EINVAL);
    }
    // A larger CQ on request.
    let mut p = Params {
        flags: SetupFlags::CQSIZE,
        cq_entries: 100,
        ..Params::default()
    };
    let r = IoUring::with_params(4, &mut p).unwrap();
    assert_eq!(r.cq_entries(), 128);
}

#[test]
fn nop_and_user_data() {
    let Some(mut r) = ring("nop_and_user_data", 8) else {
        return;
    };
    for i in 0..3u64 {
        r.push(Entry::nop().user_data(i)).unwrap();
    }
    assert_eq!(r.submit_and_wait(3).unwrap(), 3);
    let c: Vec<_> = r.completions().collect();
    assert_eq!(c.iter().map(|c| c.user_data).collect::<Vec<_>>(), [0, 1, 2]);
    assert!(c.iter().all(|c| c.res == 0 && c.flags().is_empty()));
    assert_eq!(r.cq_ready(), 0);
    // Nothing pending, nothing to wait for: no error.
    assert_eq!(r.submit().unwrap(), 0);
    // A link of two nops, the second skipping its completion.
    r.push(Entry::nop().user_data(10).flags(SqeFlags::IO_LINK))
        .unwrap();
    r.push(Entry::nop().user_data(11).flags(SqeFlags::CQE_SKIP_SUCCESS))
        .unwrap();
    r.submit_and_wait(1).unwrap();
    let c: Vec<_> = r.completions().map(|c| c.user_data).collect();
    assert_eq!(c, [10]);
}

#[test]
fn read_write_and_errors() {
    let Some(mut r) = ring("read_write_and_errors", 8) else {
        return;
    };
    let (path, f) = temp_file("rw", b"");
    let fd = bfd(&f);
    assert_eq!(
        res(run(&mut r, Entry::write(fd, b"hello uring", 0))),
        Ok(11)
    );
    let mut buf = [0u8; 32];
    assert_eq!(res(run(&mut r, Entry::read(fd, &mut buf, 6))), Ok(5));
    assert_eq!(&buf[..5], b"uring");
    // Offset u64::MAX: the file position, which the write did not move.
    let n = res(run(&mut r, Entry::read(fd, &mut buf, u64::MAX))).unwrap();
    assert_eq!(&buf[..n as usize], b"hello uring");
    // Past the end: 0 bytes.
    assert_eq!(res(run(&mut r, Entry::read(fd, &mut buf, 1000))), Ok(0));
    // Errors come back in the completion.
    assert_eq!(
        res(run(&mut r, Entry::read(closed_fd(), &mut buf, 0))),
        Err(Errno::EBADF)
    );
    assert_eq!(
        res(run(&mut r, Entry::write(closed_fd(), b"x", 0))),
        Err(Errno::EBADF)
    );
    assert_eq!(
        res(run(&mut r, Entry::read(fd, bad_buf(), 0))),
        Err(Errno::EFAULT)
    );
    let ro = std::fs::File::open(&path).unwrap();
    assert_eq!(
        res(run(&mut r, Entry::write(bfd(&ro), b"x", 0))),
        Err(Errno::EBADF)
    );
    let dir = std::fs::File::open(std::env::temp_dir()).unwrap();
    assert_eq!(
        res(run(&mut r, Entry::read(bfd(&dir), &mut buf, 0))),
        Err(Errno::EISDIR)
    );
    std::fs::remove_file(path).unwrap();
}

#[test]
fn readv_writev() {
    let Some(mut r) = ring("readv_writev", 8) else {
        return;
    };
    let (path, f) = temp_file("rwv", b"");
    let fd = bfd(&f);
    let parts = [
        IoSlice::new(b"abc"),
        IoSlice::new(b""),
        IoSlice::new(b"defgh"),
    ];
    assert_eq!(res(run(&mut r, Entry::writev(fd, &parts, 0))), Ok(8));
    let (mut a, mut b) = ([0u8; 2], [0u8; 10]);
    let mut bufs = [IoSliceMut::new(&mut a), IoSliceMut::new(&mut b)];
    assert_eq!(res(run(&mut r, Entry::readv(fd, &mut bufs, 0))), Ok(8));
    assert_eq!((&a, &b[..6]), (b"ab", &b"cdefgh"[..]));
    assert_eq!(
        res(run(&mut r, Entry::writev(closed_fd(), &parts, 0))),
        Err(Errno::EBADF)
    );
    // More iovecs than UIO_MAXIOV (1024).
    let many = vec![IoSlice::new(b"x"); 1025];
    assert_eq!(
        res(run(&mut r, Entry::writev(fd, &many, 0))),
        Err(Errno::EINVAL)
    );
    std::fs::remove_file(path).unwrap();
}

#[test]
fn fixed_buffers() {
    let Some(mut r) = ring("fixed_buffers", 8) else {
        return;
    };
    let (path, f) = temp_file("fixed", b"");
    let fd = bfd(&f);
    let mem: &'static mut [u8] = Box::leak(vec![0u8; 8192].into_boxed_slice());
    let other = [0u8; 16];
    // SAFETY: `mem` is leaked: mapped for the rest of the process.
    unsafe { r.register_buffers(&[IoSliceMut::new(&mut mem[..])]) }.unwrap();
    // SAFETY: as above; a second registration is refused without effect.
    let again = unsafe { r.register_buffers(&[IoSliceMut::new(&mut mem[..])]) };
    assert_eq!(again.unwrap_err(), Errno::EBUSY);
    mem[100..105].copy_from_slice(b"fixed");
    assert_eq!(
        res(run(&mut r, Entry::write_fixed(fd, &mem[100..105], 0, 0))),
        Ok(5)
    );
    assert_eq!(
        res(run(
            &mut r,
            Entry::read_fixed(fd, &mut mem[4000..4010], 0, 0)
        )),
        Ok(5)
    );
    assert_eq!(&mem[4000..4005], b"fixed");
    // A buffer outside the registered one, or a bad index.
    assert_eq!(
        res(run(&mut r, Entry::write_fixed(fd, &other, 0, 0))),
        Err(Errno::EFAULT)
    );
    let e = res(run(&mut r, Entry::write_fixed(fd, &mem[..4], 0, 3))).unwrap_err();
    assert!(matches!(e, Errno::EFAULT | Errno::EINVAL), "{e:?}");
    assert_eq!(
        res(run(
            &mut r,
            Entry::read_fixed(closed_fd(), &mut mem[..4], 0, 0)
        )),
        Err(Errno::EBADF)
    );
    r.unregister_buffers().unwrap();
    assert_eq!(r.unregister_buffers().unwrap_err(), Errno::ENXIO);
    std::fs::remove_file(path).unwrap();
}

#[test]
fn fsync_openat_close_statx() {
    let Some(mut r) = ring("fsync_openat_close_statx", 8) else {
        return;
    };
    let (path, f) = temp_file("open", b"0123456789");
    assert_eq!(
        res(run(&mut r, Entry::fsync(bfd(&f), FsyncFlags::empty()))),
        Ok(0)
    );
    assert_eq!(
        res(run(&mut r, Entry::fsync(bfd(&f), FsyncFlags::DATASYNC))),
        Ok(0)
    );
    assert_eq!(
        res(run(&mut r, Entry::fsync(closed_fd(), FsyncFlags::empty()))),
        Err(Errno::EBADF)
    );

    let cpath = std::ffi::CString::new(path.to_str().unwrap()).unwrap();
    let cwd = sysgate::fs::CWD;
    let fd = res(run(
        &mut r,
        Entry::openat(cwd, &cpath, OFlags::RDONLY | OFlags::CLOEXEC, Mode::empty()),
    ))
    .unwrap();
    // SAFETY: the completion's result is a new fd that nothing else owns.
    let fd = unsafe { OwnedFd::from_raw_fd(fd as i32) };
    let mut buf = [0u8; 4];
    assert_eq!(sysgate::io::pread(&fd, &mut buf, 2), Ok(4));
    assert_eq!(&buf, b"2345");
    let missing = c"/nonexistent/sysgate-uring";
    let e = run(
        &mut r,
        Entry::openat(cwd, missing, OFlags::RDONLY, Mode::empty()),
    );
    assert_eq!(res(e), Err(Errno::ENOENT));
    let e = run(
        &mut r,
        Entry::openat(closed_fd(), c"relative", OFlags::RDONLY, Mode::empty()),
    );
    assert_eq!(res(e), Err(Errno::EBADF));

    let mut stx = MaybeUninit::uninit();
    let e = Entry::statx(cwd, &cpath, AtFlags::empty(), StatxFlags::SIZE, &mut stx);
    assert_eq!(res(run(&mut r, e)), Ok(0));
    // SAFETY: the completion reported success, so the kernel filled it.
    let stx = unsafe { stx.assume_init() };
    assert_eq!(stx.stx_size, 10);
    let mut stx = MaybeUninit::uninit();
    let e = Entry::statx(cwd, missing, AtFlags::empty(), StatxFlags::SIZE, &mut stx);
    assert_eq!(res(run(&mut r, e)), Err(Errno::ENOENT));

    let raw = fd.as_raw_fd();
    r.push(Entry::close(fd)).unwrap();
    r.submit_and_wait(1).unwrap();
    assert_eq!(r.completions().next().unwrap().result(), Ok(0));
    // SAFETY: probing a closed fd number with fcntl(F_GETFD) touches nothing.
    assert_eq!(unsafe { libc::fcntl(raw, libc::F_GETFD) }, -1);
    // SAFETY: fd 1_000_000 is not open; the entry's close only fails.
    let bogus = unsafe { OwnedFd::from_raw_fd(1_000_000) };
    r.push(Entry::close(bogus)).unwrap();
    r.submit_and_wait(1).unwrap();
    assert_eq!(r.completions().next().unwrap().result(), Err(Errno::EBADF));
    drop(f);
    std::fs::remove_file(path).unwrap();
}

#[test]
fn poll_add_remove() {
    let Some(mut r) = ring("poll_add_remove", 8) else {
        return;
    };
    let (pr, pw) = sysgate::io::pipe2(PipeFlags::CLOEXEC).unwrap();
    // SAFETY: the pipe outlives every poll entry: each completes (or is
    // removed and completes) below, before the fds drop.
    unsafe { r.push_unchecked(Entry::poll_add(&pr, PollFlags::IN).user_data(1)) }.unwrap();
    r.submit().unwrap();
    std::thread::sleep(Duration::from_millis(20));
    assert_eq!(r.completions().count(), 0, "nothing to read yet");
    sysgate::io::write(&pw, b"x").unwrap();
    r.submit_and_wait(1).unwrap();
    let c = r.completions().next().unwrap();
    assert_eq!(c.user_data, 1);
    assert!(
        PollFlags::from_bits_retain(c.res as i16).contains(PollFlags::IN),
        "{c:?}"
    );
    // Remove a pending poll: the removal succeeds, the poll is cancelled.
    let (er, _ew) = sysgate::io::pipe2(PipeFlags::CLOEXEC).unwrap();
    // SAFETY: as above.
    unsafe { r.push_unchecked(Entry::poll_add(&er, PollFlags::IN).user_data(2)) }.unwrap();
    r.submit().unwrap();
    r.push(Entry::poll_remove(2).user_data(3)).unwrap();
    r.submit_and_wait(2).unwrap();
    let mut c: Vec<_> = r.completions().map(|c| (c.user_data, c.result())).collect();
    c.sort();
    assert_eq!(c, [(2, Err(Errno::ECANCELED)), (3, Ok(0))]);
    r.push(Entry::poll_remove(99)).unwrap();
    r.submit_and_wait(1).unwrap();
    assert_eq!(r.completions().next().unwrap().result(), Err(Errno::ENOENT));
    assert_eq!(
        res(run(&mut r, Entry::poll_add(closed_fd(), PollFlags::IN))),
        Err(Errno::EBADF)
    );
}

#[test]
fn timeout_and_cancel() {
    let Some(mut r) = ring("timeout_and_cancel", 8) else {
        return;
    };
    let ts = Timespec::from_duration(Duration::from_millis(20));
    let t0 = Instant::now();
    assert_eq!(
        res(run(&mut r, Entry::timeout(&ts, 0, TimeoutFlags::empty()))),
        Err(Errno::ETIME)
    );
    assert!(
        t0.elapsed() >= Duration::from_millis(15),
        "{:?}",
        t0.elapsed()
    );
    // Expiry breaks a link, unless ETIME_SUCCESS.
    for (flags, next) in [
        (TimeoutFlags::empty(), Err(Errno::ECANCELED)),
        (TimeoutFlags::ETIME_SUCCESS, Ok(0)),
    ] {
        let t = Entry::timeout(&ts, 0, flags)
            .flags(SqeFlags::IO_LINK)
            .user_data(1);
        // SAFETY: `ts` outlives the completion, reaped below.
        unsafe { r.push_unchecked(t) }.unwrap();
        r.push(Entry::nop().user_data(2)).unwrap();
        r.submit_and_wait(2).unwrap();
        let c: Vec<_> = r.completions().map(|c| (c.user_data, c.result())).collect();
        assert_eq!(c, [(1, Err(Errno::ETIME)), (2, next)]);
    }
    // A count: completes once one other completion is posted.
    let long = Timespec::from_duration(Duration::from_secs(10));
    // SAFETY: `long` outlives the completion, reaped below.
    unsafe { r.push_unchecked(Entry::timeout(&long, 1, TimeoutFlags::empty()).user_data(1)) }
        .unwrap();
    r.push(Entry::nop().user_data(2)).unwrap();
    r.submit_and_wait(2).unwrap();
    let mut c: Vec<_> = r.completions().map(|c| (c.user_data, c.result())).collect();
    c.sort();
    assert_eq!(c, [(1, Ok(0)), (2, Ok(0))]);
    // A negative time (not a negative tv_nsec: a 32-bit task's upper
    // tv_nsec bits are dropped, which makes -1 a large positive value).
    let bad = Timespec {
        tv_sec: -1,
        tv_nsec: 0,
    };
    assert_eq!(
        res(run(&mut r, Entry::timeout(&bad, 0, TimeoutFlags::empty()))),
        Err(Errno::EINVAL)
    );

    // Cancel a read that would wait forever.
    let (pr, _pw) = sysgate::io::pipe2(PipeFlags::CLOEXEC).unwrap();
    let mut buf = [0u8; 8];
    // SAFETY: the read is cancelled and its completion reaped below, while
    // `buf` and the pipe live.
    unsafe { r.push_unchecked(Entry::read(&pr, &mut buf, u64::MAX).user_data(7)) }.unwrap();
    r.submit().unwrap();
    r.push(Entry::cancel(7, CancelFlags::empty()).user_data(8))
        .unwrap();
    r.submit_and_wait(2).unwrap();
    let mut c: Vec<_> = r.completions().map(|c| (c.user_data, c.result())).collect();
    c.sort();
    assert_eq!(c, [(7, Err(Errno::ECANCELED)), (8, Ok(0))]);
    r.push(Entry::cancel(12345, CancelFlags::empty())).unwrap();
    r.submit_and_wait(1).unwrap();
    assert_eq!(r.completions().next().unwrap().result(), Err(Errno::ENOENT));
}

/// A `SockAddr` whose kernel form lies outside the value: `Entry::connect`
/// cannot borrow it, and refuses it.
struct Elsewhere;
static V4: std::sync::LazyLock<net::SocketAddrV4> =
    std::sync::LazyLock::new(|| net::SocketAddrV4::new(std::net::Ipv4Addr::LOCALHOST, 1));
// SAFETY: the pointer and length describe a valid sockaddr_in for the call.
unsafe impl net::SockAddr for Elsewhere {
    fn with_sockaddr<R>(&self, f: impl FnOnce(*const std::ffi::c_void, u32) -> R) -> R {
        V4.with_sockaddr(f)
    }
}

#[test]
fn accept_connect_send_recv() {
    let Some(mut r) = ring("accept_connect_send_recv", 8) else {
        return;
    };
    let tcp = |f| {
        net::socket(
            AddressFamily::INET,
            SocketType::STREAM,
            f,
            Protocol::DEFAULT,
        )
        .unwrap()
    };
    let l = tcp(SocketFlags::empty());
    let any = net::SocketAddrV4::new(std::net::Ipv4Addr::LOCALHOST, 0);
    net::bind(&l, &any).unwrap();
    net::listen(&l, 4).unwrap();
    let addr = net::getsockname(&l).unwrap().as_v4().unwrap();
    let c = tcp(SocketFlags::empty());
    // SAFETY: the listener lives until the accept's completion is reaped.
    unsafe { r.push_unchecked(Entry::accept(&l, SocketFlags::empty()).user_data(1)) }.unwrap();
    r.submit().unwrap();
    // SAFETY: `c` and `addr` outlive the completion, reaped below.
    unsafe { r.push_unchecked(Entry::connect(&c, &addr).unwrap().user_data(2)) }.unwrap();
    r.submit_and_wait(2).unwrap();
    let mut done: Vec<_> = r.completions().collect();
    done.sort_by_key(|c| c.user_data);
    assert_eq!(done.len(), 2);
    assert_eq!(done[1].result(), Ok(0), "connect");
    let a = done[0];
    // SAFETY: the accept's result is a new fd nothing else owns.
    let s = unsafe { OwnedFd::from_raw_fd(a.result().unwrap() as i32) };
    assert_eq!(
        res(run(&mut r, Entry::send(&c, b"ping", SendFlags::empty()))),
        Ok(4)
    );
    let mut buf = [0u8; 16];
    assert_eq!(
        res(run(&mut r, Entry::recv(&s, &mut buf, RecvFlags::empty()))),
        Ok(4)
    );
    assert_eq!(&buf[..4], b"ping");
    // Errors.
    drop(l);
    let refused = tcp(SocketFlags::empty());
    let e = run(&mut r, Entry::connect(&refused, &addr).unwrap());
    assert_eq!(res(e), Err(Errno::ECONNREFUSED));
    assert_eq!(
        res(run(
            &mut r,
            Entry::recv(closed_fd(), &mut buf, RecvFlags::empty())
        )),
        Err(Errno::EBADF)
    );
    let (pr, _pw) = sysgate::io::pipe2(PipeFlags::CLOEXEC).unwrap();
    assert_eq!(
        res(run(&mut r, Entry::accept(&pr, SocketFlags::empty()))),
        Err(Errno::ENOTSOCK)
    );
    assert_eq!(
        res(run(&mut r, Entry::send(&pr, b"x", SendFlags::empty()))),
        Err(Errno::ENOTSOCK)
    );
    assert_eq!(Entry::connect(&c, &Elsewhere).unwrap_err(), Errno::EINVAL);
}

#[test]
fn cqe_result_decoding() {
    let c = |res| Cqe {
        user_data: 0,
        res,
        flags: 0,
    };
    assert_eq!(c(7).result(), Ok(7));
    assert_eq!(c(-9).result(), Err(Errno::EBADF));
    // Not error numbers: reported as EIO, never a panic or a wrap.
    assert_eq!(c(-5000).result(), Err(Errno::EIO));
    assert_eq!(c(i32::MIN).result(), Err(Errno::EIO));
    let b = Cqe {
        user_data: 0,
        res: 0,
        flags: (3 << 16) | 1,
    };
    assert_eq!(b.buffer_id(), Some(3));
    assert_eq!(c(0).buffer_id(), None);
}
