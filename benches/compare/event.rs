//! Sockets and event fds: a socketpair ping-pong of 64-byte messages,
//! eventfd write+read, and epoll_pwait on a ready fd, through sysgate, libc
//! and rustix.

use crate::harness::{ok, Bench};
use std::time::Duration;
use sysgate::event::{self, EpollEvent, EpollFlags, EpollOp, EventfdFlags};
use sysgate::net::{self, AddressFamily, Protocol, RecvFlags, SendFlags, SocketFlags, SocketType};

/// A full round trip: 64 bytes from `a` to `b`, then back.
fn ping_pong(
    a: i32,
    b: i32,
    mut send: impl FnMut(i32, &[u8]) -> Result<usize, String>,
    mut recv: impl FnMut(i32, &mut [u8]) -> Result<usize, String>,
) -> Result<(), String> {
    let msg = [0x5au8; 64];
    let mut buf = [0u8; 64];
    for (from, to) in [(a, b), (b, a)] {
        if send(from, &msg)? != 64 || recv(to, &mut buf)? != 64 {
            return Err("short transfer".into());
        }
    }
    Ok(())
}

fn borrow(fd: i32) -> sysgate::BorrowedFd<'static> {
    // SAFETY: the benchmark's fds stay open for the whole run.
    unsafe { sysgate::BorrowedFd::borrow_raw(fd) }
}

fn rborrow(fd: i32) -> std::os::fd::BorrowedFd<'static> {
    // SAFETY: as above.
    unsafe { std::os::fd::BorrowedFd::borrow_raw(fd) }
}

pub fn run(b: &mut Bench) {
    let (sa, sb) = net::socketpair(
        AddressFamily::UNIX,
        SocketType::STREAM,
        SocketFlags::empty(),
        Protocol::DEFAULT,
    )
    .expect("socketpair");
    let (fa, fb) = (sa.as_raw_fd(), sb.as_raw_fd());
    let e = |r: sysgate::Result<usize>| r.map_err(|e| e.to_string());
    let le = |r: isize| {
        if r < 0 {
            Err(std::io::Error::last_os_error().to_string())
        } else {
            Ok(r as usize)
        }
    };
    b.compare(
        "socketpair ping-pong 64B",
        &mut [
            ("sysgate", &mut || {
                ping_pong(
                    fa,
                    fb,
                    |fd: i32, m: &[u8]| e(net::send(borrow(fd), m, SendFlags::empty())),
                    |fd: i32, m: &mut [u8]| e(net::recv(borrow(fd), m, RecvFlags::empty())),
                )
            }),
            ("libc", &mut || {
                ping_pong(
                    fa,
                    fb,
                    // SAFETY: valid fd and buffer.
                    |fd: i32, m: &[u8]| {
                        le(unsafe { libc::send(fd, m.as_ptr().cast(), m.len(), 0) })
                    },
                    // SAFETY: valid fd and buffer.
                    |fd: i32, m: &mut [u8]| {
                        le(unsafe { libc::recv(fd, m.as_mut_ptr().cast(), m.len(), 0) })
                    },
                )
            }),
            ("rustix", &mut || {
                ping_pong(
                    fa,
                    fb,
                    |fd: i32, m: &[u8]| {
                        rustix::net::send(rborrow(fd), m, rustix::net::SendFlags::empty())
                            .map_err(|e| e.to_string())
                    },
                    |fd: i32, m: &mut [u8]| {
                        rustix::net::recv(rborrow(fd), m, rustix::net::RecvFlags::empty())
                            .map(|(n, _)| n)
                            .map_err(|e| e.to_string())
                    },
                )
            }),
        ],
    );

    let efd = event::eventfd(0, EventfdFlags::empty()).expect("eventfd");
    let raw = efd.as_raw_fd();
    b.compare(
        "eventfd write+read",
        &mut [
            ("sysgate", &mut || {
                ok(event::eventfd_write(&efd, 1))?;
                ok(event::eventfd_read(&efd))
            }),
            ("libc", &mut || {
                let mut v = 1u64;
                // SAFETY: 8 bytes from and into a local.
                unsafe {
                    le(libc::write(raw, (&v as *const u64).cast(), 8))?;
                    le(libc::read(raw, (&mut v as *mut u64).cast(), 8)).map(drop)
                }
            }),
            ("rustix", &mut || {
                let mut v = [0u8; 8];
                rustix::io::write(rborrow(raw), &1u64.to_ne_bytes()).map_err(|e| e.to_string())?;
                ok(rustix::io::read(rborrow(raw), &mut v))
            }),
        ],
    );

    // A level-triggered registration of an eventfd whose counter stays 1.
    let ready = event::eventfd(1, EventfdFlags::empty()).expect("eventfd");
    let ep = event::epoll_create().expect("epoll_create");
    event::epoll_ctl(
        &ep,
        EpollOp::Add(EpollEvent::new(EpollFlags::IN, 7)),
        &ready,
    )
    .expect("epoll_ctl");
    let epr = ep.as_raw_fd();
    let one = |n: usize| {
        if n == 1 {
            Ok(())
        } else {
            Err(format!("{n} events"))
        }
    };
    b.compare(
        "epoll_pwait ready fd",
        &mut [
            ("sysgate", &mut || {
                let mut events = [EpollEvent::default(); 1];
                one(
                    event::epoll_pwait(&ep, &mut events, Some(Duration::ZERO), None)
                        .map_err(|e| e.to_string())?,
                )
            }),
            ("libc", &mut || {
                // SAFETY: all-zero is a valid epoll_event.
                let mut events: [libc::epoll_event; 1] = unsafe { std::mem::zeroed() };
                // SAFETY: room for one event; no signal mask.
                one(le(unsafe {
                    libc::epoll_pwait(epr, events.as_mut_ptr(), 1, 0, std::ptr::null())
                } as isize)?)
            }),
            ("rustix", &mut || {
                use rustix::event::epoll;
                let mut events = [epoll::Event {
                    flags: epoll::EventFlags::empty(),
                    data: epoll::EventData::new_u64(0),
                }];
                let zero = rustix::time::Timespec {
                    tv_sec: 0,
                    tv_nsec: 0,
                };
                one(epoll::wait(rborrow(epr), &mut events[..], Some(&zero))
                    .map_err(|e| e.to_string())?)
            }),
        ],
    );
}
