//! `sysgate::fs` against the real kernel.
// Field types differ per architecture and C library: the casts compare values.
#![allow(clippy::unnecessary_cast)]

use std::ffi::CString;
use std::os::unix::ffi::OsStrExt;
use std::path::{Path, PathBuf};
use sysgate::fd::{AsFd, OwnedFd};
use sysgate::fs::*;
use sysgate::io::{self, FdFlags};
use sysgate::path::PATH_MAX;
use sysgate::seccomp::{self, Action, Filter, FilterFlags, NoNewPrivs, Rule, SockFilter};
use sysgate::time::Timespec;
use sysgate::Errno;

#[path = "../common/mod.rs"]
mod common;
use common::{bad_buf, closed_fd, skip, temp_dir, under_qemu};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn dir_fd(p: &Path) -> OwnedFd {
    openat(CWD, s(p), OFlags::DIRECTORY | OFlags::RDONLY, Mode::empty()).unwrap()
}

fn create(dir: &OwnedFd, name: &str, data: &[u8]) -> OwnedFd {
    let f = openat(
        dir,
        name,
        OFlags::CREAT | OFlags::RDWR | OFlags::EXCL,
        Mode::from_octal(0o600),
    )
    .unwrap();
    io::write_all(&f, data).unwrap();
    f
}

mod meta;
mod paths;
