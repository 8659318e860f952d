//! The io_uring ring mechanics against the real kernel: waiting with a
//! timeout, a full SQ, CQ overflow, registration, a disabled ring, SQPOLL
//! submitting with no `io_uring_enter` (proved with a seccomp filter that
//! fails the call), and dropping a ring with work in flight.
//!
//! Under qemu-user the emulator does not implement io_uring
//! (`io_uring_setup` gives `ENOSYS`): each test prints `SKIP` and why.

mod common;
mod uring_support;

use common::{bad_buf, closed_fd, skip, under_qemu};
use std::time::{Duration, Instant};
use sysgate::fd::AsFd;
use sysgate::io::PipeFlags;
use sysgate::io_uring::*;
use sysgate::time::Timespec;
use sysgate::Errno;

use uring_support::*;

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
    // A long idle time: the thread stays awake through a loaded machine's
    // pauses, and exits when the ring is dropped at the end.
    let mut p = Params::sqpoll(10_000);
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
