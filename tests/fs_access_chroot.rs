//! `faccessat`/`access` and `chroot` against the real kernel.

use sysgate::fs::*;
use sysgate::process::WaitStatus;
use sysgate::Errno;

mod common;
use common::{closed_fd, in_child, skip, temp_dir};

#[test]
fn faccessat_and_access() {
    let dir = temp_dir("faccessat");
    std::fs::write(dir.join("f"), b"x").unwrap();
    let d = openat(CWD, dir.to_str().unwrap(), OFlags::DIRECTORY, Mode::empty()).unwrap();
    faccessat(&d, "f", Access::empty()).unwrap();
    faccessat(&d, "f", Access::READ | Access::WRITE).unwrap();
    // No execute bit anywhere: refused even to root.
    assert_eq!(faccessat(&d, "f", Access::EXEC), Err(Errno::EACCES));
    assert_eq!(faccessat(&d, "nope", Access::READ), Err(Errno::ENOENT));
    assert_eq!(faccessat(closed_fd(), "f", Access::READ), Err(Errno::EBADF));
    assert_eq!(
        faccessat(&d, "f", Access::from_bits_retain(8)),
        Err(Errno::EINVAL)
    );
    access("/", Access::READ | Access::EXEC).unwrap();
    access(dir.join("f").to_str().unwrap(), Access::READ).unwrap();
    assert_eq!(
        access("/definitely/not/here", Access::empty()),
        Err(Errno::ENOENT)
    );
    assert_eq!(access("/dev/null/x", Access::empty()), Err(Errno::ENOTDIR));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn chroot_confines_lookups() {
    assert_eq!(chroot("/definitely/not/here"), Err(Errno::ENOENT));
    assert_eq!(chroot("/dev/null"), Err(Errno::ENOTDIR));
    let dir = temp_dir("chroot");
    std::fs::write(dir.join("marker"), b"x").unwrap();
    let path = std::ffi::CString::new(dir.to_str().unwrap()).unwrap();
    let status = in_child(|| {
        match chroot(path.as_c_str()) {
            Ok(()) => {}
            Err(Errno::EPERM) => return 2,
            Err(_) => return 10,
        }
        if chdir("/").is_err() {
            return 11;
        }
        match (
            access("/marker", Access::READ),
            access("/etc", Access::empty()),
        ) {
            (Ok(()), Err(Errno::ENOENT)) => 0,
            _ => 12,
        }
    });
    if status == WaitStatus::Exited(2) {
        skip("chroot", "EPERM (no CAP_SYS_CHROOT)");
    } else {
        assert_eq!(status, WaitStatus::Exited(0));
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
