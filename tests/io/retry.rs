use super::*;

static SIGNALS: AtomicUsize = AtomicUsize::new(0);

extern "C" fn on_usr1(_: libc::c_int) {
    SIGNALS.fetch_add(1, SeqCst);
}

/// Installs a SIGUSR1 handler WITHOUT SA_RESTART: blocked calls return
/// EINTR (or a short count) when it runs.
fn install_handler() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        // SAFETY: a plain handler that only touches an atomic.
        unsafe {
            let mut sa: libc::sigaction = std::mem::zeroed();
            sa.sa_sigaction = on_usr1 as extern "C" fn(libc::c_int) as usize;
            sa.sa_flags = 0;
            libc::sigemptyset(&mut sa.sa_mask);
            assert_eq!(libc::sigaction(libc::SIGUSR1, &sa, std::ptr::null_mut()), 0);
        }
    });
}

/// Sends SIGUSR1 to `thread` every `every` until `stop`.
fn pester(
    thread: libc::pthread_t,
    stop: Arc<AtomicBool>,
    every: Duration,
) -> std::thread::JoinHandle<()> {
    let thread = thread as usize;
    std::thread::spawn(move || {
        while !stop.load(SeqCst) {
            // SAFETY: the target thread is joined only after `stop`.
            unsafe { libc::pthread_kill(thread as libc::pthread_t, libc::SIGUSR1) };
            std::thread::sleep(every);
        }
    })
}

fn pattern(len: usize, seed: u32) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            x as u8
        })
        .collect()
}

#[test]
fn blocked_read_interrupted_by_real_signal_then_completed() {
    install_handler();
    let (r, w) = pipe2(PipeFlags::empty()).unwrap();
    let attempts = Arc::new(AtomicUsize::new(0));
    let (tx, rx) = std::sync::mpsc::channel();
    let reader = {
        let attempts = attempts.clone();
        std::thread::spawn(move || {
            // SAFETY: pthread_self has no preconditions.
            tx.send(unsafe { libc::pthread_self() } as usize).unwrap();
            let mut buf = [0u8; 5];
            let n = retry_on_intr(|| {
                attempts.fetch_add(1, SeqCst);
                read(&r, &mut buf)
            })
            .unwrap();
            assert_eq!(&buf[..n], b"early");
            // Now read_exact across more interruptions.
            let mut rest = [0u8; 10];
            read_exact(&r, &mut rest).unwrap();
            assert_eq!(&rest, b"0123456789");
            r
        })
    };
    let tid = rx.recv().unwrap() as libc::pthread_t;
    // Signal until the blocked read has returned EINTR and been retried.
    let deadline = Instant::now() + Duration::from_secs(30);
    while attempts.load(SeqCst) < 2 {
        assert!(
            Instant::now() < deadline,
            "the signal never interrupted the read"
        );
        // SAFETY: the reader thread is alive until joined below.
        unsafe { libc::pthread_kill(tid, libc::SIGUSR1) };
        std::thread::sleep(Duration::from_millis(20));
    }
    write(&w, b"early").unwrap();
    // read_exact: half the data, signals while it waits, the rest.
    std::thread::sleep(Duration::from_millis(50));
    write(&w, b"01234").unwrap();
    let before = SIGNALS.load(SeqCst);
    for _ in 0..5 {
        std::thread::sleep(Duration::from_millis(20));
        // SAFETY: as above.
        unsafe { libc::pthread_kill(tid, libc::SIGUSR1) };
    }
    write(&w, b"56789").unwrap();
    let _r = reader.join().unwrap();
    assert!(
        SIGNALS.load(SeqCst) > before,
        "signals landed during read_exact"
    );
}

/// `write_all` of `data` into `w` from a thread pestered with signals (each
/// one landing mid-write forces a short write) while a slow reader drains
/// `r`; returns what the reader got.
fn pump(w: OwnedFd, r: OwnedFd, data: Arc<Vec<u8>>, chunk: usize) -> Vec<u8> {
    install_handler();
    let (tx, rx) = std::sync::mpsc::channel();
    let writer = {
        let data = data.clone();
        std::thread::spawn(move || {
            // SAFETY: pthread_self has no preconditions.
            tx.send(unsafe { libc::pthread_self() } as usize).unwrap();
            write_all(&w, &data).unwrap();
        })
    };
    let stop = Arc::new(AtomicBool::new(false));
    let tid = rx.recv().unwrap() as libc::pthread_t;
    let pest = pester(tid, stop.clone(), Duration::from_micros(300));
    let mut got = Vec::with_capacity(data.len());
    let mut buf = vec![0u8; chunk];
    let mut reads = 0;
    loop {
        let n = retry_on_intr(|| read(&r, &mut buf)).unwrap();
        if n == 0 {
            break;
        }
        got.extend_from_slice(&buf[..n]);
        reads += 1;
        if reads % 64 == 0 {
            std::thread::sleep(Duration::from_micros(200));
        }
    }
    // Stop signalling before joining the writer: once joined, its
    // pthread_t is freed (musl unmaps the thread's memory), and a signal
    // sent to it then is a use-after-free in pthread_kill.
    stop.store(true, SeqCst);
    pest.join().unwrap();
    writer.join().unwrap();
    got
}

#[test]
fn short_write_happens_when_a_signal_lands_mid_write() {
    // The phenomenon write_all exists for: a blocking write to a full pipe,
    // interrupted after some progress, returns a short count, no error.
    install_handler();
    let (r, w) = pipe2(PipeFlags::empty()).unwrap();
    let page = fcntl_set_pipe_size(&w, 1).unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let writer = std::thread::spawn(move || {
        // SAFETY: pthread_self has no preconditions.
        tx.send(unsafe { libc::pthread_self() } as usize).unwrap();
        let data = vec![7u8; page * 16];
        let n = write(&w, &data);
        (n, page * 16)
    });
    let tid = rx.recv().unwrap() as libc::pthread_t;
    std::thread::sleep(Duration::from_millis(100));
    // The pipe is full with `page` bytes and the writer blocked: signal it.
    let deadline = Instant::now() + Duration::from_secs(30);
    while !writer.is_finished() {
        assert!(Instant::now() < deadline);
        // SAFETY: the writer is alive until joined.
        unsafe { libc::pthread_kill(tid, libc::SIGUSR1) };
        std::thread::sleep(Duration::from_millis(20));
    }
    let (n, asked) = writer.join().unwrap();
    let n = n.unwrap();
    assert!(n > 0 && n < asked, "short write: {n} of {asked}");
    drop(r);
}

#[test]
fn write_all_many_mib_through_one_page_pipe() {
    let (r, w) = pipe2(PipeFlags::empty()).unwrap();
    let page = fcntl_set_pipe_size(&w, 1).unwrap();
    assert_eq!(page, sysgate::mm::page_size());
    let data = Arc::new(pattern(6 << 20, 1));
    let got = pump(w, r, data.clone(), 1000);
    assert_eq!(got.len(), data.len());
    assert!(got == *data, "byte-for-byte equal");
}

#[test]
fn write_all_through_socketpair_with_tiny_send_buffer() {
    let mut sv = [0; 2];
    // SAFETY: socketpair writes two fds.
    assert_eq!(
        unsafe {
            libc::socketpair(
                libc::AF_UNIX,
                libc::SOCK_STREAM | libc::SOCK_CLOEXEC,
                0,
                sv.as_mut_ptr(),
            )
        },
        0
    );
    // SAFETY: the fds are fresh and ours.
    let (a, b) = unsafe { (OwnedFd::from_raw_fd(sv[0]), OwnedFd::from_raw_fd(sv[1])) };
    let tiny: libc::c_int = 1;
    for fd in [&a, &b] {
        // SAFETY: setsockopt reads one int.
        let rc = unsafe {
            libc::setsockopt(
                fd.as_raw_fd(),
                libc::SOL_SOCKET,
                libc::SO_SNDBUF,
                (&tiny as *const libc::c_int).cast(),
                4,
            )
        };
        assert_eq!(rc, 0);
    }
    let data = Arc::new(pattern(2 << 20, 2));
    let got = pump(a, b, data.clone(), 777);
    assert!(got == *data);
}

#[test]
fn nonblocking_pipe_fills_and_error_reports_exact_count() {
    let (r, w) = pipe2(PipeFlags::NONBLOCK).unwrap();
    let cap = fcntl_get_pipe_size(&w).unwrap();
    let data = pattern(cap * 4 + 123, 3);
    let err = write_all(&w, &data).unwrap_err();
    assert_eq!(err.cause, Cause::Errno(Errno::EAGAIN));
    assert_eq!(err.errno(), Some(Errno::EAGAIN));
    assert_eq!(err.done, cap, "the pipe took exactly its capacity");
    assert_eq!(ioctl_fionread(&r).unwrap(), err.done);
    // Drain and compare, then resume from `done`.
    let mut got = vec![0u8; err.done];
    read_exact(&r, &mut got).unwrap();
    assert_eq!(&got[..], &data[..err.done]);
    let err2 = write_all(&w, &data[err.done..]).unwrap_err();
    assert_eq!(err2.done, cap);
    // read_exact on the non-blocking read end: stops with EAGAIN, count exact.
    let mut more = vec![0u8; cap + 10];
    let e = read_exact(&r, &mut more).unwrap_err();
    assert_eq!((e.done, e.cause), (cap, Cause::Errno(Errno::EAGAIN)));
    assert_eq!(&more[..cap], &data[cap..2 * cap]);
    assert!(format!("{e}").contains("EAGAIN"));
}

#[test]
fn read_exact_eof_reports_count() {
    let (r, w) = pipe2(PipeFlags::empty()).unwrap();
    write(&w, b"0123456789").unwrap();
    drop(w);
    let mut buf = [0u8; 20];
    let e = read_exact(&r, &mut buf).unwrap_err();
    assert_eq!(
        e,
        PartialError {
            done: 10,
            cause: Cause::Eof
        }
    );
    assert_eq!(e.errno(), None);
    assert_eq!(&buf[..10], b"0123456789");
    let e = read_exact(closed_fd(), &mut buf).unwrap_err();
    assert_eq!(
        e,
        PartialError {
            done: 0,
            cause: Cause::Errno(Errno::EBADF)
        }
    );
    read_exact(&r, &mut []).unwrap();
    write_all(closed_fd(), &[]).unwrap();
}

#[test]
fn pread_exact_pwrite_all_advance_offset() {
    let f = memfd();
    let data = pattern(100_000, 4);
    let off = (4u64 << 30) - 50_000; // straddles 4 GiB
    pwrite_all(&f, &data, off).unwrap();
    assert_eq!(lseek(&f, SeekFrom::Current(0)).unwrap(), 0);
    let mut back = vec![0u8; 100_000];
    pread_exact(&f, &mut back, off).unwrap();
    assert!(back == data);
    let e = pread_exact(&f, &mut back, off + 99_000).unwrap_err();
    assert_eq!((e.done, e.cause), (1000, Cause::Eof));
    let (r, _w) = pipe2(PipeFlags::empty()).unwrap();
    let e = pwrite_all(&r, b"x", 0).unwrap_err();
    assert_eq!(e.cause, Cause::Errno(Errno::ESPIPE));
}

#[test]
fn writev_all_across_slice_boundaries() {
    let (r, w) = pipe2(PipeFlags::empty()).unwrap();
    fcntl_set_pipe_size(&w, 1).unwrap();
    let sizes = [1usize, 0, 4095, 10_000, 3, 70_000, 0, 65_536, 1, 200_000];
    let parts: Vec<Vec<u8>> = sizes
        .iter()
        .enumerate()
        .map(|(i, &n)| pattern(n, i as u32 + 10))
        .collect();
    let all: Vec<u8> = parts.concat();
    let reader = std::thread::spawn(move || {
        let mut got = Vec::new();
        let mut buf = [0u8; 3000];
        loop {
            let n = read(&r, &mut buf).unwrap();
            if n == 0 {
                break got;
            }
            got.extend_from_slice(&buf[..n]);
        }
    });
    let mut slices: Vec<IoSlice> = parts.iter().map(|p| IoSlice::new(p)).collect();
    let mut s = &mut slices[..];
    writev_all(&w, &mut s).unwrap();
    assert!(s.is_empty());
    drop(w);
    assert!(reader.join().unwrap() == all);

    // Partial: a non-blocking pipe stops mid-slice; `*bufs` is exactly the rest.
    let (r, w) = pipe2(PipeFlags::NONBLOCK).unwrap();
    let cap = fcntl_get_pipe_size(&w).unwrap();
    let mut slices: Vec<IoSlice> = parts.iter().map(|p| IoSlice::new(p)).collect();
    let mut s = &mut slices[..];
    let e = writev_all(&w, &mut s).unwrap_err();
    assert_eq!((e.done, e.cause), (cap, Cause::Errno(Errno::EAGAIN)));
    let rest: Vec<u8> = s.iter().flat_map(|x| x.iter().copied()).collect();
    assert_eq!(
        &rest[..],
        &all[cap..],
        "the remainder starts at byte `done`"
    );
    let mut got = vec![0u8; cap];
    read_exact(&r, &mut got).unwrap();
    assert_eq!(&got[..], &all[..cap]);
    // Resume with the same list.
    let e2 = writev_all(&w, &mut s).unwrap_err();
    assert_eq!(e2.done, cap);
    // More than IOV_MAX slices are written in several calls.
    let (r, w) = pipe2(PipeFlags::empty()).unwrap();
    let byte = [9u8];
    let mut many = vec![IoSlice::new(&byte); IOV_MAX * 2 + 5];
    let mut s = &mut many[..];
    writev_all(&w, &mut s).unwrap();
    assert_eq!(ioctl_fionread(&r).unwrap(), IOV_MAX * 2 + 5);
}

#[test]
fn readv_exact_across_slices_and_eof() {
    let (r, w) = pipe2(PipeFlags::empty()).unwrap();
    let data = pattern(50_000, 5);
    let writer = {
        let data = data.clone();
        std::thread::spawn(move || {
            for c in data.chunks(999) {
                write_all(&w, c).unwrap();
            }
        })
    };
    let (mut a, mut b, mut c) = (vec![0u8; 7], vec![0u8; 30_000], vec![0u8; 19_993]);
    let mut v = [
        IoSliceMut::new(&mut a),
        IoSliceMut::new(&mut []),
        IoSliceMut::new(&mut b),
        IoSliceMut::new(&mut c),
    ];
    let mut s = &mut v[..];
    readv_exact(&r, &mut s).unwrap();
    assert!(s.is_empty());
    writer.join().unwrap();
    assert_eq!([a, b, c].concat(), data);
    // EOF part-way: `done` and the remaining list agree.
    let (r, w) = pipe2(PipeFlags::empty()).unwrap();
    write(&w, b"abcde").unwrap();
    drop(w);
    let (mut x, mut y) = ([0u8; 3], [0u8; 4]);
    let mut v = [IoSliceMut::new(&mut x), IoSliceMut::new(&mut y)];
    let mut s = &mut v[..];
    let e = readv_exact(&r, &mut s).unwrap_err();
    assert_eq!((e.done, e.cause), (5, Cause::Eof));
    assert_eq!(s.len(), 1);
    assert_eq!(s[0].len(), 2);
    assert_eq!((&x, &y[..2]), (b"abc", &b"de"[..]));
}

#[cfg(feature = "std")]
#[test]
fn partial_error_into_std() {
    let e: std::io::Error = PartialError {
        done: 1,
        cause: Cause::Eof,
    }
    .into();
    assert_eq!(e.kind(), std::io::ErrorKind::UnexpectedEof);
    let e: std::io::Error = PartialError {
        done: 1,
        cause: Cause::Errno(Errno::EAGAIN),
    }
    .into();
    assert_eq!(e.raw_os_error(), Some(libc::EAGAIN));
}
