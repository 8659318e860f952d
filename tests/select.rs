//! `select`/`pselect6` and the bounds of `FdSet`, against the real kernel.

use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use std::time::{Duration, Instant};
use sysgate::event::*;
use sysgate::fd::BorrowedFd;
use sysgate::io::{pipe2, write, PipeFlags};
use sysgate::process::{getpid, gettid};
use sysgate::signal::{
    sigaction, sigprocmask, tgkill, SaFlags, SigAction, SigHandler, SigSet, SigmaskHow, Signal,
};
use sysgate::time::Timespec;
use sysgate::Errno;

mod common;
use common::closed_fd;

#[test]
fn fd_set_refuses_what_it_cannot_hold() {
    let far = closed_fd();
    let mut set = FdSet::new();
    assert!(set.is_empty());
    assert_eq!(set.insert(&far), Err(Errno::EINVAL), "fd 1000000");
    assert_eq!(
        set.insert(&sysgate::fs::CWD),
        Err(Errno::EINVAL),
        "negative"
    );
    // SAFETY: only the number is used; the set never reaches the kernel.
    let edge = unsafe { BorrowedFd::borrow_raw(FD_SETSIZE as i32) };
    assert_eq!(set.insert(&edge), Err(Errno::EINVAL));
    // SAFETY: as above.
    let last = unsafe { BorrowedFd::borrow_raw(FD_SETSIZE as i32 - 1) };
    set.insert(&last).unwrap();
    let zero = BorrowedFd::stdin();
    set.insert(&zero).unwrap();
    assert!(set.contains(last) && set.contains(zero) && !set.contains(edge));
    assert_eq!(set.iter().collect::<Vec<_>>(), [0, FD_SETSIZE as i32 - 1]);
    set.remove(last);
    set.remove(edge);
    assert_eq!(set.iter().collect::<Vec<_>>(), [0]);
    set.clear();
    assert!(set.is_empty());
}

#[test]
fn select_reports_readiness() {
    let (r, w) = pipe2(PipeFlags::empty()).unwrap();
    let mut rs = FdSet::new();
    rs.insert(&r).unwrap();
    let mut ws = FdSet::new();
    ws.insert(&w).unwrap();
    // Nothing to read yet; the write end is writable.
    let n = select(Some(&mut rs), Some(&mut ws), None, Some(Duration::ZERO)).unwrap();
    assert_eq!(n, 1);
    assert!(rs.is_empty() && ws.contains(&w));
    // Timeout: 0 and empty sets.
    let mut rs = FdSet::new();
    rs.insert(&r).unwrap();
    let t = Instant::now();
    assert_eq!(
        select(Some(&mut rs), None, None, Some(Duration::from_millis(30))).unwrap(),
        0
    );
    assert!(t.elapsed() >= Duration::from_millis(25));
    assert!(rs.is_empty());
    write(&w, b"x").unwrap();
    let mut rs = FdSet::new();
    rs.insert(&r).unwrap();
    let mut ws = FdSet::new();
    ws.insert(&w).unwrap();
    let mut es = FdSet::new();
    es.insert(&r).unwrap();
    let n = pselect6(
        Some(&mut rs),
        Some(&mut ws),
        Some(&mut es),
        None,
        Some(&SigSet::EMPTY),
    )
    .unwrap();
    assert_eq!(n, 2);
    assert!(rs.contains(&r) && ws.contains(&w) && es.is_empty());
    // No sets at all: a plain sleep.
    assert_eq!(
        select(None, None, None, Some(Duration::from_millis(1))).unwrap(),
        0
    );
    let bad = Timespec {
        tv_sec: 0,
        tv_nsec: 2_000_000_000,
    };
    assert_eq!(
        pselect6(None, None, None, Some(&bad), None),
        Err(Errno::EINVAL)
    );
    let neg = Timespec {
        tv_sec: -1,
        tv_nsec: 0,
    };
    assert_eq!(
        pselect6(None, None, None, Some(&neg), None),
        Err(Errno::EINVAL)
    );
}

#[test]
fn select_on_a_closed_fd_is_ebadf() {
    // Reaching a closed fd needs an unsafe borrow: with safe code, a set
    // only holds fds it borrows. The kernel ignores numbers past its fd
    // table, so grow the table first with an fd at 500, then close it
    // (new fds take the lowest free numbers: 500 stays free).
    let (r, _w) = pipe2(PipeFlags::empty()).unwrap();
    let high = sysgate::io::fcntl_dupfd_cloexec(&r, 500).unwrap();
    let n = high.as_raw_fd();
    drop(high);
    // SAFETY: the number is closed; select only reads it.
    let closed = unsafe { BorrowedFd::borrow_raw(n) };
    let mut rs = FdSet::new();
    rs.insert(&closed).unwrap();
    assert_eq!(
        select(Some(&mut rs), None, None, Some(Duration::ZERO)),
        Err(Errno::EBADF)
    );
}

static HITS: AtomicUsize = AtomicUsize::new(0);

extern "C" fn count(_: Signal) {
    HITS.fetch_add(1, SeqCst);
}

#[test]
fn pselect6_mask_lets_a_blocked_signal_interrupt() {
    let sig = Signal::rt(12).unwrap();
    let act = SigAction::new(SigHandler::Handler(count), SaFlags::empty(), SigSet::EMPTY);
    // SAFETY: the handler only counts.
    let old_act = unsafe { sigaction(sig, Some(&act)) }.unwrap();
    let set = SigSet::of(&[sig]);
    let old_mask = sigprocmask(SigmaskHow::Block, Some(&set)).unwrap();
    // Pending while blocked: only the wait's mask lets it in.
    tgkill(getpid(), gettid(), sig).unwrap();
    assert_eq!(HITS.load(SeqCst), 0);
    let (r, _w) = pipe2(PipeFlags::empty()).unwrap();
    let mut rs = FdSet::new();
    rs.insert(&r).unwrap();
    let long = Timespec {
        tv_sec: 5,
        tv_nsec: 0,
    };
    let got = pselect6(Some(&mut rs), None, None, Some(&long), Some(&SigSet::EMPTY));
    sigprocmask(SigmaskHow::SetMask, Some(&old_mask)).unwrap();
    // SAFETY: restoring.
    unsafe { sigaction(sig, Some(&old_act)) }.unwrap();
    assert_eq!(got, Err(Errno::EINTR));
    assert_eq!(HITS.load(SeqCst), 1);
    assert!(rs.contains(&r), "the sets are left as they were on EINTR");
}
