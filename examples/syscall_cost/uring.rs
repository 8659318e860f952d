//! io_uring: what one operation (a nop) costs submitted one per
//! `io_uring_enter`, 64 per enter, and with a kernel thread polling the
//! submission queue (SQPOLL), where a busy ring makes no system call.

use crate::{measure, Plan, Row};
use std::time::{Duration, Instant};
use sysgate::io_uring::{Entry, IoUring, Params};
use sysgate::Errno;

/// Entries per batch in the batched row.
const BATCH: usize = 64;

/// Reaps `n` completions (already in the ring), each a nop's 0.
fn reap(ring: &mut IoUring, n: usize) -> sysgate::Result<usize> {
    let mut got = 0;
    for cqe in ring.completions() {
        cqe.result()?;
        got += 1;
    }
    if got == n {
        Ok(got)
    } else {
        Err(Errno::EIO)
    }
}

/// Pushes `n` nops.
fn push_nops(ring: &mut IoUring, n: usize) -> sysgate::Result<()> {
    for _ in 0..n {
        ring.push(Entry::nop()).map_err(|_| Errno::EBUSY)?;
    }
    Ok(())
}

/// The three rows; why not, where io_uring cannot be set up here.
pub fn rows(plan: &Plan, failed: &mut Vec<String>) -> Vec<Row> {
    let one = Row::new(
        "uring_1",
        "io_uring nop, 1 per io_uring_enter",
        "~200-300 ns",
    );
    let batch = Row::new(
        "uring_64",
        "io_uring nop, 64 per io_uring_enter",
        "~20-50 ns",
    );
    let poll = Row::new("uring_sqpoll", "io_uring nop, SQPOLL", "0 system calls");
    let mut ring = match IoUring::new(BATCH as u32) {
        Ok(r) => r,
        Err(e) => {
            let why = format!("no io_uring here: io_uring_setup: {e}");
            return vec![
                one.cost(Err(why.clone())),
                batch.cost(Err(why.clone())),
                poll.cost(Err(why)),
            ];
        }
    };
    let mut check =
        |name: &str, r: Result<f64, String>| r.inspect_err(|e| failed.push(format!("{name}: {e}")));
    let one = one.cost(check(
        "io_uring, 1 per enter",
        measure(plan, &mut || {
            push_nops(&mut ring, 1)?;
            ring.submit_and_wait(1)?;
            reap(&mut ring, 1)
        }),
    ));
    let batch = batch.cost(check(
        "io_uring, 64 per enter",
        measure(plan, &mut || {
            push_nops(&mut ring, BATCH)?;
            ring.submit_and_wait(BATCH as u32)?;
            reap(&mut ring, BATCH)
        })
        .map(|ns| ns / BATCH as f64),
    ));
    drop(ring);
    vec![one, batch, sqpoll(plan, poll, failed)]
}

/// One nop at a time through an SQPOLL ring: publish the tail, spin until
/// the completion shows up. Counts the `io_uring_enter` calls `submit`
/// makes: only when the thread fell asleep (or completions overflowed).
fn sqpoll(plan: &Plan, row: Row, failed: &mut Vec<String>) -> Row {
    // The thread sleeps after 1 s without work: never during the loop.
    // Not pinned: on a busy machine, the scheduler finds the thread a CPU
    // better than a fixed choice does. It needs one to itself: sharing ours,
    // each completion waits for a time slice.
    let mut params = Params::sqpoll(1000);
    let mut ring = match IoUring::with_params(BATCH as u32, &mut params) {
        Ok(r) => r,
        Err(e) => return row.cost(Err(format!("no SQPOLL ring here: io_uring_setup: {e}"))),
    };
    let mut enters = 0u64;
    let mut ops = 0u64;
    let r = measure(plan, &mut || {
        push_nops(&mut ring, 1)?;
        if ring.sq_needs_wakeup() || ring.cq_overflow_pending() {
            enters += 1;
        }
        ring.submit()?;
        ops += 1;
        // Spin for the completion; yield now and then, in case the poll
        // thread waits for this CPU.
        let start = Instant::now();
        let mut spins = 0u32;
        while ring.cq_ready() == 0 {
            spins += 1;
            if spins.is_multiple_of(64) {
                sysgate::process::sched_yield();
                if start.elapsed() > Duration::from_secs(5) {
                    return Err(Errno::ETIMEDOUT);
                }
            }
            std::hint::spin_loop();
        }
        reap(&mut ring, 1)
    });
    if let Err(e) = &r {
        failed.push(format!("io_uring SQPOLL: {e}"));
    }
    row.cost(r)
        .note(format!("{enters} system calls in {ops} operations"))
}
