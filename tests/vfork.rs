//! `vfork` against the real kernel: shared memory, suspended parent, exec.

use std::sync::atomic::{AtomicU32, Ordering::SeqCst};
use sysgate::process::*;

mod common;
use common::{skip, under_qemu};

static WRITTEN_BY_CHILD: AtomicU32 = AtomicU32::new(0);

#[test]
fn vfork_child_shares_memory_and_the_parent_waits() {
    // SAFETY: the child stores to a static and exits at once.
    let pid = match unsafe { vfork() }.unwrap() {
        Fork::Child => {
            WRITTEN_BY_CHILD.store(7, SeqCst);
            exit_group(9)
        }
        Fork::Parent(pid) => pid,
    };
    // The parent resumes only after the child exited: the store is seen.
    let seen = WRITTEN_BY_CHILD.load(SeqCst);
    assert_eq!(
        wait4(Target::Pid(pid), WaitOptions::empty()).unwrap(),
        Some((pid, WaitStatus::Exited(9)))
    );
    if under_qemu() {
        skip(
            "vfork memory sharing",
            &format!("qemu-user forks instead (saw {seen})"),
        );
    } else {
        assert_eq!(seen, 7);
    }
}

#[test]
fn vfork_then_execve() {
    let path = c"/bin/false";
    let argv = [Some(CStrPtr::new(path)), None];
    let envp = [None];
    // SAFETY: the child only calls execve with prepared arguments, then
    // exit_group.
    let pid = match unsafe { vfork() }.unwrap() {
        Fork::Child => {
            let _ = execve(path, &argv, &envp);
            exit_group(127)
        }
        Fork::Parent(pid) => pid,
    };
    assert_eq!(
        wait4(Target::Pid(pid), WaitOptions::empty()).unwrap(),
        Some((pid, WaitStatus::Exited(1)))
    );
}
