//! `ptrace` against the real kernel: a child's system calls traced and
//! named with `Sysno`, its memory read and written, seize/interrupt, and
//! the error paths. qemu-user does not emulate ptrace: those runs print a
//! SKIP with what the call answered.

use std::sync::atomic::{AtomicUsize, Ordering::SeqCst};
use sysgate::process::{
    exit_group, fork, getpid, wait4, Fork, Pid, Target, WaitOptions, WaitStatus,
};
use sysgate::ptrace::{self, PtraceEvent, PtraceOptions, SyscallStop};
use sysgate::signal::{kill, Signal};
use sysgate::Errno;

mod common;
use common::skip;

/// Poked by the tracer into the child's copy.
static MAILBOX: AtomicUsize = AtomicUsize::new(5);

/// The child's side: traced by its parent, stopped, then a few calls.
fn traced_child() -> ! {
    match ptrace::traceme() {
        Ok(()) => {}
        Err(Errno::ENOSYS) => exit_group(3),
        Err(_) => exit_group(4),
    }
    let _ = kill(Target::Pid(getpid()), Signal::STOP);
    let _ = getpid();
    exit_group(MAILBOX.load(SeqCst) as i32)
}

fn wait(pid: Pid) -> WaitStatus {
    let (got, status) = wait4(Target::Pid(pid), WaitOptions::empty())
        .unwrap()
        .unwrap();
    assert_eq!(got, pid);
    status
}

#[test]
fn trace_a_child_and_name_its_system_calls() {
    // SAFETY: the child only makes sysgate calls and exits.
    let pid = match unsafe { fork() }.unwrap() {
        Fork::Child => traced_child(),
        Fork::Parent(pid) => pid,
    };
    match wait(pid) {
        WaitStatus::Exited(3) => {
            skip("ptrace", "PTRACE_TRACEME answered ENOSYS (qemu-user)");
            return;
        }
        WaitStatus::Stopped(s) => assert_eq!(s, Signal::STOP),
        other => panic!("the child did not stop: {other:?}"),
    }
    ptrace::set_options(
        pid,
        PtraceOptions::TRACESYSGOOD | PtraceOptions::EXITKILL | PtraceOptions::TRACEEXIT,
    )
    .unwrap();
    assert_eq!(
        ptrace::set_options(pid, PtraceOptions::from_bits_retain(1 << 30)),
        Err(Errno::EINVAL)
    );
    // Memory: the child's copy of MAILBOX, at the same address.
    let addr = &MAILBOX as *const AtomicUsize as usize;
    assert_eq!(ptrace::peek_data(pid, addr).unwrap(), 5);
    ptrace::poke_data(pid, addr, 42).unwrap();
    assert_eq!(ptrace::peek_data(pid, addr).unwrap(), 42);
    assert_eq!(MAILBOX.load(SeqCst), 5, "ours is untouched");
    assert!(matches!(
        ptrace::peek_data(pid, 8),
        Err(Errno::EIO | Errno::EFAULT)
    ));

    let mut entered = Vec::new();
    let mut exits = 0;
    let mut exit_msg = None;
    let mut regs_checked = false;
    loop {
        ptrace::syscall(pid, None).unwrap();
        match wait(pid) {
            WaitStatus::Stopped(s) => assert_eq!(s, Signal::TRAP),
            WaitStatus::Exited(code) => {
                assert_eq!(code, 42, "the child read the poked value");
                break;
            }
            other => panic!("{other:?}"),
        }
        let info = ptrace::get_syscall_info(pid).unwrap();
        match info.stop() {
            SyscallStop::Entry { nr, .. } => {
                assert!(info.is_native());
                let sysno = info.sysno().unwrap_or_else(|| panic!("unknown call {nr}"));
                assert_eq!(sysno.number() as u64, nr);
                if !regs_checked {
                    // The instruction pointer is one of the raw registers.
                    let regs = ptrace::get_regs(pid).unwrap();
                    let ip = info.instruction_pointer() as usize;
                    assert!(regs.words().contains(&ip), "{ip:#x} in {regs:?}");
                    ptrace::set_regs(pid, &regs).unwrap();
                    regs_checked = true;
                }
                entered.push(sysno);
            }
            SyscallStop::Exit { .. } => exits += 1,
            // The exit event (TRACEEXIT): the message is the wait status.
            SyscallStop::None => {
                let si = ptrace::get_siginfo(pid).unwrap();
                assert_eq!(PtraceEvent::of(&si), Some(PtraceEvent::Exit));
                exit_msg = Some(ptrace::get_event_msg(pid).unwrap());
            }
            SyscallStop::Seccomp { .. } => panic!("no seccomp filter here"),
        }
    }
    let names: Vec<&str> = entered.iter().map(|s| s.name()).collect();
    assert!(names.contains(&"getpid"), "{names:?}");
    assert_eq!(names.last(), Some(&"exit_group"), "{names:?}");
    assert!(
        exits + 1 >= entered.len(),
        "every call but exit_group returns"
    );
    assert_eq!(
        exit_msg,
        Some(42 << 8),
        "PTRACE_EVENT_EXIT carries the status"
    );
}

#[test]
fn seize_interrupt_detach() {
    // SAFETY: the child only sleeps and exits.
    let pid = match unsafe { fork() }.unwrap() {
        Fork::Child => loop {
            let _ = sysgate::thread::nanosleep(&sysgate::time::Timespec {
                tv_sec: 1,
                tv_nsec: 0,
            });
        },
        Fork::Parent(pid) => pid,
    };
    match ptrace::seize(pid, PtraceOptions::EXITKILL) {
        Err(Errno::ENOSYS) => {
            skip("ptrace seize", "ENOSYS (qemu-user)");
            kill(Target::Pid(pid), Signal::KILL).unwrap();
            wait(pid);
            return;
        }
        r => r.unwrap(),
    }
    assert_eq!(
        ptrace::cont(pid, None),
        Err(Errno::ESRCH),
        "seized but running: not in a ptrace stop"
    );
    ptrace::interrupt(pid).unwrap();
    assert_eq!(wait(pid), WaitStatus::Stopped(Signal::TRAP));
    assert!(ptrace::get_syscall_info(pid).is_ok());
    match ptrace::get_siginfo(pid) {
        Ok(si) => assert_eq!(PtraceEvent::of(&si), Some(PtraceEvent::Stop)),
        // A group stop has no siginfo: also what an interrupt may show.
        Err(e) => assert_eq!(e, Errno::EINVAL),
    }
    ptrace::detach(pid, None).unwrap();
    assert_eq!(ptrace::interrupt(pid), Err(Errno::ESRCH), "detached");
    kill(Target::Pid(pid), Signal::KILL).unwrap();
    assert!(matches!(
        wait(pid),
        WaitStatus::Signaled {
            signal: Signal::KILL,
            ..
        }
    ));
}

#[test]
fn errors_on_what_is_not_ours_to_trace() {
    let me = getpid();
    match ptrace::attach(me) {
        Err(Errno::ENOSYS) => {
            skip("ptrace errors", "ENOSYS (qemu-user)");
            return;
        }
        r => assert_eq!(r, Err(Errno::EPERM), "our own thread group"),
    }
    assert_eq!(ptrace::seize(me, PtraceOptions::empty()), Err(Errno::EPERM));
    // Not a tracee of ours.
    assert_eq!(ptrace::cont(Pid::INIT, None), Err(Errno::ESRCH));
    assert_eq!(ptrace::peek_data(Pid::INIT, 0x1000), Err(Errno::ESRCH));
    assert_eq!(ptrace::get_event_msg(Pid::INIT), Err(Errno::ESRCH));
    assert_eq!(ptrace::get_siginfo(Pid::INIT).err(), Some(Errno::ESRCH));
    assert_eq!(
        ptrace::get_syscall_info(Pid::INIT).err(),
        Some(Errno::ESRCH)
    );
    assert_eq!(ptrace::get_regs(Pid::INIT).err(), Some(Errno::ESRCH));
    assert_eq!(ptrace::detach(Pid::INIT, None), Err(Errno::ESRCH));
    // SAFETY: an unknown request reads and writes nothing.
    assert_eq!(
        unsafe { ptrace::ptrace(0x7fff, Pid::INIT, 0, 0) }.err(),
        Some(Errno::ESRCH),
        "requests on a non-tracee fail before the request is looked at"
    );
}
