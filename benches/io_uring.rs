//! io_uring: sysgate's ring beside the `io-uring` crate (tokio-rs), in one
//! process, candidates interleaved trial after trial; the median ns per
//! operation, and sysgate's ratio to the peer.
//!
//! - nops at batch 1, 8, 64, 256: push the batch, one submit-and-wait,
//!   reap the batch;
//! - nops at batch 64 on an SQPOLL ring: push, submit (no system call while
//!   the kernel thread is awake), then either spin on the CQ until all are
//!   reaped (no system call at all), or sleep in `io_uring_enter` until they
//!   are;
//! - 4 KiB reads of a cached file at batch 64, beside a loop of plain
//!   `pread` calls (the honest baseline: io_uring is not free).
//!
//! `cargo bench --bench io_uring [-- NAME]` (only the operations whose
//! name contains NAME; set `SYSGATE_BENCH_QUICK=1` for a short run). Under an emulator without io_uring it prints why and exits.

// The io-uring crate ships no bindings for i386.
#[cfg(target_arch = "x86")]
fn main() {
    println!("SKIP io_uring bench: the io-uring crate has no i386 bindings");
}

#[cfg(not(target_arch = "x86"))]
fn main() {
    bench::main()
}

#[cfg(not(target_arch = "x86"))]
mod bench {
    use std::hint::black_box;
    use std::os::fd::AsRawFd;
    use std::time::{Duration, Instant};
    use sysgate::io_uring::{Entry, IoUring, Params, SetupFlags};
    use sysgate::BorrowedFd;

    /// One way to do a batch: a name, and a call that does it and returns the
    /// number of operations done (or what went wrong).
    type Candidate<'a> = (&'static str, &'a mut dyn FnMut() -> Result<u64, String>);

    struct Bench {
        filter: Option<String>,
        trials: usize,
        sample: Duration,
        failed: bool,
    }

    impl Bench {
        /// Times every candidate; prints median ns per operation, and for the
        /// first (sysgate) its ratio to each other candidate.
        fn compare(&mut self, op: &str, cands: &mut [Candidate<'_>]) {
            if self.filter.as_deref().is_some_and(|f| !op.contains(f)) {
                return;
            }
            // Warm up and calibrate: batches per sample so a sample lasts `self.sample`.
            let mut iters = Vec::new();
            for (name, f) in cands.iter_mut() {
                let mut n = 1u64;
                loop {
                    let t = Instant::now();
                    for _ in 0..n {
                        if let Err(e) = f() {
                            println!("{op:<26} {name:<12} FAILED: {e}");
                            self.failed = true;
                            return;
                        }
                    }
                    if t.elapsed() >= self.sample / 4 || n >= 1 << 24 {
                        iters.push(n * 4);
                        break;
                    }
                    n *= 2;
                }
            }
            let mut samples = vec![Vec::new(); cands.len()];
            for trial in 0..self.trials {
                for k in 0..cands.len() {
                    let i = (trial + k) % cands.len();
                    let (name, f) = &mut cands[i];
                    let mut ops = 0;
                    let t = Instant::now();
                    for _ in 0..iters[i] {
                        match black_box(f()) {
                            Ok(n) => ops += n,
                            Err(e) => {
                                println!("{op:<26} {name:<12} FAILED: {e}");
                                self.failed = true;
                                return;
                            }
                        }
                    }
                    samples[i].push(t.elapsed().as_nanos() as f64 / ops as f64);
                }
            }
            let med: Vec<f64> = samples
                .iter_mut()
                .map(|s| {
                    s.sort_by(f64::total_cmp);
                    s[s.len() / 2]
                })
                .collect();
            for (i, (name, _)) in cands.iter().enumerate() {
                let ratio = if i == 0 {
                    cands[1..]
                        .iter()
                        .zip(&med[1..])
                        .map(|((n, _), m)| format!("{:.2}x {n}", med[0] / m))
                        .collect::<Vec<_>>()
                        .join(", ")
                } else {
                    String::new()
                };
                println!("{op:<26} {name:<12} {:>9.1} ns/op  {ratio}", med[i]);
            }
            println!();
        }
    }

    fn e<E: std::fmt::Debug>(x: E) -> String {
        format!("{x:?}")
    }

    /// sysgate: push `n` nops, submit and wait for them, reap them.
    fn sg_nops(r: &mut IoUring, n: u64) -> Result<u64, String> {
        for i in 0..n {
            r.push(Entry::nop().user_data(i)).map_err(e)?;
        }
        r.submit_and_wait(n as u32).map_err(e)?;
        reap_sg(r, n)
    }

    /// Reaps `n` completions from a sysgate ring (spinning: used after a wait,
    /// or on an SQPOLL ring where the kernel thread posts them).
    fn reap_sg(r: &mut IoUring, n: u64) -> Result<u64, String> {
        let mut got = 0;
        while got < n {
            let before = got;
            for c in r.completions() {
                if c.res < 0 {
                    return Err(format!("res {}", c.res));
                }
                got += 1;
            }
            if got == before {
                // Let the SQ thread run on a machine with few CPUs.
                std::thread::yield_now();
            }
        }
        Ok(n)
    }

    fn peer_nops(r: &mut io_uring::IoUring, n: u64) -> Result<u64, String> {
        {
            let mut sq = r.submission();
            for i in 0..n {
                let nop = io_uring::opcode::Nop::new().build().user_data(i);
                // SAFETY: a nop points to nothing.
                unsafe { sq.push(&nop) }.map_err(e)?;
            }
        }
        r.submit_and_wait(n as usize).map_err(e)?;
        reap_peer(r, n)
    }

    fn reap_peer(r: &mut io_uring::IoUring, n: u64) -> Result<u64, String> {
        let mut got = 0;
        while got < n {
            let before = got;
            for c in r.completion() {
                if c.result() < 0 {
                    return Err(format!("res {}", c.result()));
                }
                got += 1;
            }
            if got == before {
                std::thread::yield_now();
            }
        }
        Ok(n)
    }

    /// Pins this thread to `cpu`, or lets it run anywhere again; whether it worked.
    fn pin_to_cpu(cpu: Option<usize>) -> bool {
        // SAFETY: a zeroed cpu_set_t is an empty set; the calls read it.
        unsafe {
            let mut set: libc::cpu_set_t = std::mem::zeroed();
            match cpu {
                Some(c) => libc::CPU_SET(c, &mut set),
                None => (0..libc::CPU_SETSIZE as usize).for_each(|c| libc::CPU_SET(c, &mut set)),
            }
            libc::sched_setaffinity(0, std::mem::size_of_val(&set), &set) == 0
        }
    }

    pub fn main() {
        let quick = std::env::var_os("SYSGATE_BENCH_QUICK").is_some();
        let mut b = Bench {
            filter: std::env::args().skip(1).find(|a| !a.starts_with('-')),
            trials: if quick { 3 } else { 11 },
            sample: Duration::from_millis(if quick { 5 } else { 30 }),
            failed: false,
        };
        let mut sg = match IoUring::new(256) {
            Ok(r) => r,
            Err(err) => {
                println!("SKIP io_uring bench: io_uring_setup: {err:?}");
                return;
            }
        };
        let mut peer = io_uring::IoUring::new(256).expect("io-uring crate setup");

        for batch in [1u64, 8, 64, 256] {
            b.compare(
                &format!("nop, batch {batch}"),
                &mut [
                    ("sysgate", &mut || sg_nops(&mut sg, batch)),
                    ("io-uring", &mut || peer_nops(&mut peer, batch)),
                ],
            );
        }

        // SQPOLL: the kernel thread picks entries up; submit makes no system
        // call while it is awake. Each ring has its own thread, which spins
        // for its idle time after its last work: 10 ms, so that the thread of
        // the candidate not being timed sleeps rather than takes a CPU (the
        // first batch of a sample may need a wakeup call). The SQ threads run
        // on the last CPU, this thread on the first: where they share a CPU
        // the timing measures the scheduler.
        let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
        let pinned = cpus >= 2 && pin_to_cpu(Some(0));
        let mut p = Params::sqpoll(10);
        let mut peer_builder = io_uring::IoUring::builder();
        peer_builder.setup_sqpoll(10);
        if pinned {
            p.flags |= SetupFlags::SQ_AFF;
            p.sq_thread_cpu = (cpus - 1) as u32;
            peer_builder.setup_sqpoll_cpu((cpus - 1) as u32);
        }
        let mut sg_sq = IoUring::with_params(256, &mut p).expect("SQPOLL");
        let mut peer_sq = peer_builder.build(256).expect("io-uring crate SQPOLL");
        // Reaping by spinning (no system call at all) or by sleeping in
        // io_uring_enter(GETEVENTS) until the batch is done.
        for (name, want) in [("spin", 0), ("wait", 64)] {
            b.compare(
                &format!("nop, batch 64, SQPOLL {name}"),
                &mut [
                    ("sysgate", &mut || {
                        for i in 0..64 {
                            sg_sq.push(Entry::nop().user_data(i)).map_err(e)?;
                        }
                        sg_sq.submit_and_wait(want).map_err(e)?;
                        reap_sg(&mut sg_sq, 64)
                    }),
                    ("io-uring", &mut || {
                        {
                            let mut sq = peer_sq.submission();
                            for i in 0..64 {
                                let nop = io_uring::opcode::Nop::new().build().user_data(i);
                                // SAFETY: a nop points to nothing.
                                unsafe { sq.push(&nop) }.map_err(e)?;
                            }
                        }
                        peer_sq.submit_and_wait(want as usize).map_err(e)?;
                        reap_peer(&mut peer_sq, 64)
                    }),
                ],
            );
        }

        if pinned {
            pin_to_cpu(None);
        }

        // 4 KiB reads of a cached 256 KiB file, 64 per batch.
        const BATCH: usize = 64;
        const BLOCK: usize = 4096;
        let path = std::env::temp_dir().join(format!("sysgate-uring-bench-{}", std::process::id()));
        std::fs::write(&path, vec![0x5a; BATCH * BLOCK]).unwrap();
        let file = std::fs::File::open(&path).unwrap();
        std::fs::remove_file(&path).unwrap();
        // SAFETY: `file` stays open for the rest of main.
        let fd = unsafe { BorrowedFd::borrow_raw(file.as_raw_fd()) };
        let mut bufs = vec![[0u8; BLOCK]; BATCH];
        let check = |n: i64| {
            if n == BLOCK as i64 {
                Ok(())
            } else {
                Err(format!("short read: {n}"))
            }
        };
        let rawfd = file.as_raw_fd();
        let bufs_ptr = bufs.as_mut_ptr();
        b.compare(
            "4 KiB cached read, batch 64",
            &mut [
                ("sysgate", &mut || {
                    // SAFETY: the batch's completions are all reaped before this
                    // closure returns, while `bufs` and `file` live.
                    let bufs = unsafe { std::slice::from_raw_parts_mut(bufs_ptr, BATCH) };
                    for (i, buf) in bufs.iter_mut().enumerate() {
                        let entry = Entry::read(fd, buf, (i * BLOCK) as u64);
                        // SAFETY: as above.
                        unsafe { sg.push_unchecked(entry) }.map_err(e)?;
                    }
                    sg.submit_and_wait(BATCH as u32).map_err(e)?;
                    let mut got = 0;
                    while got < BATCH {
                        for c in sg.completions() {
                            check(c.res.into())?;
                            got += 1;
                        }
                    }
                    Ok(BATCH as u64)
                }),
                ("io-uring", &mut || {
                    {
                        let mut sq = peer.submission();
                        for i in 0..BATCH {
                            // SAFETY: `bufs_ptr` points to BATCH blocks that live
                            // through the batch, reaped before returning.
                            let p = unsafe { bufs_ptr.add(i) }.cast::<u8>();
                            let read = io_uring::opcode::Read::new(
                                io_uring::types::Fd(rawfd),
                                p,
                                BLOCK as u32,
                            )
                            .offset((i * BLOCK) as u64)
                            .build();
                            // SAFETY: as above.
                            unsafe { sq.push(&read) }.map_err(e)?;
                        }
                    }
                    peer.submit_and_wait(BATCH).map_err(e)?;
                    let mut got = 0;
                    while got < BATCH {
                        for c in peer.completion() {
                            check(c.result().into())?;
                            got += 1;
                        }
                    }
                    Ok(BATCH as u64)
                }),
                ("pread", &mut || {
                    // SAFETY: as above; no completion outlives the closure.
                    let bufs = unsafe { std::slice::from_raw_parts_mut(bufs_ptr, BATCH) };
                    for (i, buf) in bufs.iter_mut().enumerate() {
                        let n = sysgate::io::pread(fd, buf, (i * BLOCK) as u64).map_err(e)?;
                        check(n as i64)?;
                    }
                    Ok(BATCH as u64)
                }),
            ],
        );
        drop(bufs);
        if b.failed {
            std::process::exit(1);
        }
    }
}
