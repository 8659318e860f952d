//! `dup2`, `dup3` with and without close-on-exec, and the standard-stream
//! helpers, against the real kernel.

use sysgate::fd::{BorrowedFd, OwnedFd};
use sysgate::fs::{openat, Mode, OFlags, CWD};
use sysgate::io::*;
use sysgate::process::{execve, CStrPtr, WaitStatus};
use sysgate::Errno;

mod common;
use common::{closed_fd, in_child};

fn pipe() -> (OwnedFd, OwnedFd) {
    pipe2(PipeFlags::empty()).unwrap()
}

#[test]
fn dup2_clears_cloexec_and_redirects() {
    let (r, w) = pipe();
    let (r2, w2) = pipe();
    let mut target = dup(&w2).unwrap();
    assert_eq!(fcntl_getfd(&target).unwrap(), FdFlags::CLOEXEC);
    let n = target.as_raw_fd();
    dup2(&w, &mut target).unwrap();
    assert_eq!(target.as_raw_fd(), n, "the number stays");
    assert_eq!(fcntl_getfd(&target).unwrap(), FdFlags::empty());
    write(&target, b"x").unwrap();
    let mut buf = [0u8; 4];
    assert_eq!(read(&r, &mut buf).unwrap(), 1, "writes reach fd's pipe");
    drop(w2);
    drop(target);
    assert_eq!(read(&r2, &mut buf).unwrap(), 0, "the old file was closed");

    // The same fd: checked, left alone (close-on-exec stays).
    let mut same = dup(&w).unwrap();
    // SAFETY: borrows `same`'s own number, which stays open meanwhile.
    let alias = unsafe { BorrowedFd::borrow_raw(same.as_raw_fd()) };
    dup2(alias, &mut same).unwrap();
    assert_eq!(fcntl_getfd(&same).unwrap(), FdFlags::CLOEXEC);
    assert_eq!(dup2(closed_fd(), &mut same), Err(Errno::EBADF));
    write(&same, b"y").unwrap();
    assert_eq!(read(&r, &mut buf).unwrap(), 1, "a failed dup2 kept the fd");
}

#[test]
fn dup3_flags_choose_cloexec() {
    let (_r, w) = pipe();
    let mut target = dup(&w).unwrap();
    let (_r2, w2) = pipe();
    dup3(&w2, &mut target, DupFlags::empty()).unwrap();
    assert_eq!(fcntl_getfd(&target).unwrap(), FdFlags::empty());
    dup3(&w, &mut target, DupFlags::CLOEXEC).unwrap();
    assert_eq!(fcntl_getfd(&target).unwrap(), FdFlags::CLOEXEC);
    assert_eq!(
        dup3(&w, &mut target, DupFlags::from_bits_retain(1)),
        Err(Errno::EINVAL)
    );
    assert_eq!(
        dup3(closed_fd(), &mut target, DupFlags::empty()),
        Err(Errno::EBADF)
    );
}

#[test]
fn replace_stdout_survives_execve() {
    let (r, w) = pipe();
    let status = in_child(|| {
        if replace_stdout(w).is_err() {
            return 10;
        }
        let argv = [
            Some(CStrPtr::new(c"/bin/echo")),
            Some(CStrPtr::new(c"hi")),
            None,
        ];
        let _ = execve(c"/bin/echo", &argv, &[None]);
        11
    });
    assert_eq!(status, WaitStatus::Exited(0));
    let mut buf = [0u8; 8];
    assert_eq!(read(&r, &mut buf).unwrap(), 3);
    assert_eq!(&buf[..3], b"hi\n");
}

#[test]
fn replace_stdin_when_the_fd_is_already_zero() {
    let status = in_child(|| {
        // SAFETY: the child owns its copy of fd 0 and gives it up here.
        if close(unsafe { OwnedFd::from_raw_fd(0) }).is_err() {
            return 10;
        }
        let Ok(null) = openat(CWD, "/dev/null", OFlags::RDONLY, Mode::empty()) else {
            return 11;
        };
        if null.as_raw_fd() != 0 || fcntl_getfd(&null) != Ok(FdFlags::CLOEXEC) {
            return 12;
        }
        if replace_stdin(null).is_err() {
            return 13;
        }
        // fd 0 stays open, now inheritable, and reads /dev/null.
        let mut b = [0u8; 1];
        match (
            fcntl_getfd(BorrowedFd::stdin()),
            read(BorrowedFd::stdin(), &mut b),
        ) {
            (Ok(f), Ok(0)) if f.is_empty() => 0,
            _ => 14,
        }
    });
    assert_eq!(status, WaitStatus::Exited(0));
    let status = in_child(|| {
        let (r, w) = pipe2(PipeFlags::empty()).unwrap_or_else(|_| sysgate::process::exit_group(20));
        let wn = w.as_raw_fd();
        if replace_stderr(w).is_err() {
            return 21;
        }
        // The source number was closed; stderr now writes the pipe.
        if fcntl_getfd(unsafe_borrow(wn)) != Err(Errno::EBADF) {
            return 22;
        }
        let mut b = [0u8; 2];
        match (write(BorrowedFd::stderr(), b"e"), read(&r, &mut b)) {
            (Ok(1), Ok(1)) if b[0] == b'e' => 0,
            _ => 23,
        }
    });
    assert_eq!(status, WaitStatus::Exited(0));
}

fn unsafe_borrow(fd: i32) -> BorrowedFd<'static> {
    // SAFETY: used only to query a number that is closed.
    unsafe { BorrowedFd::borrow_raw(fd) }
}
