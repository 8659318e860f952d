//! epoll, eventfd, timerfd, poll, futex and sleeps against the real kernel.

use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering::SeqCst};
use std::sync::Arc;
use std::time::{Duration, Instant};
use sysgate::event::*;
use sysgate::process::Pid;
use sysgate::signal::{sigaction, tgkill, SaFlags, SigAction, SigHandler, SigSet, Signal};
use sysgate::thread::*;
use sysgate::time::{ClockId, Timespec};
use sysgate::{syscall_readonly, AsFd, BorrowedFd, Errno, OwnedFd, Sysno};

mod common;

fn pipe() -> (OwnedFd, OwnedFd) {
    let mut p = [0i32; 2];
    // SAFETY: pipe2 fills two ints.
    assert_eq!(unsafe { libc::pipe2(p.as_mut_ptr(), libc::O_CLOEXEC) }, 0);
    // SAFETY: new fds owned by nothing else.
    unsafe { (OwnedFd::from_raw_fd(p[0]), OwnedFd::from_raw_fd(p[1])) }
}

fn write_byte(fd: &OwnedFd) {
    // SAFETY: writes one byte from a local.
    assert_eq!(
        unsafe { libc::write(fd.as_raw_fd(), b"x".as_ptr().cast(), 1) },
        1
    );
}

fn cloexec(fd: &OwnedFd) -> bool {
    // SAFETY: F_GETFD on an open fd.
    unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_GETFD) & libc::FD_CLOEXEC != 0 }
}

const NOW: Option<Duration> = Some(Duration::ZERO);

#[test]
fn epoll_pipe_readiness() {
    let ep = epoll_create().unwrap();
    assert!(cloexec(&ep));
    let (r, w) = pipe();
    epoll_ctl(&ep, EpollOp::Add(EpollEvent::new(EpollFlags::IN, 7)), &r).unwrap();
    let mut events = [EpollEvent::default(); 4];
    assert_eq!(
        epoll_pwait(&ep, &mut events, NOW, None).unwrap(),
        0,
        "empty pipe: not readable"
    );
    write_byte(&w);
    assert_eq!(
        epoll_pwait(&ep, &mut events, Some(Duration::from_secs(5)), None).unwrap(),
        1
    );
    assert_eq!(events[0].flags(), EpollFlags::IN);
    assert_eq!(events[0].data(), 7);

    // The write end is writable; the read end sees HUP once it closes.
    epoll_ctl(&ep, EpollOp::Add(EpollEvent::new(EpollFlags::OUT, 8)), &w).unwrap();
    let n = epoll_pwait(&ep, &mut events, NOW, Some(&SigSet::EMPTY)).unwrap();
    let mut got: Vec<_> = events[..n].iter().map(|e| (e.data(), e.flags())).collect();
    got.sort_by_key(|g| g.0);
    assert_eq!(got, [(7, EpollFlags::IN), (8, EpollFlags::OUT)]);
    epoll_ctl(&ep, EpollOp::Mod(EpollEvent::new(EpollFlags::IN, 9)), &w).unwrap();
    epoll_ctl(&ep, EpollOp::Del, &w).unwrap();
    drop(w);
    assert_eq!(epoll_pwait(&ep, &mut events, NOW, None).unwrap(), 1);
    assert_eq!(events[0].flags(), EpollFlags::IN | EpollFlags::HUP);

    // Errors.
    assert_eq!(
        epoll_ctl(&ep, EpollOp::Add(EpollEvent::new(EpollFlags::IN, 0)), &r).unwrap_err(),
        Errno::EEXIST
    );
    let (r2, _w2) = pipe();
    assert_eq!(
        epoll_ctl(&ep, EpollOp::Del, &r2).unwrap_err(),
        Errno::ENOENT
    );
    assert_eq!(
        epoll_ctl(&ep, EpollOp::Mod(EpollEvent::default()), &r2).unwrap_err(),
        Errno::ENOENT
    );
    assert_eq!(
        epoll_ctl(&ep, EpollOp::Add(EpollEvent::default()), &ep).unwrap_err(),
        Errno::EINVAL
    );
    assert_eq!(
        epoll_ctl(&r, EpollOp::Add(EpollEvent::default()), &r2).unwrap_err(),
        Errno::EINVAL
    );
    let file = std::fs::File::open("/proc/self/exe").unwrap();
    // SAFETY: the fd comes from a File that gives it up.
    let file = unsafe { OwnedFd::from_raw_fd(std::os::fd::IntoRawFd::into_raw_fd(file)) };
    assert_eq!(
        epoll_ctl(&ep, EpollOp::Add(EpollEvent::default()), &file).unwrap_err(),
        Errno::EPERM
    );
    assert_eq!(
        epoll_pwait(&ep, &mut [], NOW, None).unwrap_err(),
        Errno::EINVAL
    );
    assert_eq!(
        epoll_pwait(&r, &mut events, NOW, None).unwrap_err(),
        Errno::EINVAL
    );
}

#[test]
fn eventfd_counts_and_wakes_epoll() {
    let efd = eventfd(0, EventfdFlags::NONBLOCK).unwrap();
    assert!(cloexec(&efd));
    assert_eq!(eventfd_read(&efd).unwrap_err(), Errno::EAGAIN);
    let ep = epoll_create().unwrap();
    epoll_ctl(&ep, EpollOp::Add(EpollEvent::new(EpollFlags::IN, 1)), &efd).unwrap();
    let mut events = [EpollEvent::default(); 2];
    assert_eq!(epoll_pwait(&ep, &mut events, NOW, None).unwrap(), 0);
    eventfd_write(&efd, 3).unwrap();
    eventfd_write(&efd, 4).unwrap();
    assert_eq!(epoll_pwait(&ep, &mut events, NOW, None).unwrap(), 1);
    assert_eq!((events[0].data(), events[0].flags()), (1, EpollFlags::IN));
    assert_eq!(eventfd_read(&efd).unwrap(), 7);
    assert_eq!(epoll_pwait(&ep, &mut events, NOW, None).unwrap(), 0);
    assert_eq!(eventfd_write(&efd, u64::MAX).unwrap_err(), Errno::EINVAL);
    eventfd_write(&efd, u64::MAX - 1).unwrap();
    assert_eq!(
        eventfd_write(&efd, 1).unwrap_err(),
        Errno::EAGAIN,
        "would overflow"
    );

    let sem = eventfd(2, EventfdFlags::SEMAPHORE | EventfdFlags::NONBLOCK).unwrap();
    assert_eq!(eventfd_read(&sem).unwrap(), 1);
    assert_eq!(eventfd_read(&sem).unwrap(), 1);
    assert_eq!(eventfd_read(&sem).unwrap_err(), Errno::EAGAIN);
    assert_eq!(
        eventfd(0, EventfdFlags::from_bits_retain(0x4000_0000)).unwrap_err(),
        Errno::EINVAL
    );
}

#[test]
fn timerfd_fires_within_a_bound() {
    let tfd = timerfd_create(ClockId::MONOTONIC, TimerfdFlags::NONBLOCK).unwrap();
    assert!(cloexec(&tfd));
    assert_eq!(
        timerfd_gettime(&tfd).unwrap(),
        Itimerspec::default(),
        "created disarmed"
    );
    assert_eq!(timerfd_read(&tfd).unwrap_err(), Errno::EAGAIN);
    let ep = epoll_create().unwrap();
    epoll_ctl(&ep, EpollOp::Add(EpollEvent::new(EpollFlags::IN, 5)), &tfd).unwrap();

    let delay = Duration::from_millis(30);
    let set = Itimerspec {
        interval: Timespec::ZERO,
        value: Timespec::from_duration(delay),
    };
    let start = Instant::now();
    let old = timerfd_settime(&tfd, TimerfdTimerFlags::empty(), &set).unwrap();
    assert_eq!(old, Itimerspec::default());
    let left = timerfd_gettime(&tfd).unwrap().value.to_duration().unwrap();
    assert!(left > Duration::ZERO && left <= delay, "{left:?}");
    let mut events = [EpollEvent::default(); 1];
    assert_eq!(
        epoll_pwait(&ep, &mut events, Some(Duration::from_secs(10)), None).unwrap(),
        1
    );
    let took = start.elapsed();
    assert!(took >= delay, "fired early: {took:?}");
    assert!(took < Duration::from_secs(5), "fired late: {took:?}");
    assert_eq!(events[0].data(), 5);
    assert_eq!(timerfd_read(&tfd).unwrap(), 1);
    assert_eq!(
        timerfd_gettime(&tfd).unwrap(),
        Itimerspec::default(),
        "one-shot: disarmed"
    );

    // Absolute, in the past: fires at once.
    let abs = Itimerspec {
        interval: Timespec::ZERO,
        value: Timespec {
            tv_sec: 0,
            tv_nsec: 1,
        },
    };
    timerfd_settime(&tfd, TimerfdTimerFlags::ABSTIME, &abs).unwrap();
    assert_eq!(
        epoll_pwait(&ep, &mut events, Some(Duration::from_secs(10)), None).unwrap(),
        1
    );
    assert_eq!(timerfd_read(&tfd).unwrap(), 1);

    let bad = Itimerspec {
        interval: Timespec::ZERO,
        value: Timespec {
            tv_sec: 0,
            tv_nsec: 1_000_000_000,
        },
    };
    assert_eq!(
        timerfd_settime(&tfd, TimerfdTimerFlags::empty(), &bad).unwrap_err(),
        Errno::EINVAL
    );
    assert_eq!(
        timerfd_create(ClockId::THREAD_CPUTIME_ID, TimerfdFlags::empty()).unwrap_err(),
        Errno::EINVAL
    );
    assert_eq!(timerfd_gettime(&ep).unwrap_err(), Errno::EINVAL);
}

#[test]
fn poll_and_ppoll() {
    let (r, w) = pipe();
    let mut fds = [
        PollFd::new(r.as_fd(), PollFlags::IN),
        PollFd::new(w.as_fd(), PollFlags::OUT),
    ];
    assert_eq!(poll(&mut fds, NOW).unwrap(), 1);
    assert_eq!(fds[0].revents(), PollFlags::empty());
    assert_eq!(fds[1].revents(), PollFlags::OUT);
    write_byte(&w);
    let timeout = Timespec::from_duration(Duration::from_secs(5));
    assert_eq!(
        ppoll(&mut fds, Some(&timeout), Some(&SigSet::EMPTY)).unwrap(),
        2
    );
    assert_eq!(fds[0].revents(), PollFlags::IN);
    assert_eq!(
        timeout,
        Timespec::from_duration(Duration::from_secs(5)),
        "our timeout is untouched"
    );
    let mut one = [PollFd::new(r.as_fd(), PollFlags::IN)];
    assert_eq!(poll(&mut one, None).unwrap(), 1);
    let bad = Timespec {
        tv_sec: -1,
        tv_nsec: 0,
    };
    assert_eq!(
        ppoll(&mut one, Some(&bad), None).unwrap_err(),
        Errno::EINVAL
    );
}

#[test]
fn pollfd_takes_a_temporary_and_reads_back() {
    // A `BorrowedFd` made in the array expression itself: the case that
    // failed with a dropped-temporary error when `new` took a reference.
    let fds = [PollFd::new(BorrowedFd::stdout(), PollFlags::OUT)];
    assert_eq!(fds[0].fd().as_raw_fd(), 1);
    assert_eq!(fds[0].events(), PollFlags::OUT);
    let (r, w) = pipe();
    let mut p = PollFd::new(r.as_fd(), PollFlags::OUT);
    p.set_events(PollFlags::IN);
    assert_eq!(p.events(), PollFlags::IN);
    write_byte(&w);
    let mut one = [p];
    assert_eq!(poll(&mut one, NOW).unwrap(), 1);
    assert_eq!(one[0].revents(), PollFlags::IN);
    assert_eq!(one[0].fd().as_raw_fd(), r.as_raw_fd());
}

#[test]
fn futex_wake_crosses_threads() {
    let word = Arc::new(AtomicU32::new(0));
    let woken = Arc::new(AtomicUsize::new(0));
    let (w2, k2) = (word.clone(), woken.clone());
    let waiter = std::thread::spawn(move || {
        while w2.load(SeqCst) == 0 {
            match futex_wait(&w2, 0, None) {
                Ok(()) | Err(Errno::EAGAIN) | Err(Errno::EINTR) => {}
                Err(e) => panic!("futex_wait: {e}"),
            }
        }
        k2.fetch_add(1, SeqCst);
    });
    std::thread::sleep(Duration::from_millis(20));
    word.store(1, SeqCst);
    let mut total = 0;
    while woken.load(SeqCst) == 0 {
        total += futex_wake(&word, u32::MAX).unwrap();
        std::thread::yield_now();
    }
    waiter.join().unwrap();
    assert!(total <= 1);

    // Value mismatch, timeout, nobody to wake.
    let w = AtomicU32::new(5);
    assert_eq!(futex_wait(&w, 4, None).unwrap_err(), Errno::EAGAIN);
    let short = Timespec::from_duration(Duration::from_millis(10));
    let start = Instant::now();
    assert_eq!(
        futex_wait(&w, 5, Some(&short)).unwrap_err(),
        Errno::ETIMEDOUT
    );
    assert!(start.elapsed() >= Duration::from_millis(10));
    assert_eq!(futex_wake(&w, 1).unwrap(), 0);
    let bad = Timespec {
        tv_sec: 0,
        tv_nsec: -1,
    };
    assert_eq!(futex_wait(&w, 5, Some(&bad)).unwrap_err(), Errno::EINVAL);
}

static HITS: AtomicUsize = AtomicUsize::new(0);

extern "C" fn count(_: Signal) {
    HITS.fetch_add(1, SeqCst);
}

#[test]
fn sleeps_report_the_time_left_on_eintr() {
    let sig = Signal::rt(10).unwrap();
    // No SA_RESTART: the sleep ends with EINTR.
    let act = SigAction::new(SigHandler::Handler(count), SaFlags::empty(), SigSet::EMPTY);
    // SAFETY: the handler only counts.
    let old = unsafe { sigaction(sig, Some(&act)) }.unwrap();
    // SAFETY: gettid takes no arguments.
    let tid = Pid::from_raw(unsafe { syscall_readonly!(Sysno::gettid) }.unwrap() as i32).unwrap();
    let pid = Pid::from_raw(std::process::id() as i32).unwrap();
    let req = Timespec {
        tv_sec: 2,
        tv_nsec: 0,
    };
    for sleep in [
        (|r: &Timespec| clock_nanosleep(ClockId::MONOTONIC, r)) as fn(&Timespec) -> _,
        nanosleep,
    ] {
        let before = HITS.load(SeqCst);
        let kicker = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(100));
            tgkill(pid, tid, sig).unwrap();
        });
        let got = sleep(&req).unwrap();
        kicker.join().unwrap();
        assert_eq!(HITS.load(SeqCst), before + 1);
        match got {
            Sleep::Interrupted(left) => {
                let left = left.to_duration().unwrap();
                assert!(
                    left > Duration::ZERO && left < Duration::from_secs(2),
                    "{left:?}"
                );
            }
            Sleep::Complete => panic!("the signal did not interrupt the sleep"),
        }
    }
    // SAFETY: restoring.
    unsafe { sigaction(sig, Some(&old)) }.unwrap();

    let short = Timespec::from_duration(Duration::from_millis(5));
    let start = Instant::now();
    assert_eq!(nanosleep(&short).unwrap(), Sleep::Complete);
    assert_eq!(
        clock_nanosleep(ClockId::REALTIME, &short).unwrap(),
        Sleep::Complete
    );
    assert!(start.elapsed() >= Duration::from_millis(10));
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime fills a timespec.
    unsafe { libc::clock_gettime(libc::CLOCK_MONOTONIC, &mut now) };
    // libc's time_t is 32-bit on i686.
    #[allow(clippy::unnecessary_cast)]
    let now = Timespec {
        tv_sec: now.tv_sec as i64,
        tv_nsec: now.tv_nsec as i64,
    };
    let start = Instant::now();
    clock_nanosleep_until(
        ClockId::MONOTONIC,
        &Timespec {
            tv_sec: now.tv_sec + 60,
            ..now
        }
        .min(now),
    )
    .unwrap();
    assert!(
        start.elapsed() < Duration::from_secs(30),
        "a past deadline returns at once"
    );
    let soon = Timespec {
        tv_sec: now.tv_sec + 1,
        ..now
    };
    clock_nanosleep_until(ClockId::MONOTONIC, &soon).unwrap();
    assert!(
        start.elapsed() >= Duration::from_millis(500),
        "slept until the deadline"
    );
    let bad = Timespec {
        tv_sec: 0,
        tv_nsec: 1_000_000_000,
    };
    assert_eq!(nanosleep(&bad).unwrap_err(), Errno::EINVAL);
    assert_eq!(
        clock_nanosleep(ClockId::MONOTONIC, &bad).unwrap_err(),
        Errno::EINVAL
    );
    assert_eq!(
        clock_nanosleep_until(ClockId::MONOTONIC, &bad).unwrap_err(),
        Errno::EINVAL
    );
    assert_eq!(
        clock_nanosleep(ClockId::THREAD_CPUTIME_ID, &short).unwrap_err(),
        Errno::EOPNOTSUPP
    );
    assert_eq!(
        clock_nanosleep(ClockId::from_raw(100).unwrap(), &short).unwrap_err(),
        Errno::EINVAL
    );
}

/// `nfds` is an `unsigned int`: 2^32 + 1 fds are refused, not polled as 1.
#[cfg(target_pointer_width = "64")]
#[test]
fn poll_of_more_fds_than_nfds_holds() {
    let n = (1usize << 32) + 1;
    let Some(mut huge) = common::Huge::new(n * std::mem::size_of::<PollFd<'_>>()) else {
        common::skip("2^32 pollfds", "no room for the reservation");
        return;
    };
    // SAFETY: an all-zero pollfd is fd 0 with no events; fd 0 stays open
    // (std's runtime makes sure of it).
    let fds = unsafe { huge.slice::<PollFd<'_>>() };
    assert_eq!(fds.len(), n);
    assert_eq!(poll(fds, Some(Duration::ZERO)), Err(Errno::EINVAL));
}
