//! Signals against the real kernel: handlers of both forms installed through
//! sysgate run on `tgkill`, see the right `SigInfo`, and return cleanly.

use std::hint::black_box;
use std::sync::atomic::{AtomicI32, AtomicU32, AtomicUsize, Ordering::SeqCst};
use std::sync::Mutex;
use sysgate::process::{Pid, Target, Uid};
use sysgate::signal::{self, *};
use sysgate::time::Timespec;
use sysgate::{syscall_readonly, Errno, Sysno};

/// Signal masks and handlers are shared state: the tests that change them
/// for a signal another test uses take this lock.
static LOCK: Mutex<()> = Mutex::new(());

fn pid(raw: i32) -> Pid {
    Pid::from_raw(raw).unwrap()
}

fn gettid() -> Pid {
    // SAFETY: gettid takes no arguments.
    pid(unsafe { syscall_readonly!(Sysno::gettid) }.unwrap() as i32)
}

fn getpid() -> Pid {
    pid(std::process::id() as i32)
}

fn getuid() -> Uid {
    // SAFETY: getuid takes no arguments.
    Uid::from_raw(unsafe { libc::getuid() })
}

static INFO_SIGNO: AtomicI32 = AtomicI32::new(0);
static INFO_CODE: AtomicI32 = AtomicI32::new(0);
static INFO_PID: AtomicI32 = AtomicI32::new(0);
static INFO_UID: AtomicU32 = AtomicU32::new(u32::MAX);
static INFO_RUNS: AtomicUsize = AtomicUsize::new(0);

extern "C" fn info_handler(sig: Signal, info: &SigInfo, _ctx: *mut core::ffi::c_void) {
    INFO_SIGNO.store(
        sig.raw() * 1000 + info.signo().map_or(0, Signal::raw),
        SeqCst,
    );
    INFO_CODE.store(info.code().0, SeqCst);
    INFO_PID.store(info.pid().map_or(0, Pid::as_raw), SeqCst);
    INFO_UID.store(info.uid().as_raw(), SeqCst);
    // Touch plenty of registers in the handler, to show they come back.
    let mut x = black_box(0x1234_5678u64);
    for i in 0..64u64 {
        x = x.rotate_left(7) ^ i.wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
    black_box(x);
    INFO_RUNS.fetch_add(1, SeqCst);
}

/// Some work whose state lives in registers across the signal.
fn work(seed: u64) -> (u64, f64) {
    let mut a = seed;
    let mut f = seed as f64 * 0.5;
    for i in 0..1000u64 {
        a = a.wrapping_mul(6364136223846793005).wrapping_add(i);
        f = f * 1.000_001 + (a >> 40) as f64;
    }
    (a, f)
}

#[test]
fn siginfo_handler_runs_on_tgkill_and_returns() {
    let _g = LOCK.lock().unwrap();
    let act = SigAction::new(
        SigHandler::SigInfo(info_handler),
        SaFlags::RESTART,
        SigSet::EMPTY,
    );
    // SAFETY: the handler only stores to atomics.
    let old = unsafe { sigaction(Signal::USR1, Some(&act)) }.unwrap();
    // Read back what the kernel holds.
    // SAFETY: reading only.
    let now = unsafe { sigaction(Signal::USR1, None) }.unwrap();
    assert!(now.flags().contains(SaFlags::SIGINFO | SaFlags::RESTART));
    match now.handler() {
        SigHandler::SigInfo(f) => assert_eq!(f as usize, info_handler as *const () as usize),
        h => panic!("read back {h:?}"),
    }
    if cfg!(any(target_arch = "x86_64", target_arch = "x86")) {
        assert_ne!(
            now.flags().bits() & 0x0400_0000,
            0,
            "SA_RESTORER is set on x86"
        );
    } else {
        assert_eq!(now.flags().bits() & 0x0400_0000, 0, "no SA_RESTORER here");
    }

    let before = INFO_RUNS.load(SeqCst);
    let (a0, f0) = work(black_box(7));
    let live = black_box([a0, a0 ^ 1, a0 ^ 2, a0 ^ 3, a0 ^ 4, a0 ^ 5]);
    let lf = black_box(f0 * 3.0);
    tgkill(getpid(), gettid(), Signal::USR1).unwrap();
    let (a1, f1) = work(black_box(7));
    assert_eq!(INFO_RUNS.load(SeqCst), before + 1, "the handler ran once");
    assert_eq!((a0, f0.to_bits()), (a1, f1.to_bits()));
    assert_eq!(live, [a0, a0 ^ 1, a0 ^ 2, a0 ^ 3, a0 ^ 4, a0 ^ 5]);
    assert_eq!(lf.to_bits(), (f0 * 3.0).to_bits());
    assert_eq!(INFO_SIGNO.load(SeqCst), 10 * 1000 + 10);
    assert_eq!(SiCode(INFO_CODE.load(SeqCst)), SiCode::TKILL);
    assert_eq!(INFO_PID.load(SeqCst), getpid().as_raw());
    assert_eq!(INFO_UID.load(SeqCst), getuid().as_raw());

    // From another thread, aimed at this one: the sender is the same process.
    let tid = gettid();
    std::thread::spawn(move || tgkill(getpid(), tid, Signal::USR1).unwrap())
        .join()
        .unwrap();
    assert_eq!(INFO_RUNS.load(SeqCst), before + 2);
    assert_eq!(INFO_PID.load(SeqCst), getpid().as_raw());

    // kill(2) to the process gives SI_USER; some thread of ours handles it.
    kill(Target::Pid(getpid()), Signal::USR1).unwrap();
    // Another thread may take it; give it time to run on a loaded machine
    // (1000 yields were not always enough with 2 busy cores).
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    while INFO_RUNS.load(SeqCst) != before + 3 && std::time::Instant::now() < deadline {
        std::thread::yield_now();
    }
    assert_eq!(INFO_RUNS.load(SeqCst), before + 3);
    assert_eq!(SiCode(INFO_CODE.load(SeqCst)), SiCode::USER);
    assert_eq!(INFO_PID.load(SeqCst), getpid().as_raw());

    // SAFETY: restoring the previous action.
    unsafe { sigaction(Signal::USR1, Some(&old)) }.unwrap();
}

static PLAIN_SIG: AtomicI32 = AtomicI32::new(0);

extern "C" fn plain_handler(sig: Signal) {
    PLAIN_SIG.store(sig.raw(), SeqCst);
}

#[test]
fn plain_handler_runs_and_returns() {
    let _g = LOCK.lock().unwrap();
    let act = SigAction::new(
        SigHandler::Handler(plain_handler),
        SaFlags::SIGINFO,
        SigSet::EMPTY,
    );
    assert!(
        !act.flags().contains(SaFlags::SIGINFO),
        "a plain handler clears SA_SIGINFO"
    );
    // SAFETY: the handler only stores to an atomic.
    let old = unsafe { sigaction(Signal::USR2, Some(&act)) }.unwrap();
    let (a0, f0) = work(black_box(11));
    tgkill(getpid(), gettid(), Signal::USR2).unwrap();
    let (a1, f1) = work(black_box(11));
    assert_eq!(PLAIN_SIG.load(SeqCst), Signal::USR2.raw());
    assert_eq!((a0, f0.to_bits()), (a1, f1.to_bits()));
    // SAFETY: reading only.
    match unsafe { sigaction(Signal::USR2, None) }.unwrap().handler() {
        SigHandler::Handler(f) => assert_eq!(f as usize, plain_handler as *const () as usize),
        h => panic!("read back {h:?}"),
    }

    // Ignored: delivery is a no-op.
    let ign = SigAction::new(SigHandler::Ignore, SaFlags::empty(), SigSet::EMPTY);
    PLAIN_SIG.store(0, SeqCst);
    // SAFETY: ignoring a signal runs no code.
    unsafe { sigaction(Signal::USR2, Some(&ign)) }.unwrap();
    tgkill(getpid(), gettid(), Signal::USR2).unwrap();
    assert_eq!(PLAIN_SIG.load(SeqCst), 0);
    // SAFETY: reading only.
    let back = unsafe { sigaction(Signal::USR2, Some(&old)) }.unwrap();
    assert!(matches!(back.handler(), SigHandler::Ignore));
}

#[test]
fn sigaction_errors() {
    let act = SigAction::new(SigHandler::Ignore, SaFlags::empty(), SigSet::EMPTY);
    // SAFETY: the kernel refuses these before changing anything.
    unsafe {
        assert_eq!(
            sigaction(Signal::KILL, Some(&act)).unwrap_err(),
            Errno::EINVAL
        );
        assert_eq!(
            sigaction(Signal::STOP, Some(&act)).unwrap_err(),
            Errno::EINVAL
        );
    }
    // Reading SIGKILL's action is allowed.
    // SAFETY: reading only.
    assert!(matches!(
        unsafe { sigaction(Signal::KILL, None) }.unwrap().handler(),
        SigHandler::Default
    ));
}

#[test]
fn signal_numbers_and_sets() {
    assert_eq!(Signal::from_raw(0), None);
    assert_eq!(Signal::from_raw(65), None);
    assert_eq!(Signal::from_raw(9), Some(Signal::KILL));
    assert_eq!(Signal::rt(0), Some(Signal::RTMIN));
    assert_eq!(Signal::rt(32), Some(Signal::RTMAX));
    assert_eq!(Signal::rt(33), None);
    assert_eq!(Signal::TERM.raw(), libc::SIGTERM);
    assert_eq!(Signal::CHLD.raw(), libc::SIGCHLD);
    assert_eq!(Signal::SYS.raw(), libc::SIGSYS);
    assert_eq!(format!("{}", Signal::USR1), "SIGUSR1");
    assert_eq!(format!("{:?}", Signal::rt(3).unwrap()), "SIGRTMIN+3");
    assert_eq!(format!("{}", Signal::RTMAX), "SIGRTMAX");

    let mut set = SigSet::of(&[Signal::INT, Signal::RTMAX]);
    assert!(set.contains(Signal::INT) && set.contains(Signal::RTMAX));
    assert!(!set.contains(Signal::TERM));
    set.insert(Signal::TERM);
    set.remove(Signal::INT);
    assert_eq!(
        set.iter().collect::<Vec<_>>(),
        [Signal::TERM, Signal::RTMAX]
    );
    assert_eq!(set.bits(), 1 << 14 | 1 << 63);
    assert!(SigSet::EMPTY.is_empty());
    assert_eq!(SigSet::FULL.iter().count(), 64);
}

/// Blocks `sig` in this thread for the closure, then restores the mask.
fn with_blocked<R>(sig: Signal, f: impl FnOnce() -> R) -> R {
    let old = sigprocmask(SigmaskHow::Block, Some(&SigSet::of(&[sig]))).unwrap();
    let r = f();
    sigprocmask(SigmaskHow::SetMask, Some(&old)).unwrap();
    r
}

#[test]
fn mask_pending_and_timedwait() {
    let sig = Signal::rt(5).unwrap();
    with_blocked(sig, || {
        let mask = sigprocmask(SigmaskHow::Block, None).unwrap();
        assert!(mask.contains(sig));
        // KILL and STOP cannot be blocked: silently dropped.
        let before = sigprocmask(SigmaskHow::Block, Some(&SigSet::of(&[Signal::KILL]))).unwrap();
        assert!(!sigprocmask(SigmaskHow::Block, None)
            .unwrap()
            .contains(Signal::KILL));
        sigprocmask(SigmaskHow::SetMask, Some(&before)).unwrap();

        assert!(!sigpending().unwrap().contains(sig));
        tgkill(getpid(), gettid(), sig).unwrap();
        assert!(sigpending().unwrap().contains(sig));
        let info = sigtimedwait(&SigSet::of(&[sig]), None).unwrap();
        assert_eq!(info.signo(), Some(sig));
        assert_eq!(info.code(), SiCode::TKILL);
        assert_eq!(info.pid(), Some(getpid()));
        assert_eq!(info.uid(), getuid());
        assert!(!sigpending().unwrap().contains(sig));
        // Nothing pending: a zero timeout fails at once.
        assert_eq!(
            sigtimedwait(&SigSet::of(&[sig]), Some(&Timespec::ZERO)).unwrap_err(),
            Errno::EAGAIN
        );
        let bad = Timespec {
            tv_sec: 0,
            tv_nsec: 2_000_000_000,
        };
        assert_eq!(
            sigtimedwait(&SigSet::of(&[sig]), Some(&bad)).unwrap_err(),
            Errno::EINVAL
        );
    });
}

#[test]
fn signalfd_reads_the_sender() {
    let sig = Signal::rt(6).unwrap();
    with_blocked(sig, || {
        let fd = signalfd(&SigSet::of(&[sig]), SfdFlags::NONBLOCK).unwrap();
        let mut buf = [unsafe_zeroed(); 2];
        assert_eq!(read_signalfd(&fd, &mut buf).unwrap_err(), Errno::EAGAIN);
        tgkill(getpid(), gettid(), sig).unwrap();
        assert_eq!(read_signalfd(&fd, &mut buf).unwrap(), 1);
        assert_eq!(buf[0].signo, sig.raw() as u32);
        assert_eq!(SiCode(buf[0].code), SiCode::TKILL);
        assert_eq!(buf[0].signo(), Some(sig), "typed");
        assert_eq!(buf[0].code(), SiCode::TKILL, "typed");
        let mut odd = buf[0];
        odd.signo = 65;
        assert_eq!(odd.signo(), None, "out of range is not a Signal");
        odd.signo = u32::MAX;
        assert_eq!(odd.signo(), None);
        assert_eq!(buf[0].pid, getpid().as_raw() as u32);
        assert_eq!(buf[0].uid, getuid().as_raw());
        assert_eq!(read_signalfd(&fd, &mut []).unwrap_err(), Errno::EINVAL);
        // Changing the mask of something that is not a signalfd.
        let other = signalfd(&SigSet::EMPTY, SfdFlags::empty()).unwrap();
        signalfd_set_mask(&other, &SigSet::of(&[sig])).unwrap();
        // SAFETY: eventfd creates a new fd that we then own.
        let efd = unsafe { sysgate::OwnedFd::from_raw_fd(libc::eventfd(0, libc::EFD_CLOEXEC)) };
        assert_eq!(
            signalfd_set_mask(&efd, &SigSet::EMPTY).unwrap_err(),
            Errno::EINVAL
        );
    });
}

fn unsafe_zeroed() -> SignalfdSiginfo {
    // SAFETY: all fields are integers; zero is valid.
    unsafe { std::mem::zeroed() }
}

static SUSPEND_RAN: AtomicUsize = AtomicUsize::new(0);

extern "C" fn suspend_handler(_: Signal) {
    SUSPEND_RAN.fetch_add(1, SeqCst);
}

#[test]
fn sigsuspend_returns_eintr_after_the_handler() {
    let sig = Signal::rt(7).unwrap();
    let act = SigAction::new(
        SigHandler::Handler(suspend_handler),
        SaFlags::empty(),
        SigSet::EMPTY,
    );
    // SAFETY: the handler only counts.
    let old = unsafe { sigaction(sig, Some(&act)) }.unwrap();
    with_blocked(sig, || {
        tgkill(getpid(), gettid(), sig).unwrap();
        assert_eq!(SUSPEND_RAN.load(SeqCst), 0, "blocked: not delivered yet");
        let mut open = sigprocmask(SigmaskHow::Block, None).unwrap();
        open.remove(sig);
        assert_eq!(sigsuspend(&open), Errno::EINTR);
        assert_eq!(SUSPEND_RAN.load(SeqCst), 1);
        assert!(
            sigprocmask(SigmaskHow::Block, None).unwrap().contains(sig),
            "mask restored"
        );
    });
    // SAFETY: restoring.
    unsafe { sigaction(sig, Some(&old)) }.unwrap();
}

static ALT_LO: AtomicUsize = AtomicUsize::new(0);
static ALT_HI: AtomicUsize = AtomicUsize::new(0);
static ALT_HIT: AtomicUsize = AtomicUsize::new(0);

extern "C" fn altstack_handler(_: Signal, _: &SigInfo, _: *mut core::ffi::c_void) {
    let local = 0u8;
    let at = black_box(&local) as *const u8 as usize;
    if at > ALT_LO.load(SeqCst) && at < ALT_HI.load(SeqCst) {
        ALT_HIT.fetch_add(1, SeqCst);
    }
}

#[test]
fn sigaltstack_runs_handler_there() {
    let sig = Signal::rt(8).unwrap();
    let mut stack = vec![0u8; 256 * 1024];
    let range = stack.as_mut_ptr_range();
    ALT_LO.store(range.start as usize, SeqCst);
    ALT_HI.store(range.end as usize, SeqCst);
    let alt = SigStack {
        sp: range.start.cast(),
        flags: SsFlags::empty(),
        size: stack.len(),
    };
    // SAFETY: `stack` outlives its installation (the old one, which std's
    // stack-overflow handler may have set up, is restored below).
    let old = unsafe { sigaltstack(Some(&alt)) }.unwrap();
    // SAFETY: reading only.
    let now = unsafe { sigaltstack(None) }.unwrap();
    assert_eq!((now.sp, now.size), (alt.sp, alt.size));

    let act = SigAction::new(
        SigHandler::SigInfo(altstack_handler),
        SaFlags::ONSTACK,
        SigSet::EMPTY,
    );
    // SAFETY: the handler only reads and stores atomics.
    let old_act = unsafe { sigaction(sig, Some(&act)) }.unwrap();
    tgkill(getpid(), gettid(), sig).unwrap();
    assert_eq!(
        ALT_HIT.load(SeqCst),
        1,
        "the handler ran on the alternate stack"
    );
    // SAFETY: restoring.
    unsafe { sigaction(sig, Some(&old_act)) }.unwrap();

    // Too small a stack.
    let tiny = SigStack {
        sp: range.start.cast(),
        flags: SsFlags::empty(),
        size: 16,
    };
    // SAFETY: refused by the kernel.
    assert_eq!(
        unsafe { sigaltstack(Some(&tiny)) }.unwrap_err(),
        Errno::ENOMEM
    );
    // SAFETY: disabling, then restoring what was there.
    unsafe {
        sigaltstack(Some(&SigStack::DISABLED)).unwrap();
        assert!(sigaltstack(None).unwrap().flags.contains(SsFlags::DISABLE));
        sigaltstack(Some(&old)).unwrap();
    }
    drop(stack);
}

#[test]
fn kill_and_tgkill_errors() {
    kill(Target::Pid(getpid()), None).unwrap();
    tgkill(getpid(), gettid(), None).unwrap();
    // pid_max is at most 2^22: this process does not exist.
    assert_eq!(
        kill(Target::Pid(pid(0x7fff_fff0)), None).unwrap_err(),
        Errno::ESRCH
    );
    assert_eq!(
        tgkill(getpid(), pid(0x7fff_fff0), None).unwrap_err(),
        Errno::ESRCH
    );
    // A thread id of 0 (the kernel's EINVAL) cannot be named.
    assert_eq!(Pid::from_raw(0), None);
    // Process group 1 has no pid_t form for kill (-1 means "all").
    assert_eq!(
        kill(Target::Pgid(Some(Pid::INIT)), None).unwrap_err(),
        Errno::EINVAL
    );
}

#[test]
fn pidfd_open_and_signal() {
    match pidfd_open(getpid(), PidfdFlags::empty()) {
        Ok(fd) => {
            pidfd_send_signal(&fd, None).unwrap();
            // SAFETY: F_GETFD on an open fd.
            let flags = unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_GETFD) };
            assert_eq!(
                flags & libc::FD_CLOEXEC,
                libc::FD_CLOEXEC,
                "pidfds are close-on-exec"
            );
        }
        Err(Errno::ENOSYS) => {
            println!("skipping pidfd: pidfd_open(2) is not supported here (ENOSYS)")
        }
        Err(e) => panic!("pidfd_open: {e}"),
    }
    // A pid of -1 cannot be named; unknown flags are the kernel's EINVAL.
    assert_eq!(Pid::from_raw(-1), None);
    assert_eq!(
        pidfd_open(getpid(), PidfdFlags::from_bits_retain(1)).unwrap_err(),
        Errno::EINVAL
    );
    assert_eq!(
        pidfd_open(pid(0x7fff_fff0), PidfdFlags::empty()).unwrap_err(),
        Errno::ESRCH
    );
    // A signalfd is not a pidfd.
    let not = signal::signalfd(&SigSet::EMPTY, SfdFlags::empty()).unwrap();
    assert_eq!(pidfd_send_signal(&not, None).unwrap_err(), Errno::EBADF);
}
