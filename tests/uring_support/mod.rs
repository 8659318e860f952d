//! Helpers of the io_uring tests: a ring (or a printed skip under an
//! emulator without io_uring), and one entry run to its completion.
#![allow(dead_code)]

use crate::common::{skip, under_qemu};
use sysgate::io_uring::{Cqe, Entry, IoUring, Params};
use sysgate::{BorrowedFd, Errno};

/// A ring, or `None` (with the reason printed) under an emulator without
/// io_uring. On a real kernel a failure is a test failure.
pub fn ring(test: &str, entries: u32) -> Option<IoUring> {
    ring_with(test, entries, &mut Params::default())
}

pub fn ring_with(test: &str, entries: u32, p: &mut Params) -> Option<IoUring> {
    match IoUring::with_params(entries, p) {
        Ok(r) => Some(r),
        Err(e @ Errno::ENOSYS) if under_qemu() => {
            skip(test, &format!("io_uring_setup under qemu-user: {e:?}"));
            None
        }
        Err(e) => panic!("io_uring_setup: {e:?}"),
    }
}

/// Pushes `e`, submits, waits for and returns its one completion.
pub fn run(r: &mut IoUring, e: Entry<'_>) -> Cqe {
    // SAFETY: this function does not return before the entry's completion
    // is reaped (it panics, aborting the test, only before the submit or
    // once the completion is in hand), so the borrows outlive the operation.
    unsafe { r.push_unchecked(e.user_data(0xfeed)) }.expect("push");
    r.submit_and_wait(1).expect("submit");
    let c: Vec<Cqe> = r.completions().collect();
    assert_eq!(c.len(), 1, "{c:?}");
    assert_eq!(c[0].user_data, 0xfeed);
    c[0]
}

pub fn res(c: Cqe) -> Result<u32, Errno> {
    c.result()
}

pub fn temp_file(tag: &str, data: &[u8]) -> (std::path::PathBuf, std::fs::File) {
    let p = std::env::temp_dir().join(format!("sysgate-uring-{tag}-{}", std::process::id()));
    std::fs::write(&p, data).unwrap();
    let f = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(&p)
        .unwrap();
    (p, f)
}

pub fn bfd(f: &impl std::os::fd::AsRawFd) -> BorrowedFd<'_> {
    // SAFETY: the fd is open while `f` is borrowed.
    unsafe { BorrowedFd::borrow_raw(f.as_raw_fd()) }
}
