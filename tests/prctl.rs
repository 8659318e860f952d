//! The `PR_*` numbers with the raw `prctl`, against the real kernel.

use sysgate::process::*;
use sysgate::Errno;

mod common;
use common::in_child;

#[test]
fn raw_prctl_with_named_options() {
    // SAFETY: PR_GET_TIMERSLACK takes no pointer; PR_SET_TIMERSLACK an integer.
    let slack = unsafe { prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0) }.unwrap();
    assert!(slack > 0, "the default slack is 50 µs");
    let status = in_child(|| {
        // SAFETY: as above, and PR_*_CHILD_SUBREAPER take an integer / an `int *`.
        unsafe {
            if prctl(PR_SET_TIMERSLACK, 12_345, 0, 0, 0).is_err()
                || prctl(PR_GET_TIMERSLACK, 0, 0, 0, 0) != Ok(12_345)
            {
                return 10;
            }
            let mut reaper: i32 = 7;
            if prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0).is_err()
                || prctl(
                    PR_GET_CHILD_SUBREAPER,
                    &mut reaper as *mut i32 as usize,
                    0,
                    0,
                    0,
                )
                .is_err()
                || reaper != 1
            {
                return 11;
            }
        }
        0
    });
    assert_eq!(status, WaitStatus::Exited(0));
    // The wrappers use the same numbers.
    set_name("prctl-consts").unwrap();
    let mut buf = [0u8; 16];
    // SAFETY: PR_GET_NAME writes 16 bytes.
    unsafe { prctl(PR_GET_NAME, buf.as_mut_ptr() as usize, 0, 0, 0) }.unwrap();
    assert!(buf.starts_with(b"prctl-consts\0"));
    // SAFETY: an option no kernel has; no pointers.
    assert_eq!(unsafe { prctl(0xdead, 0, 0, 0, 0) }, Err(Errno::EINVAL));
    // SAFETY: PR_CAP_AMBIENT_IS_SET takes integers; 1000 is no capability.
    assert_eq!(
        unsafe { prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_IS_SET, 1000, 0, 0) },
        Err(Errno::EINVAL)
    );
}

/// The options after 70 against the kernel's answers: the timer-id restore
/// mode reads as off, takes only 0..=2 and no further arguments; the shadow
/// stack status has no x86 form (x86 uses `arch_prctl`), nor does the
/// powerpc DEXCR elsewhere.
#[test]
fn newer_options_reach_the_kernel() {
    // SAFETY: integers only, but for PR_GET_SHADOW_STACK_STATUS, which
    // writes one u64 through its pointer: a local.
    unsafe {
        let get = prctl(PR_TIMER_CREATE_RESTORE_IDS, 2, 0, 0, 0);
        if common::under_qemu() && get == Err(Errno::EINVAL) {
            common::skip(
                "PR_TIMER_CREATE_RESTORE_IDS",
                "qemu-user answered EINVAL for option 77 (it refuses prctl options it does not know)",
            );
            return;
        }
        assert_eq!(get, Ok(0), "the restore mode is off in a new process");
        assert_eq!(
            prctl(PR_TIMER_CREATE_RESTORE_IDS, 3, 0, 0, 0),
            Err(Errno::EINVAL)
        );
        assert_eq!(
            prctl(PR_TIMER_CREATE_RESTORE_IDS, 2, 1, 0, 0),
            Err(Errno::EINVAL)
        );
        if std::env::consts::ARCH.starts_with("x86") {
            let mut status = 0u64;
            assert_eq!(
                prctl(
                    PR_GET_SHADOW_STACK_STATUS,
                    &mut status as *mut u64 as usize,
                    0,
                    0,
                    0
                ),
                Err(Errno::EINVAL)
            );
            assert_eq!(prctl(PR_PPC_GET_DEXCR, 0, 0, 0, 0), Err(Errno::EINVAL));
        }
    }
}
