//! Sockets against the real kernel, on loopback only.

use core::net::{Ipv4Addr, Ipv6Addr, SocketAddr};
use std::time::{Duration, Instant};
use sysgate::event::{poll, PollFd, PollFlags};
use sysgate::io::{IoSlice, IoSliceMut};
use sysgate::net::sockopt::{self, get, set};
use sysgate::net::*;
use sysgate::process::{Gid, Pid, Uid};
use sysgate::{AsFd, Errno, OwnedFd};

mod common;

const NONE: SocketFlags = SocketFlags::empty();

fn cloexec(fd: &OwnedFd) -> bool {
    // SAFETY: F_GETFD on an open fd.
    unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_GETFD) & libc::FD_CLOEXEC != 0 }
}

fn tcp_listener(family: AddressFamily, addr: &impl SockAddr) -> (OwnedFd, SocketAddrAny) {
    let l = socket(family, SocketType::STREAM, NONE, Protocol::DEFAULT).unwrap();
    set(&l, sockopt::REUSEADDR, true).unwrap();
    bind(&l, addr).unwrap();
    listen(&l, 8).unwrap();
    let local = getsockname(&l).unwrap();
    (l, local)
}

fn echo(family: AddressFamily, addr: SocketAddr) {
    let (l, local) = tcp_listener(family, &addr);
    assert!(cloexec(&l));
    assert!(get(&l, sockopt::ACCEPTCONN).unwrap());
    assert_eq!(get(&l, sockopt::DOMAIN).unwrap(), family);
    assert_eq!(get(&l, sockopt::TYPE).unwrap(), SocketType::STREAM);
    let port = local.to_core().unwrap().port();
    assert_ne!(port, 0);
    assert_eq!(local.to_core().unwrap().ip(), addr.ip());

    let c = socket(family, SocketType::STREAM, NONE, Protocol::TCP).unwrap();
    set(&c, sockopt::TCP_NODELAY, true).unwrap();
    assert!(get(&c, sockopt::TCP_NODELAY).unwrap());
    connect(&c, &local).unwrap();
    let (s, peer) = accept4(&l, NONE).unwrap();
    assert!(cloexec(&s));
    assert_eq!(peer.to_core(), getsockname(&c).unwrap().to_core());
    assert_eq!(getpeername(&c).unwrap().to_core(), local.to_core());

    // Echo: the server returns what it got.
    assert_eq!(send(&c, b"ping over tcp", SendFlags::NOSIGNAL).unwrap(), 13);
    let mut buf = [0u8; 64];
    let n = recv(&s, &mut buf, RecvFlags::empty()).unwrap();
    assert_eq!(&buf[..n], b"ping over tcp");
    assert_eq!(send(&s, &buf[..n], SendFlags::NOSIGNAL).unwrap(), n);
    let mut back = [0u8; 64];
    assert_eq!(recv(&c, &mut back[..n], RecvFlags::WAITALL).unwrap(), n);
    assert_eq!(&back[..n], b"ping over tcp");

    // Half close: the server reads end-of-file.
    shutdown(&c, Shutdown::Write).unwrap();
    assert_eq!(recv(&s, &mut buf, RecvFlags::empty()).unwrap(), 0);
    assert_eq!(
        send(&c, b"x", SendFlags::NOSIGNAL).unwrap_err(),
        Errno::EPIPE
    );
}

#[test]
fn tcp_echo_v4() {
    echo(
        AddressFamily::INET,
        SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
    );
}

#[test]
fn tcp_echo_v6() {
    echo(
        AddressFamily::INET6,
        SocketAddr::from((Ipv6Addr::LOCALHOST, 0)),
    );
    let s = socket(
        AddressFamily::INET6,
        SocketType::STREAM,
        NONE,
        Protocol::DEFAULT,
    )
    .unwrap();
    set(&s, sockopt::IPV6_V6ONLY, true).unwrap();
    assert!(get(&s, sockopt::IPV6_V6ONLY).unwrap());
    set(&s, sockopt::IPV6_V6ONLY, false).unwrap();
    assert!(!get(&s, sockopt::IPV6_V6ONLY).unwrap());
}

#[test]
fn udp_round_trip() {
    let a = socket(AddressFamily::INET, SocketType::DGRAM, NONE, Protocol::UDP).unwrap();
    let b = socket(
        AddressFamily::INET,
        SocketType::DGRAM,
        NONE,
        Protocol::DEFAULT,
    )
    .unwrap();
    bind(&a, &SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0)).unwrap();
    bind(&b, &core::net::SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0)).unwrap();
    let (aa, ba) = (getsockname(&a).unwrap(), getsockname(&b).unwrap());
    assert_eq!(sendto(&a, b"datagram", SendFlags::empty(), &ba).unwrap(), 8);
    let mut buf = [0u8; 4];
    // Too small a buffer: cut, and TRUNC gives the full length.
    let (n, from) = recvfrom(&b, &mut buf, RecvFlags::PEEK | RecvFlags::TRUNC).unwrap();
    assert_eq!((n, from.as_v4()), (8, aa.as_v4()));
    let mut buf = [0u8; 64];
    let (n, from) = recvfrom(&b, &mut buf, RecvFlags::empty()).unwrap();
    assert_eq!(&buf[..n], b"datagram");
    assert_eq!(from.to_core(), aa.to_core());
    // Back, connected this time, through sendmsg/recvmsg with two buffers.
    connect(&b, &aa).unwrap();
    let sent = sendmsg(
        &b,
        &[IoSlice::new(b"two "), IoSlice::new(b"parts")],
        None,
        SendFlags::empty(),
    )
    .unwrap();
    assert_eq!(sent, 9);
    let (mut x, mut y) = ([0u8; 4], [0u8; 16]);
    let got = recvmsg(
        &a,
        &mut [IoSliceMut::new(&mut x), IoSliceMut::new(&mut y)],
        None,
        RecvFlags::empty(),
    )
    .unwrap();
    assert_eq!(got.bytes, 9);
    assert_eq!((&x, &y[..5]), (b"two ", &b"parts"[..]));
    assert_eq!(got.addr.unwrap().to_core(), ba.to_core());
    // Nothing there: a receive timeout gives EAGAIN.
    set(&a, sockopt::RCVTIMEO, Some(Duration::from_millis(20))).unwrap();
    let t = get(&a, sockopt::RCVTIMEO).unwrap().unwrap();
    assert!(
        t >= Duration::from_millis(20) && t < Duration::from_millis(30),
        "{t:?}"
    );
    let start = Instant::now();
    assert_eq!(
        recv(&a, &mut buf, RecvFlags::empty()).unwrap_err(),
        Errno::EAGAIN
    );
    assert!(start.elapsed() >= Duration::from_millis(15));
    set(&a, sockopt::RCVTIMEO, None).unwrap();
    assert_eq!(get(&a, sockopt::RCVTIMEO).unwrap(), None);
    // Huge timeouts saturate to the largest `timeval`, neither panicking
    // nor wrapping to a microsecond: a 64-bit kernel reads that back as
    // "never" (None), one serving 32-bit `long` seconds as 68 years.
    let never = |t: Option<Duration>| t.is_none_or(|t| t.as_secs() >= i32::MAX as u64 - 1);
    for huge in [
        Duration::MAX,
        Duration::new(u64::MAX, 0),
        Duration::from_secs(i64::MAX as u64 + 1),
    ] {
        set(&a, sockopt::RCVTIMEO, Some(huge)).unwrap();
        let t = get(&a, sockopt::RCVTIMEO).unwrap();
        assert!(never(t), "{huge:?} became {t:?}");
        set(&a, sockopt::SNDTIMEO, Some(huge)).unwrap();
        let t = get(&a, sockopt::SNDTIMEO).unwrap();
        assert!(never(t), "{huge:?} became {t:?}");
    }
    assert_eq!(
        recv(&a, &mut buf, RecvFlags::DONTWAIT).unwrap_err(),
        Errno::EAGAIN
    );
    // UDP does not listen.
    assert_eq!(listen(&a, 1).unwrap_err(), Errno::EOPNOTSUPP);
}

#[test]
fn unix_pair_passes_an_fd() {
    let (a, b) = socketpair(
        AddressFamily::UNIX,
        SocketType::STREAM,
        NONE,
        Protocol::DEFAULT,
    )
    .unwrap();
    assert!(cloexec(&a) && cloexec(&b));
    // A pipe with data waiting in it; its read end travels.
    let mut p = [0i32; 2];
    // SAFETY: pipe2 fills two ints.
    assert_eq!(unsafe { libc::pipe2(p.as_mut_ptr(), libc::O_CLOEXEC) }, 0);
    // SAFETY: new fds owned by nothing else.
    let (r, w) = unsafe { (OwnedFd::from_raw_fd(p[0]), OwnedFd::from_raw_fd(p[1])) };
    // SAFETY: writes from a static.
    assert_eq!(
        unsafe { libc::write(w.as_raw_fd(), b"through the fd".as_ptr().cast(), 14) },
        14
    );

    let me = UCred {
        pid: Pid::from_raw(std::process::id() as i32),
        // SAFETY: plain getters.
        uid: Uid::from_raw(unsafe { libc::getuid() }),
        // SAFETY: as above.
        gid: Gid::from_raw(unsafe { libc::getgid() }),
    };
    set(&b, sockopt::PASSCRED, true).unwrap();
    let mut space = [0u8; 128];
    let mut anc = SendAncillary::new(&mut space);
    anc.push_rights(&[r.as_fd()]).unwrap();
    anc.push_credentials(me).unwrap();
    assert_eq!(
        sendmsg(&a, &[IoSlice::new(b"fd!")], Some(&anc), SendFlags::NOSIGNAL).unwrap(),
        3
    );
    drop(r);

    let mut space = [0u8; 128];
    let mut ranc = RecvAncillary::new(&mut space);
    let mut data = [0u8; 8];
    let got = recvmsg(
        &b,
        &mut [IoSliceMut::new(&mut data)],
        Some(&mut ranc),
        RecvFlags::empty(),
    )
    .unwrap();
    assert_eq!(&data[..got.bytes], b"fd!");
    assert!(!got.flags.contains(RecvFlags::CTRUNC));
    let (mut fds, mut creds) = (Vec::new(), Vec::new());
    for msg in ranc.drain() {
        match msg {
            RecvCmsg::Rights(r) => fds.extend(r),
            RecvCmsg::Credentials(c) => creds.push(c),
            RecvCmsg::PidFd(_) => panic!("unexpected pidfd"),
            RecvCmsg::Other { level, kind, .. } => panic!("unexpected cmsg {level}/{kind}"),
        }
    }
    assert_eq!(creds, [me]);
    assert_eq!(fds.len(), 1);
    let fd = fds.pop().unwrap();
    assert!(cloexec(&fd), "received fds are close-on-exec");
    let mut buf = [0u8; 32];
    // SAFETY: reads into a local.
    let n = unsafe { libc::read(fd.as_raw_fd(), buf.as_mut_ptr().cast(), buf.len()) };
    assert_eq!(&buf[..n as usize], b"through the fd");
    assert_eq!(ranc.drain().count(), 0, "drained once");

    // Peer credentials of the pair.
    assert_eq!(get(&a, sockopt::PEERCRED).unwrap(), me);
    assert_eq!(
        set(&a, sockopt::PEERCRED, me).unwrap_err(),
        Errno::ENOPROTOOPT
    );

    // A buffer too small for the message.
    let mut tiny = [0u8; 8];
    let mut anc = SendAncillary::new(&mut tiny);
    assert_eq!(anc.push_rights(&[a.as_fd()]).unwrap_err(), Errno::ENOBUFS);
    let mut space = [0u8; 64];
    let mut anc = SendAncillary::new(&mut space);
    // Credentials that are not ours: EPERM, or ESRCH for a process that
    // does not exist when the sender may claim any pid (CAP_SYS_ADMIN).
    anc.push_credentials(UCred {
        pid: Pid::from_raw(0x7fff_fff0),
        ..me
    })
    .unwrap();
    let e = sendmsg(&a, &[IoSlice::new(b"x")], Some(&anc), SendFlags::NOSIGNAL).unwrap_err();
    assert!(e == Errno::EPERM || e == Errno::ESRCH, "{e}");
    // TCP options on a Unix socket.
    assert!(set(&a, sockopt::TCP_NODELAY, true).is_err());
    // Not a socket at all.
    assert_eq!(get(&w, sockopt::TYPE).unwrap_err(), Errno::ENOTSOCK);
    assert_eq!(
        send(&w, b"x", SendFlags::empty()).unwrap_err(),
        Errno::ENOTSOCK
    );
}

#[test]
fn unused_received_fds_are_closed() {
    let (a, b) = socketpair(
        AddressFamily::UNIX,
        SocketType::DGRAM,
        NONE,
        Protocol::DEFAULT,
    )
    .unwrap();
    let mut space = [0u8; 64];
    let mut anc = SendAncillary::new(&mut space);
    anc.push_rights(&[a.as_fd(), b.as_fd()]).unwrap();
    sendmsg(&a, &[IoSlice::new(b"2")], Some(&anc), SendFlags::empty()).unwrap();
    // Count the fds open on this pair's sockets only: other tests open and
    // close fds in parallel, but never on these sockets.
    let link = |fd: i32| std::fs::read_link(format!("/proc/self/fd/{fd}")).unwrap();
    let ours = [link(a.as_raw_fd()), link(b.as_raw_fd())];
    let count = || {
        std::fs::read_dir("/proc/self/fd")
            .unwrap()
            .filter_map(|e| std::fs::read_link(e.ok()?.path()).ok())
            .filter(|l| ours.contains(l))
            .count()
    };
    let mut space = [0u8; 64];
    let mut ranc = RecvAncillary::new(&mut space);
    let before = count();
    recvmsg(
        &b,
        &mut [IoSliceMut::new(&mut [0u8; 4])],
        Some(&mut ranc),
        RecvFlags::empty(),
    )
    .unwrap();
    assert_eq!(count(), before + 2);
    drop(ranc);
    assert_eq!(count(), before, "dropping the ancillary buffer closed them");
}

/// `SCM_PIDFD` (Linux 6.5) hands over an fd like `SCM_RIGHTS`: it arrives
/// as an `OwnedFd`, and is closed when not taken.
#[test]
fn scm_pidfd_is_owned() {
    let (a, b) = socketpair(
        AddressFamily::UNIX,
        SocketType::DGRAM,
        NONE,
        Protocol::DEFAULT,
    )
    .unwrap();
    if let Err(e) = set(&b, sockopt::PASSPIDFD, true) {
        common::skip(
            "SCM_PIDFD",
            &format!("SO_PASSPIDFD: {e:?} (before Linux 6.5)"),
        );
        return;
    }
    assert!(get(&b, sockopt::PASSPIDFD).unwrap());
    // Other tests of this binary open no pidfds.
    let pidfds = || {
        std::fs::read_dir("/proc/self/fd")
            .unwrap()
            .filter_map(|e| std::fs::read_link(e.ok()?.path()).ok())
            .filter(|l| l.to_string_lossy().contains("pidfd"))
            .count()
    };
    let before = pidfds();
    let receive = |ranc: &mut RecvAncillary<'_>| {
        sendmsg(&a, &[IoSlice::new(b"p")], None, SendFlags::empty()).unwrap();
        recvmsg(
            &b,
            &mut [IoSliceMut::new(&mut [0u8; 4])],
            Some(ranc),
            RecvFlags::empty(),
        )
        .unwrap();
    };
    let mut space = [0u8; 64];
    let mut ranc = RecvAncillary::new(&mut space);
    receive(&mut ranc);
    let mut got = None;
    for msg in ranc.drain() {
        if let RecvCmsg::PidFd(fd) = msg {
            got = Some(fd);
        }
    }
    let Some(fd) = got else {
        assert!(
            common::under_qemu(),
            "SO_PASSPIDFD is on: a PidFd must arrive"
        );
        common::skip("SCM_PIDFD", "qemu-user passes no SCM_PIDFD message");
        return;
    };
    assert!(cloexec(&fd), "received pidfds are close-on-exec");
    let info = std::fs::read_to_string(format!("/proc/self/fdinfo/{}", fd.as_raw_fd())).unwrap();
    assert!(
        info.contains(&format!("Pid:\t{}\n", std::process::id())),
        "a pidfd of the sender, this process: {info}"
    );
    assert_eq!(pidfds(), before + 1);
    drop(fd);
    assert_eq!(pidfds(), before, "dropping the OwnedFd closed it");

    // Not taken: closed with the buffer.
    receive(&mut ranc);
    assert_eq!(pidfds(), before + 1);
    drop(ranc);
    assert_eq!(pidfds(), before, "dropping the ancillary buffer closed it");
}

#[test]
fn unix_addresses() {
    let dir = std::env::temp_dir().join(format!("sysgate-net-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("sock");
    let addr = SocketAddrUnix::new(path.as_os_str().as_encoded_bytes()).unwrap();
    let l = socket(
        AddressFamily::UNIX,
        SocketType::STREAM,
        NONE,
        Protocol::DEFAULT,
    )
    .unwrap();
    bind(&l, &addr).unwrap();
    listen(&l, 1).unwrap();
    let got = getsockname(&l).unwrap().as_unix().unwrap();
    assert_eq!(got.path(), Some(path.as_os_str().as_encoded_bytes()));
    assert_eq!(got, addr);
    let c = socket(
        AddressFamily::UNIX,
        SocketType::STREAM,
        NONE,
        Protocol::DEFAULT,
    )
    .unwrap();
    connect(&c, &addr).unwrap();
    let (_s, peer) = accept4(&l, NONE).unwrap();
    assert!(peer.as_unix().unwrap().is_unnamed());
    assert_eq!(bind(&c, &addr).unwrap_err(), Errno::EADDRINUSE);
    std::fs::remove_dir_all(&dir).unwrap();

    let name = format!("sysgate-abstract-{}", std::process::id());
    let abs = SocketAddrUnix::new_abstract(name.as_bytes()).unwrap();
    let d = socket(
        AddressFamily::UNIX,
        SocketType::DGRAM,
        NONE,
        Protocol::DEFAULT,
    )
    .unwrap();
    bind(&d, &abs).unwrap();
    let got = getsockname(&d).unwrap().as_unix().unwrap();
    assert_eq!(got.abstract_name(), Some(name.as_bytes()));
    assert_eq!(got.path(), None);
    assert!(format!("{got:?}").contains("abstract"));

    assert_eq!(
        SocketAddrUnix::new([b'a'; 108]).unwrap_err(),
        Errno::ENAMETOOLONG
    );
    assert!(SocketAddrUnix::new([b'a'; 107]).is_ok());
    assert_eq!(SocketAddrUnix::new("a\0b").unwrap_err(), Errno::EINVAL);
    assert_eq!(SocketAddrUnix::new("").unwrap_err(), Errno::EINVAL);
    assert_eq!(
        SocketAddrUnix::new_abstract(&[1; 108]).unwrap_err(),
        Errno::ENAMETOOLONG
    );
    assert_eq!(
        connect(&d, &SocketAddrUnix::new("/nonexistent/sysgate").unwrap()).unwrap_err(),
        Errno::ENOENT
    );
}

#[test]
fn address_conversions() {
    let v4 = core::net::SocketAddrV4::new(Ipv4Addr::new(10, 1, 2, 3), 8080);
    let ours = SocketAddrV4::from(v4);
    assert_eq!((ours.ip(), ours.port()), (*v4.ip(), 8080));
    assert_eq!(core::net::SocketAddrV4::from(ours), v4);
    assert_eq!(format!("{ours:?}"), "10.1.2.3:8080");
    let v6 = core::net::SocketAddrV6::new("fe80::1".parse().unwrap(), 443, 0x12345, 7);
    let ours = SocketAddrV6::from(v6);
    assert_eq!(
        (ours.flowinfo(), ours.scope_id(), ours.port()),
        (0x12345, 7, 443)
    );
    assert_eq!(core::net::SocketAddrV6::from(ours), v6);
    // The layouts are the kernel's (checked against libc's structs).
    // SAFETY: both are plain 16-byte structs.
    let raw: libc::sockaddr_in = unsafe { std::mem::transmute(SocketAddrV4::from(v4)) };
    assert_eq!(raw.sin_family as i32, libc::AF_INET);
    assert_eq!(u16::from_be(raw.sin_port), 8080);
    assert_eq!(raw.sin_addr.s_addr, u32::from_ne_bytes([10, 1, 2, 3]));
    // SAFETY: both are plain 28-byte structs.
    let raw: libc::sockaddr_in6 = unsafe { std::mem::transmute(ours) };
    assert_eq!(
        (raw.sin6_family as i32, raw.sin6_scope_id),
        (libc::AF_INET6, 7)
    );
    assert_eq!(u32::from_be(raw.sin6_flowinfo), 0x12345);
    // Alignment too: a `&SocketAddrV4` may be used as a `*const sockaddr_in`.
    use std::mem::align_of;
    assert_eq!(align_of::<SocketAddrV4>(), align_of::<libc::sockaddr_in>());
    assert_eq!(align_of::<SocketAddrV4>(), 4);
    assert_eq!(align_of::<SocketAddrV6>(), align_of::<libc::sockaddr_in6>());
    let v4s = [SocketAddrV4::from(v4); 2];
    let p = &v4s[1] as *const SocketAddrV4 as *const libc::sockaddr_in;
    assert!(p.is_aligned());
    // SAFETY: aligned (just checked) and the same layout.
    assert_eq!(
        unsafe { (*p).sin_addr.s_addr },
        u32::from_ne_bytes([10, 1, 2, 3])
    );
}

#[test]
fn connect_errors() {
    // A bound TCP port with no listener refuses.
    let holder = socket(
        AddressFamily::INET,
        SocketType::STREAM,
        NONE,
        Protocol::DEFAULT,
    )
    .unwrap();
    bind(&holder, &SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0)).unwrap();
    let closed = getsockname(&holder).unwrap();
    let c = socket(
        AddressFamily::INET,
        SocketType::STREAM,
        NONE,
        Protocol::DEFAULT,
    )
    .unwrap();
    assert_eq!(connect(&c, &closed).unwrap_err(), Errno::ECONNREFUSED);

    // Non-blocking: EINPROGRESS (or at once), then SO_ERROR tells.
    let nb = socket(
        AddressFamily::INET,
        SocketType::STREAM,
        SocketFlags::NONBLOCK,
        Protocol::DEFAULT,
    )
    .unwrap();
    match connect(&nb, &closed) {
        Err(Errno::EINPROGRESS) => {
            let mut fds = [PollFd::new(nb.as_fd(), PollFlags::OUT)];
            assert_eq!(poll(&mut fds, Some(Duration::from_secs(10))).unwrap(), 1);
            assert_eq!(get(&nb, sockopt::ERROR).unwrap(), Some(Errno::ECONNREFUSED));
        }
        other => assert_eq!(other, Err(Errno::ECONNREFUSED)),
    }
    assert_eq!(
        get(&nb, sockopt::ERROR).unwrap(),
        None,
        "reading SO_ERROR cleared it"
    );

    let (l, local) = tcp_listener(
        AddressFamily::INET,
        &SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0),
    );
    let nb = socket(
        AddressFamily::INET,
        SocketType::STREAM,
        SocketFlags::NONBLOCK,
        Protocol::DEFAULT,
    )
    .unwrap();
    match connect(&nb, &local) {
        Ok(()) | Err(Errno::EINPROGRESS) => {}
        Err(e) => panic!("connect: {e}"),
    }
    let mut fds = [PollFd::new(nb.as_fd(), PollFlags::OUT)];
    assert_eq!(poll(&mut fds, Some(Duration::from_secs(10))).unwrap(), 1);
    assert_eq!(get(&nb, sockopt::ERROR).unwrap(), None);
    assert!(getpeername(&nb).is_ok());
    let (s, _) = accept4(&l, SocketFlags::NONBLOCK).unwrap();
    // The accepted socket got SOCK_NONBLOCK: nothing to read yet.
    assert_eq!(
        recv(&s, &mut [0u8; 4], RecvFlags::empty()).unwrap_err(),
        Errno::EAGAIN
    );
    let (nbl, _) = tcp_listener(
        AddressFamily::INET,
        &SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0),
    );
    // SAFETY: F_SETFL O_NONBLOCK on an open fd.
    assert_eq!(
        unsafe { libc::fcntl(nbl.as_raw_fd(), libc::F_SETFL, libc::O_NONBLOCK) },
        0
    );
    assert_eq!(accept4(&nbl, NONE).map(|_| ()).unwrap_err(), Errno::EAGAIN);
    let unlistened = socket(
        AddressFamily::INET,
        SocketType::STREAM,
        NONE,
        Protocol::DEFAULT,
    )
    .unwrap();
    assert_eq!(
        accept4(&unlistened, NONE).map(|_| ()).unwrap_err(),
        Errno::EINVAL
    );

    // Misc errors.
    assert_eq!(
        socket(
            AddressFamily::from_raw(4000),
            SocketType::STREAM,
            NONE,
            Protocol::DEFAULT
        )
        .unwrap_err(),
        Errno::EAFNOSUPPORT
    );
    assert_eq!(
        socketpair(
            AddressFamily::INET,
            SocketType::STREAM,
            NONE,
            Protocol::DEFAULT
        )
        .unwrap_err(),
        Errno::EOPNOTSUPP
    );
    assert_eq!(getpeername(&holder).unwrap_err(), Errno::ENOTCONN);
    assert_eq!(
        shutdown(&holder, Shutdown::Both).unwrap_err(),
        Errno::ENOTCONN
    );
    assert_eq!(
        bind(&holder, &SocketAddrV4::new(Ipv4Addr::LOCALHOST, 0)).unwrap_err(),
        Errno::EINVAL
    );
    assert_eq!(
        bind(&c, &SocketAddrV6::new(Ipv6Addr::LOCALHOST, 0, 0, 0)).unwrap_err(),
        Errno::EAFNOSUPPORT,
        "an IPv6 address for an IPv4 socket"
    );
}

#[test]
fn buffer_and_misc_options() {
    let s = socket(
        AddressFamily::INET,
        SocketType::STREAM,
        NONE,
        Protocol::DEFAULT,
    )
    .unwrap();
    set(&s, sockopt::RCVBUF, 65536).unwrap();
    assert!(get(&s, sockopt::RCVBUF).unwrap() >= 65536);
    set(&s, sockopt::SNDBUF, 65536).unwrap();
    assert!(get(&s, sockopt::SNDBUF).unwrap() >= 65536);
    for (opt, name) in [
        (sockopt::KEEPALIVE, "keepalive"),
        (sockopt::REUSEPORT, "reuseport"),
        (sockopt::REUSEADDR, "reuseaddr"),
    ] {
        assert!(!get(&s, opt).unwrap(), "{name}");
        set(&s, opt, true).unwrap();
        assert!(get(&s, opt).unwrap(), "{name}");
    }
    set(&s, sockopt::LINGER, Some(Duration::from_secs(3))).unwrap();
    assert_eq!(
        get(&s, sockopt::LINGER).unwrap(),
        Some(Duration::from_secs(3))
    );
    // A partial second rounds up: 200 ms must not become 0 (abortive close).
    set(&s, sockopt::LINGER, Some(Duration::from_millis(200))).unwrap();
    assert_eq!(
        get(&s, sockopt::LINGER).unwrap(),
        Some(Duration::from_secs(1))
    );
    set(&s, sockopt::LINGER, None).unwrap();
    assert_eq!(get(&s, sockopt::LINGER).unwrap(), None);
    let l = sockopt::Linger::new(Some(Duration::from_secs(u64::MAX)));
    assert!(l.is_on());
    assert_eq!(l.timeout(), Some(Duration::from_secs(i32::MAX as u64)));
    assert_eq!(sockopt::Linger::new(None).timeout(), None);
    assert_eq!(sockopt::Linger::default(), sockopt::Linger::new(None));
    set(&s, sockopt::IP_TTL, 17).unwrap();
    assert_eq!(get(&s, sockopt::IP_TTL).unwrap(), 17);
    assert_eq!(set(&s, sockopt::IP_TTL, 1000).unwrap_err(), Errno::EINVAL);
    // The raw escape hatch: SO_KEEPALIVE by number.
    let mut buf = [0u8; 8];
    // SAFETY (this and the raw calls below): SO_KEEPALIVE's value is a
    // plain int, and an unknown option is refused before any is read.
    assert_eq!(
        unsafe { sockopt::get_raw(&s, sockopt::SOL_SOCKET, 9, &mut buf) }.unwrap(),
        4
    );
    assert_eq!(i32::from_ne_bytes(buf[..4].try_into().unwrap()), 1);
    unsafe { sockopt::set_raw(&s, sockopt::SOL_SOCKET, 9, &0i32.to_ne_bytes()) }.unwrap();
    assert!(!get(&s, sockopt::KEEPALIVE).unwrap());
    assert_eq!(
        unsafe { sockopt::get_raw(&s, sockopt::SOL_SOCKET, 9999, &mut buf) }.unwrap_err(),
        Errno::ENOPROTOOPT
    );
    assert_eq!(
        set(&s, sockopt::ERROR, None).unwrap_err(),
        Errno::ENOPROTOOPT
    );
}
