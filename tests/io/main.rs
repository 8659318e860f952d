//! `sysgate::io` against the real kernel: every call's effect and error
//! paths, and the retry helpers under real signals and short transfers.

use std::mem::MaybeUninit;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering::SeqCst};
use std::sync::{Arc, Once};
use std::time::{Duration, Instant};
use sysgate::fd::{AsFd, BorrowedFd, OwnedFd};
use sysgate::fs::{memfd_create, MemfdFlags, OFlags};
use sysgate::io::{self, *};
use sysgate::Errno;

#[path = "../common/mod.rs"]
mod common;
use common::{bad_buf, closed_fd, skip, under_qemu};

fn memfd() -> OwnedFd {
    memfd_create("sysgate-io-test", MemfdFlags::empty()).unwrap()
}

mod calls;
mod retry;
