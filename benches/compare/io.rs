//! I/O, files and metadata: sysgate's typed wrappers against libc and rustix.

use crate::harness::{ok, Bench};
use std::ffi::CString;
use std::os::fd::AsRawFd;
use sysgate::fs::{self, AtFlags, Mode, OFlags, StatxFlags, CWD};
use sysgate::io;

fn libc_ok(r: isize) -> Result<(), String> {
    if r < 0 {
        Err(std::io::Error::last_os_error().to_string())
    } else {
        Ok(())
    }
}

pub fn run(b: &mut Bench) {
    let zero = std::fs::File::open("/dev/zero").unwrap();
    let null = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/null")
        .unwrap();
    // SAFETY: the files outlive every use below.
    let (zfd, nfd) = unsafe {
        (
            sysgate::BorrowedFd::borrow_raw(zero.as_raw_fd()),
            sysgate::BorrowedFd::borrow_raw(null.as_raw_fd()),
        )
    };
    let (rz, rn) = (
        rustix::fd::AsFd::as_fd(&zero),
        rustix::fd::AsFd::as_fd(&null),
    );

    let mut one = [0u8; 1];
    let mut one_l = [0u8; 1];
    let mut one_r = [0u8; 1];
    b.compare(
        "read 1 B /dev/zero",
        &mut [
            ("sysgate", &mut || ok(io::read(zfd, &mut one))),
            ("libc", &mut || {
                // SAFETY: reads into a live buffer.
                libc_ok(unsafe { libc::read(zfd.as_raw_fd(), one_l.as_mut_ptr().cast(), 1) })
            }),
            ("rustix", &mut || ok(rustix::io::read(rz, &mut one_r))),
        ],
    );

    let mut big = vec![0u8; 64 << 10];
    let mut big_l = vec![0u8; 64 << 10];
    let mut big_r = vec![0u8; 64 << 10];
    b.compare(
        "read 64 KiB /dev/zero",
        &mut [
            ("sysgate", &mut || ok(io::read(zfd, &mut big))),
            ("libc", &mut || {
                // SAFETY: reads into a live buffer.
                libc_ok(unsafe {
                    libc::read(zfd.as_raw_fd(), big_l.as_mut_ptr().cast(), big_l.len())
                })
            }),
            ("rustix", &mut || ok(rustix::io::read(rz, &mut big_r))),
        ],
    );

    let data = vec![0x5au8; 16 << 20];
    b.compare(
        "write_all 16 MiB /dev/null",
        &mut [
            ("sysgate", &mut || ok(io::write_all(nfd, &data))),
            ("libc", &mut || {
                let mut done = 0;
                while done < data.len() {
                    // SAFETY: writes from a live buffer.
                    let n = unsafe {
                        libc::write(
                            nfd.as_raw_fd(),
                            data[done..].as_ptr().cast(),
                            data.len() - done,
                        )
                    };
                    if n < 0 {
                        if std::io::Error::last_os_error().raw_os_error() == Some(libc::EINTR) {
                            continue;
                        }
                        return libc_ok(n);
                    }
                    done += n as usize;
                }
                Ok(())
            }),
            ("rustix", &mut || {
                let mut done = 0;
                while done < data.len() {
                    match rustix::io::write(rn, &data[done..]) {
                        Ok(n) => done += n,
                        Err(rustix::io::Errno::INTR) => {}
                        Err(e) => return Err(e.to_string()),
                    }
                }
                Ok(())
            }),
        ],
    );

    let path = std::env::temp_dir().join(format!("sysgate-bench-{}", std::process::id()));
    std::fs::write(&path, b"benchmark file").unwrap();
    let cpath = CString::new(path.to_str().unwrap()).unwrap();
    let cpath = cpath.as_c_str();
    b.compare(
        "open+close file",
        &mut [
            ("sysgate", &mut || {
                ok(fs::openat(CWD, cpath, OFlags::RDONLY, Mode::empty()))
            }),
            ("libc", &mut || {
                // SAFETY: a NUL-terminated path; the fd is closed right away.
                let fd = unsafe { libc::open(cpath.as_ptr(), libc::O_RDONLY | libc::O_CLOEXEC) };
                libc_ok(fd as isize)?;
                // SAFETY: we own `fd`.
                libc_ok(unsafe { libc::close(fd) } as isize)
            }),
            ("rustix", &mut || {
                ok(rustix::fs::open(
                    cpath,
                    rustix::fs::OFlags::RDONLY | rustix::fs::OFlags::CLOEXEC,
                    rustix::fs::Mode::empty(),
                ))
            }),
        ],
    );

    b.compare(
        "statx file",
        &mut [
            ("sysgate", &mut || {
                ok(fs::statx(
                    CWD,
                    cpath,
                    AtFlags::empty(),
                    StatxFlags::BASIC_STATS,
                ))
            }),
            ("libc", &mut || {
                let mut stx = std::mem::MaybeUninit::<libc::statx>::uninit();
                // SAFETY: statx fills the struct.
                let r = unsafe {
                    libc::statx(
                        libc::AT_FDCWD,
                        cpath.as_ptr(),
                        0,
                        libc::STATX_BASIC_STATS,
                        stx.as_mut_ptr(),
                    )
                };
                libc_ok(r as isize)
            }),
            ("rustix", &mut || {
                ok(rustix::fs::statx(
                    rustix::fs::CWD,
                    cpath,
                    rustix::fs::AtFlags::empty(),
                    rustix::fs::StatxFlags::BASIC_STATS,
                ))
            }),
        ],
    );
    let _ = std::fs::remove_file(&path);
}
