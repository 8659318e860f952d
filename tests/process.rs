//! `sysgate::process` and `sysgate::rand` against the real kernel.

use std::mem::MaybeUninit;
use sysgate::io::ReadBuf;
use sysgate::process::*;
use sysgate::rand::{getrandom, getrandom_buf, GetRandomFlags};
use sysgate::signal::Signal;
use sysgate::Errno;

mod common;

#[test]
fn ids_match_libc() {
    // SAFETY: libc's id calls have no preconditions.
    unsafe {
        assert_eq!(getpid().as_raw(), libc::getpid());
        assert_eq!(getppid().map_or(0, Pid::as_raw), libc::getppid());
        assert_eq!(getuid().as_raw(), libc::getuid());
        assert_eq!(geteuid().as_raw(), libc::geteuid());
        assert_eq!(getgid().as_raw(), libc::getgid());
        assert_eq!(getegid().as_raw(), libc::getegid());
        assert_eq!(gettid().as_raw(), libc::gettid());
    }
    let t = std::thread::spawn(gettid).join().unwrap();
    assert_ne!(t, getpid(), "another thread has another tid");
    let r = getresuid();
    assert_eq!((r.real, r.effective), (getuid(), geteuid()));
    let g = getresgid();
    assert_eq!((g.real, g.effective), (getgid(), getegid()));
    assert_eq!(Pid::from_raw(0), None);
    assert_eq!(Pid::from_raw(-5), None);
    assert_eq!(getpgid(None).unwrap().as_raw(), unsafe { libc::getpgid(0) });
    assert_eq!(getpgid(Pid::from_raw(i32::MAX)), Err(Errno::ESRCH));
}

#[test]
fn session_and_process_group_in_child() {
    // SAFETY: the child makes only raw system calls and exits.
    let pid = unsafe { libc::fork() };
    assert!(pid >= 0);
    if pid == 0 {
        let me = getpid();
        let code = (|| {
            setpgid(None, None).ok()?; // own group
            (getpgid(None).ok()? == me).then_some(())?;
            // A group leader cannot start a session.
            (setsid() == Err(Errno::EPERM)).then_some(())?;
            Some(())
        })();
        exit_group(if code.is_some() { 0 } else { 1 })
    }
    let mut status = 0;
    // SAFETY: waits for our child.
    assert_eq!(unsafe { libc::waitpid(pid, &mut status, 0) }, pid);
    assert_eq!(libc::WEXITSTATUS(status), 0);
    // A fresh child that is no group leader can start a session.
    // SAFETY: as above.
    let pid = unsafe { libc::fork() };
    if pid == 0 {
        let me = getpid();
        exit_group(if setsid() == Ok(me) && getpgid(None) == Ok(me) {
            0
        } else {
            1
        })
    }
    // SAFETY: as above.
    assert_eq!(unsafe { libc::waitpid(pid, &mut status, 0) }, pid);
    assert_eq!(libc::WEXITSTATUS(status), 0);
    assert_eq!(setpgid(Pid::from_raw(i32::MAX), None), Err(Errno::ESRCH));
}

#[test]
fn uname_fields() {
    let u = uname();
    assert_eq!(u.sysname(), b"Linux");
    assert!(!u.release().is_empty());
    let mut theirs = MaybeUninit::<libc::utsname>::uninit();
    // SAFETY: uname fills the struct.
    assert_eq!(unsafe { libc::uname(theirs.as_mut_ptr()) }, 0);
    // SAFETY: filled.
    let theirs = unsafe { theirs.assume_init() };
    // SAFETY: the fields are NUL-terminated.
    let release = unsafe { std::ffi::CStr::from_ptr(theirs.release.as_ptr()) };
    assert_eq!(u.release(), release.to_bytes());
    assert_eq!(&u.as_raw()[2][..u.release().len()], u.release());
    assert_eq!(u.as_raw()[2][u.release().len()], 0, "the NUL after it");
    assert!(format!("{u:?}").contains("sysname: \"Linux\""));
}

#[test]
fn getrandom_and_flags() {
    let mut a = [0u8; 64];
    let mut b = [0u8; 64];
    assert_eq!(getrandom(&mut a, GetRandomFlags::empty()).unwrap(), 64);
    assert_eq!(getrandom(&mut b, GetRandomFlags::NONBLOCK).unwrap(), 64);
    assert_ne!(a, b);
    assert_ne!(a, [0; 64]);
    let mut storage = [MaybeUninit::<u8>::uninit(); 32];
    let mut rb = ReadBuf::new(&mut storage);
    assert_eq!(
        getrandom_buf(&mut rb, GetRandomFlags::INSECURE).unwrap(),
        32
    );
    assert_eq!(rb.filled().len(), 32);
    assert_eq!(
        getrandom(&mut a, GetRandomFlags::from_bits_retain(1 << 10)),
        Err(Errno::EINVAL)
    );
    assert_eq!(
        getrandom(&mut a, GetRandomFlags::INSECURE | GetRandomFlags::RANDOM),
        Err(Errno::EINVAL)
    );
    assert_eq!(
        getrandom(common::bad_buf(), GetRandomFlags::empty()),
        Err(Errno::EFAULT)
    );
}

#[test]
fn rlimits() {
    let lim = getrlimit(Resource::Nofile).unwrap();
    let mut theirs = MaybeUninit::<libc::rlimit64>::uninit();
    // SAFETY: getrlimit64 fills the struct.
    assert_eq!(
        unsafe { libc::getrlimit64(libc::RLIMIT_NOFILE, theirs.as_mut_ptr()) },
        0
    );
    // SAFETY: filled.
    let theirs = unsafe { theirs.assume_init() };
    assert_eq!(
        (lim.rlim_cur, lim.rlim_max),
        (theirs.rlim_cur, theirs.rlim_max)
    );
    // Lower the soft core limit and restore it, through prlimit's old value.
    let core = getrlimit(Resource::Core).unwrap();
    let lowered = Rlimit {
        rlim_cur: 0,
        rlim_max: core.rlim_max,
    };
    assert_eq!(prlimit(None, Resource::Core, Some(&lowered)).unwrap(), core);
    assert_eq!(getrlimit(Resource::Core).unwrap(), lowered);
    setrlimit(Resource::Core, core).unwrap();
    assert_eq!(getrlimit(Resource::Core).unwrap(), core);
    let inverted = Rlimit {
        rlim_cur: 10,
        rlim_max: 5,
    };
    assert_eq!(setrlimit(Resource::Core, inverted), Err(Errno::EINVAL));
    assert_eq!(
        prlimit(Pid::from_raw(i32::MAX), Resource::Core, None),
        Err(Errno::ESRCH)
    );
    assert_eq!(RLIM_INFINITY, libc::RLIM64_INFINITY);
}

#[test]
fn rusage_counts() {
    let before = getrusage(RusageWho::Thread).unwrap();
    let mut v = vec![0u8; 8 << 20];
    for i in (0..v.len()).step_by(4096) {
        v[i] = 1;
    }
    std::hint::black_box(&v);
    let after = getrusage(RusageWho::Thread).unwrap();
    assert!(after.ru_minflt > before.ru_minflt, "page faults counted");
    let p = getrusage(RusageWho::Process).unwrap();
    assert!(p.ru_maxrss > 0);
    getrusage(RusageWho::Children).unwrap();
    // The kernel's struct is the C library's prefix (musl adds reserved words).
    use std::mem::offset_of;
    assert_eq!(
        offset_of!(Rusage, ru_maxrss),
        offset_of!(libc::rusage, ru_maxrss)
    );
    assert_eq!(
        offset_of!(Rusage, ru_nivcsw),
        offset_of!(libc::rusage, ru_nivcsw)
    );
    assert!(std::mem::size_of::<Rusage>() <= std::mem::size_of::<libc::rusage>());
}

#[test]
fn affinity_round_trip() {
    sched_yield();
    let set = sched_getaffinity(None).unwrap();
    assert!(set.count() >= 1);
    let first = set.iter().next().unwrap();
    // Restrict a helper thread to one CPU, check, and let it end.
    std::thread::spawn(move || {
        let mut one = CpuSet::new();
        one.set(first);
        sched_setaffinity(None, &one).unwrap();
        assert_eq!(sched_getaffinity(None).unwrap(), one);
        assert_eq!(sched_setaffinity(None, &CpuSet::new()), Err(Errno::EINVAL));
    })
    .join()
    .unwrap();
    assert_eq!(
        sched_getaffinity(Pid::from_raw(i32::MAX)).err(),
        Some(Errno::ESRCH)
    );
    let mut s = CpuSet::new();
    s.set(3);
    s.set(5000); // out of range: ignored, never a panic
    assert!(s.is_set(3) && !s.is_set(4) && !s.is_set(5000));
    s.unset(3);
    assert_eq!(s.count(), 0);
}

#[test]
fn prctl_typed() {
    std::thread::spawn(|| {
        set_name("sysgate-worker-long-name").unwrap();
        assert_eq!(
            get_name().unwrap().as_c_str().to_bytes(),
            b"sysgate-worker-"
        );
        let comm = std::fs::read_to_string(format!("/proc/self/task/{}/comm", gettid().as_raw()));
        assert_eq!(comm.unwrap().trim_end(), "sysgate-worker-");
        assert_eq!(set_name("a\0b"), Err(Errno::EINVAL));
    })
    .join()
    .unwrap();
    // SAFETY: an unknown option touches nothing.
    assert_eq!(unsafe { prctl(0xdead, 0, 0, 0, 0) }, Err(Errno::EINVAL));
    // SAFETY: PR_GET_NAME with a bad pointer: EFAULT.
    assert_eq!(unsafe { prctl(16, 8, 0, 0, 0) }, Err(Errno::EFAULT));
    // Process-wide attributes: change them in a child.
    // SAFETY: the child makes only raw system calls and exits.
    let pid = unsafe { libc::fork() };
    if pid == 0 {
        let ok = (|| {
            (!get_no_new_privs().ok()?).then_some(())?;
            set_no_new_privs().ok()?;
            get_no_new_privs().ok()?.then_some(())?;
            set_parent_death_signal(Some(Signal::USR2)).ok()?;
            (parent_death_signal().ok()? == Some(Signal::USR2)).then_some(())?;
            set_parent_death_signal(None).ok()?;
            parent_death_signal().ok()?.is_none().then_some(())?;
            // 1000 is no signal (the kernel's EINVAL): it cannot be named.
            Signal::from_raw(1000).is_none().then_some(())?;
            set_dumpable(false).ok()?;
            (get_dumpable().ok()? == Dumpable::No).then_some(())?;
            set_dumpable(true).ok()?;
            (get_dumpable().ok()? == Dumpable::User).then_some(())?;
            Some(())
        })();
        exit_group(if ok.is_some() { 0 } else { 1 })
    }
    let mut status = 0;
    // SAFETY: waits for our child.
    assert_eq!(unsafe { libc::waitpid(pid, &mut status, 0) }, pid);
    assert!(libc::WIFEXITED(status));
    assert_eq!(libc::WEXITSTATUS(status), 0);
}

const EXIT_CHILD: &str = "SYSGATE_PROCESS_TEST_EXIT_CHILD";

/// In the re-executed child: a thread ends itself with exit(5); the process
/// lives on and ends with exit_group(42).
#[test]
fn child_exits() {
    if std::env::var_os(EXIT_CHILD).is_none() {
        return;
    }
    // SAFETY: the thread borrows nothing and nothing borrows its stack.
    std::thread::spawn(|| unsafe { exit(5) });
    std::thread::sleep(std::time::Duration::from_millis(200));
    exit_group(42)
}

#[test]
fn exit_ends_only_the_thread_exit_group_the_process() {
    // A fresh process (not a fork of this multi-threaded one, which
    // qemu-user cannot always start threads in).
    let out = common::reexec("child_exits", EXIT_CHILD);
    assert_eq!(out.status.code(), Some(42), "{out:?}");
}
