//! fd types: close on drop, cloexec by default (nothing leaks through
//! execve), std conversions, and path arguments.

use sysgate::fd::{AsFd, BorrowedFd, OwnedFd};
use sysgate::fs::{self, Mode, OFlags, CWD};
use sysgate::io::{self, FdFlags};
use sysgate::path::{Arg, PATH_MAX};
use sysgate::Errno;

mod common;

const CHILD_ENV: &str = "SYSGATE_FD_TEST_LIST_FDS";

/// In the re-executed child: print the open fds, one per line.
#[test]
fn child_lists_fds() {
    if std::env::var_os(CHILD_ENV).is_none() {
        return;
    }
    for e in std::fs::read_dir("/proc/self/fd").unwrap() {
        println!("FD {}", e.unwrap().file_name().to_str().unwrap());
    }
}

#[test]
fn no_fd_leaks_through_execve() {
    // Fds from every creating call, moved to high numbers so nothing in the
    // child (qemu's own fds, the harness's) can share their numbers.
    let (r, w) = io::pipe2(io::PipeFlags::empty()).unwrap();
    let file = fs::openat(CWD, "/dev/null", OFlags::RDONLY, Mode::empty()).unwrap();
    let mem = fs::memfd_create("leak", fs::MemfdFlags::empty()).unwrap();
    let dup = io::dup(&file).unwrap();
    let mut ours = Vec::new();
    for (i, fd) in [&r, &w, &file, &mem, &dup].into_iter().enumerate() {
        assert_eq!(io::fcntl_getfd(fd).unwrap(), FdFlags::CLOEXEC);
        ours.push(io::fcntl_dupfd_cloexec(fd, 700 + i as i32).unwrap());
    }
    let mut target = io::dup(&file).unwrap();
    io::dup3(&file, &mut target, io::DupFlags::CLOEXEC).unwrap();
    ours.push(io::fcntl_dupfd_cloexec(&target, 710).unwrap());
    // The control: one fd explicitly made inheritable must show up.
    let control = io::fcntl_dupfd_cloexec(&file, 720).unwrap();
    io::fcntl_setfd(&control, FdFlags::empty()).unwrap();

    let out = common::reexec("child_lists_fds", CHILD_ENV);
    assert!(out.status.success(), "{out:?}");
    let text = String::from_utf8_lossy(&out.stdout);
    let listed: Vec<i32> = text
        .lines()
        .filter_map(|l| l.split("FD ").nth(1))
        .map(|n| n.trim().parse().unwrap())
        .collect();
    assert!(listed.contains(&0), "the child listed its fds: {text}");
    assert!(
        listed.contains(&720),
        "the inheritable control fd is there: {listed:?}"
    );
    for fd in &ours {
        assert!(
            !listed.contains(&fd.as_raw_fd()),
            "fd {} leaked: {listed:?}",
            fd.as_raw_fd()
        );
    }
}

#[test]
fn owned_fd_closes_on_drop_and_into_raw_keeps_open() {
    // A high number, which no other test's open (lowest free number) takes
    // between the close and the probe.
    let low = fs::openat(CWD, "/dev/null", OFlags::RDONLY, Mode::empty()).unwrap();
    let f = io::fcntl_dupfd_cloexec(&low, 900).unwrap();
    let n = f.as_raw_fd();
    assert!(n >= 900);
    drop(f);
    // SAFETY: probing a number we just closed.
    assert_eq!(
        io::fcntl_getfd(unsafe { BorrowedFd::borrow_raw(n) }),
        Err(Errno::EBADF)
    );
    let f = fs::openat(CWD, "/dev/null", OFlags::RDONLY, Mode::empty()).unwrap();
    let n = f.into_raw_fd();
    // SAFETY: still open: we gave up ownership without closing.
    let b = unsafe { BorrowedFd::borrow_raw(n) };
    io::fcntl_getfd(b).unwrap();
    // SAFETY: take it back so it closes.
    drop(unsafe { OwnedFd::from_raw_fd(n) });
    assert_eq!(BorrowedFd::stdin().as_raw_fd(), 0);
    assert_eq!(BorrowedFd::stderr().as_fd().as_raw_fd(), 2);
}

#[test]
fn path_arg_errors() {
    let check = |r: sysgate::Result<()>| r;
    assert_eq!(check("a\0b".with_c_str(|_| Ok(()))), Err(Errno::EINVAL));
    assert_eq!(
        check(b"a\0".as_slice().with_c_str(|_| Ok(()))),
        Err(Errno::EINVAL)
    );
    let max = "a".repeat(PATH_MAX - 1);
    max.as_str()
        .with_c_str(|c| {
            assert_eq!(c.to_bytes().len(), PATH_MAX - 1);
            Ok(())
        })
        .unwrap();
    let over = "a".repeat(PATH_MAX);
    assert_eq!(
        check(over.as_str().with_c_str(|_| Ok(()))),
        Err(Errno::ENAMETOOLONG)
    );
    "héllo"
        .with_c_str(|c| {
            assert_eq!(c.to_bytes(), "héllo".as_bytes());
            Ok(())
        })
        .unwrap();
}

#[cfg(feature = "std")]
#[test]
fn std_conversions_are_lossless() {
    use std::os::fd::{AsRawFd, FromRawFd, IntoRawFd};
    let file = std::fs::File::open("/dev/null").unwrap();
    let n = file.as_raw_fd();
    // std -> sysgate: same number, still open.
    let ours: OwnedFd = std::os::fd::OwnedFd::from(file).into();
    assert_eq!(ours.as_raw_fd(), n);
    io::fcntl_getfd(&ours).unwrap();
    // sysgate -> std: same number, still open.
    let theirs: std::os::fd::OwnedFd = ours.into();
    assert_eq!(theirs.as_raw_fd(), n);
    let b: BorrowedFd<'_> = std::os::fd::AsFd::as_fd(&theirs).into();
    assert_eq!(b.as_raw_fd(), n);
    let back: std::os::fd::BorrowedFd<'_> = b.into();
    assert_eq!(back.as_raw_fd(), n);
    // Traits: std's AsFd/AsRawFd on ours, ours on std's types.
    let ours: OwnedFd = theirs.into();
    assert_eq!(AsRawFd::as_raw_fd(&ours), n);
    assert_eq!(std::os::fd::AsFd::as_fd(&ours).as_raw_fd(), n);
    let raw = IntoRawFd::into_raw_fd(ours);
    // SAFETY: `raw` is open and ours.
    let ours = unsafe { <OwnedFd as FromRawFd>::from_raw_fd(raw) };
    let f = std::fs::File::from(std::os::fd::OwnedFd::from(ours));
    assert_eq!(io::fcntl_getfd(&f).unwrap(), FdFlags::CLOEXEC);
    let p = std::path::Path::new("/dev/null");
    fs::openat(CWD, p, OFlags::RDONLY, Mode::empty()).unwrap();
    fs::openat(CWD, p.as_os_str(), OFlags::RDONLY, Mode::empty()).unwrap();
    let e: std::io::Error = Errno::ENOENT.into();
    assert_eq!(e.raw_os_error(), Some(libc::ENOENT));
}
