//! io_uring against the real kernel: setup, every typed entry's effect and
//! errors, a full SQ, CQ overflow, registration, SQPOLL submitting with no
//! `io_uring_enter` (proved with a seccomp filter that fails the call), and
//! dropping a ring with work in flight.
//!
//! Under qemu-user the emulator does not implement io_uring: each test
//! prints `SKIP` with the error `io_uring_setup` gave.

mod common;

use common::{bad_buf, closed_fd, skip, under_qemu};
use std::mem::MaybeUninit;
use std::time::{Duration, Instant};
use sysgate::event::PollFlags;
use sysgate::fd::{AsFd, BorrowedFd, OwnedFd};
use sysgate::fs::{AtFlags, Mode, OFlags, StatxFlags};
use sysgate::io::{IoSlice, IoSliceMut, PipeFlags};
use sysgate::io_uring::*;
use sysgate::net::{self, AddressFamily, Protocol, RecvFlags, SendFlags, SocketFlags, SocketType};
use sysgate::time::Timespec;
use sysgate::Errno;

/// A ring, or `None` (with the reason printed) under an emulator without
/// io_uring. On a real kernel a failure is a test failure.
fn ring(test: &str, entries: u32) -> Option<IoUring> {
    ring_with(test, entries, &mut Params::default())
}

fn ring_with(test: &str, entries: u32, p: &mut Params) -> Option<IoUring> {
    match IoUring::with_params(entries, p) {
        Ok(r) => Some(r),
        Err(e @ Errno::ENOSYS) if under_qemu() => {
            skip(test, &format!("io_uring_setup under qemu-user: {e:?}"));
            None
        }
        Err(e) => panic!("io_uring_setup: {e:?}"),
    }
}

/// Pushes `e`, submits, waits for and returns its one completion.
fn run(r: &mut IoUring, e: Entry<'_>) -> Cqe {
    // SAFETY: this function does not return before the entry's completion
    // is reaped (it panics, aborting the test, only before the submit or
    // once the completion is in hand), so the borrows outlive the operation.
    unsafe { r.push_unchecked(e.user_data(0xfeed)) }.expect("push");
    r.submit_and_wait(1).expect("submit");
    let c: Vec<Cqe> = r.completions().collect();
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!(c[0].user_data, 0xfeed);
    c[0]
}

fn res(c: Cqe) -> Result<u32, Errno> {
    c.result()
}

fn temp_file(tag: &str, data: &[u8]) -> (std::path::PathBuf, std::fs::File) {
    let p = std::env::temp_dir().join(format!("sysgate-uring-{tag}-{}", std::process::id()));
    std::fs::write(&p, data).unwrap();
    let f = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&p)
        .unwrap();
    (p, f)
}

fn bfd(f: &impl std::os::fd::AsRawFd) -> BorrowedFd<'_> {
    // SAFETY: the fd is open while `f` is borrowed.
    unsafe { BorrowedFd::borrow_raw(f.as_raw_fd()) }
}

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
fn wait_with_timeout_and_enter_errors() {
    let Some(mut r) = ring("wait_with_timeout_and_enter_errors", 4) else {
        return;
    };
    let ts = Timespec::from_duration(Duration::from_millis(20));
    let t0 = Instant::now();
    assert_eq!(r.submit_and_wait_timeout(1, &ts), Err(Errno::ETIME));
    assert!(
        t0.elapsed() >= Duration::from_millis(15),
        "{:?}",
        t0.elapsed()
    );
    r.push(Entry::nop()).unwrap();
    assert_eq!(r.submit_and_wait_timeout(1, &ts), Ok(1));
    assert_eq!(r.completions().count(), 1);
    // The raw call's errors: a bad argument pointer, unknown flags, not a ring.
    let bad = bad_buf().as_ptr().cast();
    // SAFETY: nothing is pending; the kernel only reads `bad` and fails.
    let e = unsafe {
        enter(
            r.as_fd(),
            0,
            1,
            EnterFlags::GETEVENTS | EnterFlags::EXT_ARG,
            bad,
            24,
        )
    };
    assert_eq!(e, Err(Errno::EFAULT));
    // SAFETY: as above, no pointer.
    let e = unsafe {
        enter(
            r.as_fd(),
            0,
            0,
            EnterFlags::from_bits_retain(1 << 30),
            std::ptr::null(),
            0,
        )
    };
    assert_eq!(e, Err(Errno::EINVAL));
    let (pr, _pw) = sysgate::io::pipe2(PipeFlags::CLOEXEC).unwrap();
    // SAFETY: not a ring: the kernel refuses before reading anything.
    let e = unsafe { enter(pr.as_fd(), 0, 0, EnterFlags::empty(), std::ptr::null(), 0) };
    assert_eq!(e, Err(Errno::EOPNOTSUPP));
    // SAFETY: as above.
    let e = unsafe { enter(closed_fd(), 0, 0, EnterFlags::empty(), std::ptr::null(), 0) };
    assert_eq!(e, Err(Errno::EBADF));
}

#[test]
fn full_sq() {
    let Some(mut r) = ring("full_sq", 4) else {
        return;
    };
    for i in 0..4 {
        r.push(Entry::nop().user_data(i)).unwrap();
    }
    assert_eq!(r.sq_space_left(), 0);
    assert_eq!(r.push(Entry::nop()), Err(SqFull));
    assert_eq!(r.submit().unwrap(), 4);
    assert_eq!(r.sq_space_left(), 4);
    r.push(Entry::nop().user_data(4)).unwrap();
    r.submit_and_wait(5).unwrap();
    let c: Vec<_> = r.completions().map(|c| c.user_data).collect();
    assert_eq!(c, [0, 1, 2, 3, 4]);
}

#[test]
fn cq_overflow() {
    let Some(mut r) = ring("cq_overflow", 4) else {
        return;
    };
    assert_eq!(r.cq_entries(), 8);
    assert!(r.features().contains(Features::NODROP));
    // 16 completions into an 8-slot CQ, nothing reaped.
    for round in 0..4 {
        for i in 0..4 {
            r.push(Entry::nop().user_data(round * 4 + i)).unwrap();
        }
        r.submit().unwrap();
    }
    assert_eq!(r.cq_ready(), 8);
    assert!(r.cq_overflow_pending());
    assert_eq!(r.cq_overflow(), 0, "NODROP: nothing lost");
    // Reaping frees slots; submit_and_wait flushes the kept ones in.
    let mut seen: Vec<u64> = r.completions().map(|c| c.user_data).collect();
    r.submit_and_wait(0).unwrap();
    seen.extend(r.completions().map(|c| c.user_data));
    assert!(!r.cq_overflow_pending());
    assert_eq!(seen, (0..16).collect::<Vec<_>>());
}

#[test]
fn probe_and_registered_files() {
    let Some(mut r) = ring("probe_and_registered_files", 8) else {
        return;
    };
    let p = r.probe().unwrap();
    assert!(p.last_op >= opcode::SENDMSG_ZC, "{}", p.last_op);
    for op in [
        opcode::NOP,
        opcode::READ,
        opcode::STATX,
        opcode::SEND,
        opcode::ASYNC_CANCEL,
    ] {
        assert!(p.is_supported(op), "{op}");
    }
    assert!(!p.is_supported(255));

    let (pr, pw) = sysgate::io::pipe2(PipeFlags::CLOEXEC).unwrap();
    r.register_files(&[pr.as_fd(), pw.as_fd()]).unwrap();
    assert_eq!(r.register_files(&[pr.as_fd()]).unwrap_err(), Errno::EBUSY);
    drop((pr, pw)); // the ring keeps its own references
    assert_eq!(
        res(run(&mut r, Entry::write(Fixed(1), b"via index", u64::MAX))),
        Ok(9)
    );
    let mut buf = [0u8; 16];
    assert_eq!(
        res(run(&mut r, Entry::read(Fixed(0), &mut buf, u64::MAX))),
        Ok(9)
    );
    assert_eq!(&buf[..9], b"via index");
    assert_eq!(
        res(run(&mut r, Entry::read(Fixed(5), &mut buf, u64::MAX))),
        Err(Errno::EBADF)
    );
    r.unregister_files().unwrap();
    assert_eq!(r.unregister_files().unwrap_err(), Errno::ENXIO);
    assert_eq!(r.register_files(&[closed_fd()]).unwrap_err(), Errno::EBADF);
}

#[test]
fn registered_ring_fd() {
    let Some(mut r) = ring("registered_ring_fd", 8) else {
        return;
    };
    // SAFETY: the ring stays on this thread.
    unsafe { r.register_ring_fd() }.unwrap();
    // SAFETY: as above.
    assert_eq!(unsafe { r.register_ring_fd() }.unwrap_err(), Errno::EBUSY);
    assert_eq!(res(run(&mut r, Entry::nop())), Ok(0));
    let mut buf = [0u8; 4];
    assert_eq!(
        res(run(&mut r, Entry::read(closed_fd(), &mut buf, 0))),
        Err(Errno::EBADF)
    );
}

#[test]
fn disabled_ring_enabled_later() {
    let mut p = Params {
        flags: SetupFlags::R_DISABLED,
        ..Params::default()
    };
    let Some(mut r) = ring_with("disabled_ring_enabled_later", 4, &mut p) else {
        return;
    };
    r.push(Entry::nop()).unwrap();
    assert_eq!(r.submit().unwrap_err(), Errno::EBADFD);
    r.enable_rings().unwrap();
    assert_eq!(r.enable_rings().unwrap_err(), Errno::EBADFD);
    assert_eq!(r.submit_and_wait(1).unwrap(), 1);
    assert_eq!(r.completions().count(), 1);
}

/// Closing the ring cancels a read that would wait forever: the pipe's
/// read end, which the pending read holds, goes away, and writes then fail
/// with `EPIPE`.
#[test]
fn drop_with_work_in_flight() {
    let Some(mut r) = ring("drop_with_work_in_flight", 4) else {
        return;
    };
    let (pr, pw) = sysgate::io::pipe2(PipeFlags::CLOEXEC | PipeFlags::NONBLOCK).unwrap();
    let buf: &'static mut [u8] = Box::leak(vec![0u8; 64].into_boxed_slice());
    // The read's flags: wait (the ring polls) rather than fail with EAGAIN.
    // SAFETY: `buf` is leaked; the read end stays open until the ring is
    // dropped, and its closing afterwards is what the test watches.
    unsafe { r.push_unchecked(Entry::read(&pr, buf, u64::MAX)) }.unwrap();
    r.submit().unwrap();
    std::thread::sleep(Duration::from_millis(10));
    assert_eq!(r.cq_ready(), 0, "the read waits");
    drop(r);
    drop(pr);
    let t0 = Instant::now();
    loop {
        match sysgate::io::write(&pw, b"x") {
            Err(Errno::EPIPE) => break,
            Ok(_) | Err(Errno::EAGAIN) => {}
            Err(e) => panic!("{e:?}"),
        }
        assert!(
            t0.elapsed() < Duration::from_secs(10),
            "the read was not cancelled"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
    println!("read cancelled {:?} after drop", t0.elapsed());
}

/// SQPOLL: a busy ring submits with no `io_uring_enter` at all. The check
/// runs in a child process with a seccomp filter that fails
/// `io_uring_enter` with `ENOTRECOVERABLE`: a plain ring cannot submit
/// there, the SQPOLL ring can (640 nops in 20 batches, each submitted and
/// reaped through the rings alone).
#[test]
fn sqpoll_submits_without_enter() {
    if under_qemu() && matches!(IoUring::new(4), Err(Errno::ENOSYS)) {
        let why = "io_uring_setup under qemu-user: ENOSYS (and no seccomp filters)";
        skip("sqpoll_submits_without_enter", why);
        return;
    }
    if std::env::var_os("SYSGATE_URING_SQPOLL_CHILD").is_some() {
        sqpoll_child();
        return;
    }
    let out = common::reexec("sqpoll_submits_without_enter", "SYSGATE_URING_SQPOLL_CHILD");
    let text = String::from_utf8_lossy(&out.stdout);
    println!("{text}{}", String::from_utf8_lossy(&out.stderr));
    assert!(out.status.success());
    assert!(text.contains("SQPOLL OK"), "{text}");
}

fn deny_io_uring_enter() {
    let nr = sysgate::Sysno::io_uring_enter as u32;
    let errno = libc::ENOTRECOVERABLE as u32;
    let prog = [
        libc::sock_filter {
            code: 0x20,
            jt: 0,
            jf: 0,
            k: 0,
        }, // ld [nr]
        libc::sock_filter {
            code: 0x15,
            jt: 0,
            jf: 1,
            k: nr,
        }, // jeq nr
        libc::sock_filter {
            code: 0x06,
            jt: 0,
            jf: 0,
            k: 0x0005_0000 | errno,
        }, // ret ERRNO
        libc::sock_filter {
            code: 0x06,
            jt: 0,
            jf: 0,
            k: 0x7fff_0000,
        }, // ret ALLOW
    ];
    let fprog = libc::sock_fprog {
        len: prog.len() as u16,
        filter: prog.as_ptr().cast_mut(),
    };
    // SAFETY: prctl with constant arguments and a valid filter program.
    unsafe {
        assert_eq!(libc::prctl(libc::PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), 0);
        assert_eq!(
            libc::prctl(libc::PR_SET_SECCOMP, libc::SECCOMP_MODE_FILTER, &fprog),
            0
        );
    }
}

fn sqpoll_child() {
    let mut p = Params::sqpoll(2000);
    let mut sq = IoUring::with_params(64, &mut p).expect("SQPOLL setup");
    let mut plain = IoUring::new(4).unwrap();
    // A new SQ thread may start asleep: the first submission may need a
    // wakeup call. After it, the thread spins for the idle time.
    let asleep = sq.sq_needs_wakeup();
    sq.push(Entry::nop().user_data(u64::MAX)).unwrap();
    assert_eq!(sq.submit_and_wait(1), Ok(1));
    assert_eq!(sq.completions().count(), 1);
    println!("SQ thread asleep at start: {asleep}");
    deny_io_uring_enter();
    plain.push(Entry::nop()).unwrap();
    assert_eq!(
        plain.submit().unwrap_err(),
        Errno::ENOTRECOVERABLE,
        "the filter works"
    );

    let mut total = 0u64;
    for round in 0..20u64 {
        for i in 0..32 {
            sq.push(Entry::nop().user_data(round * 32 + i)).unwrap();
        }
        // Fails with ENOTRECOVERABLE if it made the system call.
        let asleep = sq.sq_needs_wakeup();
        let r = sq.submit();
        assert_eq!(r, Ok(32), "round {round}, thread asleep before: {asleep}");
        let t0 = Instant::now();
        let mut got = 0;
        while got < 32 {
            for c in sq.completions() {
                assert_eq!(c.res, 0);
                assert_eq!(c.user_data, total);
                total += 1;
                got += 1;
            }
            assert!(t0.elapsed() < Duration::from_secs(5), "SQ thread never ran");
            std::hint::spin_loop();
        }
    }
    println!("SQPOLL OK: {total} nops submitted and completed with io_uring_enter denied");
}
