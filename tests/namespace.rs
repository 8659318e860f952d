//! `unshare` and `setns` against the real kernel (as root; a skip is
//! printed where the kernel says EPERM).

use sysgate::fs::{openat, Mode, OFlags, CWD};
use sysgate::io::{pipe2, PipeFlags};
use sysgate::process::*;
use sysgate::{syscall_readonly, Errno, Sysno};

mod common;
use common::{closed_fd, in_child, skip};

#[test]
fn bad_arguments_are_einval() {
    assert_eq!(
        unshare(UnshareFlags::from_bits_retain(1)),
        Err(Errno::EINVAL),
        "an exit-signal bit is no unshare flag"
    );
    let (r, _w) = pipe2(PipeFlags::empty()).unwrap();
    assert_eq!(setns(&r, Namespaces::empty()), Err(Errno::EINVAL), "a pipe");
    assert_eq!(setns(closed_fd(), Namespaces::UTS), Err(Errno::EBADF));
    let uts = openat(CWD, "/proc/self/ns/uts", OFlags::RDONLY, Mode::empty()).unwrap();
    assert_eq!(
        setns(&uts, Namespaces::NET),
        Err(Errno::EINVAL),
        "wrong kind"
    );
    // The namespace we are in already: allowed (as root), a no-op.
    match setns(&uts, Namespaces::UTS) {
        Ok(()) | Err(Errno::EPERM) => {}
        Err(e) => panic!("setns into our own UTS namespace: {e:?}"),
    }
    assert_eq!(
        UnshareFlags::from(Namespaces::UTS | Namespaces::NET),
        UnshareFlags::NEWUTS | UnshareFlags::NEWNET
    );
}

#[test]
fn unshare_uts_isolates_the_host_name_and_setns_returns() {
    const NAME: &[u8] = b"sysgate-ns-test";
    let original = uname().nodename().to_vec();
    let uts = openat(CWD, "/proc/self/ns/uts", OFlags::RDONLY, Mode::empty()).unwrap();
    let status = in_child(|| {
        match unshare(UnshareFlags::NEWUTS) {
            Ok(()) => {}
            Err(Errno::EPERM) => return 2,
            Err(_) => return 10,
        }
        // SAFETY: sethostname reads NAME.len() bytes.
        if unsafe { syscall_readonly!(Sysno::sethostname, NAME.as_ptr(), NAME.len()) }.is_err() {
            return 11;
        }
        if uname().nodename() != NAME {
            return 12;
        }
        // Back into the parent's namespace: the parent's name again.
        if setns(&uts, Namespaces::UTS).is_err() {
            return 13;
        }
        if uname().nodename() != original.as_slice() {
            return 14;
        }
        0
    });
    if status == WaitStatus::Exited(2) {
        skip("unshare(NEWUTS)", "EPERM (no CAP_SYS_ADMIN)");
        return;
    }
    assert_eq!(status, WaitStatus::Exited(0));
    assert_eq!(uname().nodename(), original, "ours never changed");
}
