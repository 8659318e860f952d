//! Startup support: arguments, environment and auxv read from an initial
//! stack laid out as the kernel does it, the memory functions a program
//! with no libc exports, and `process::exit_group`. (The `_start` itself runs in
//! `examples/hello_nolibc.rs`, which `.ci/examples` builds and runs on
//! every target.)

use std::ffi::CStr;
use sysgate::auxv;
use sysgate::rt::{self, mem};

mod common;

/// An initial stack: argc, argv…, NULL, envp…, NULL, auxv pairs, AT_NULL.
fn stack(args: &[&CStr], env: &[&CStr], aux: &[(usize, usize)]) -> Vec<usize> {
    let mut s = vec![args.len()];
    s.extend(args.iter().map(|a| a.as_ptr() as usize));
    s.push(0);
    s.extend(env.iter().map(|e| e.as_ptr() as usize));
    s.push(0);
    for &(k, v) in aux {
        s.extend([k, v]);
    }
    s.extend([auxv::AT_NULL, 0]);
    s
}

#[test]
fn args_and_env_from_the_initial_stack() {
    let args = [c"/bin/prog", c"a", c""];
    let env = [
        c"HOME=/home/me",
        c"HOMEDIR=/nope",
        c"EMPTY=",
        c"NOEQUALS",
        c"DUP=first",
        c"DUP=second",
        c"=anon",
    ];
    let s = stack(&args, &env, &[]);
    // SAFETY: `s` has the kernel's layout and the strings are 'static.
    let (a, e) = unsafe { rt::from_stack(s.as_ptr()) };

    assert_eq!(a.len(), 3);
    assert!(!a.is_empty());
    assert_eq!(a.get(0), Some(c"/bin/prog"));
    assert_eq!(a.get(2), Some(c""));
    assert_eq!(a.get(3), None);
    assert_eq!(a.iter().collect::<Vec<_>>(), args);
    assert_eq!(a.iter().next_back(), Some(c""));
    assert_eq!(a.iter().len(), 3);
    assert_eq!(a.into_iter().count(), 3);

    assert_eq!(e.len(), env.len());
    assert_eq!(e.iter().collect::<Vec<_>>(), env);
    assert_eq!(e.var("HOME"), Some(c"/home/me"), "not HOMEDIR");
    assert_eq!(e.var(b"HOMEDIR"), Some(c"/nope"));
    assert_eq!(e.var("EMPTY"), Some(c""));
    assert_eq!(e.var("DUP"), Some(c"first"), "the first entry wins");
    assert_eq!(e.var("NOEQUALS"), None, "an entry without '=' has no value");
    assert_eq!(e.var("HOM"), None, "a prefix is not a name");
    assert_eq!(e.var("MISSING"), None);
    assert_eq!(e.var(""), None, "not even for an entry '=anon'");
    assert_eq!(e.var("HOME=/home"), None, "names contain no '='");
    assert_eq!(e.var("HOME\0"), None, "names contain no NUL");
    assert_eq!(e.var(b"NOEQUALS\0"), None);
}

#[test]
fn empty_argv_and_env() {
    let s = stack(&[], &[], &[]);
    // SAFETY: as above.
    let (a, e) = unsafe { rt::from_stack(s.as_ptr()) };
    assert!(a.is_empty() && e.is_empty());
    assert_eq!(a.get(0), None);
    assert_eq!(a.iter().next(), None);
    assert_eq!(e.var("HOME"), None);
}

#[test]
fn auxv_from_the_initial_stack() {
    // The entries the real kernel gave this process, plus a marker, so that
    // filling the cache from this stack keeps `auxv::get` truthful for the
    // other tests of this binary.
    let mut buf = [0usize; 256];
    let real: Vec<(usize, usize)> = match auxv::read_prctl(&mut buf) {
        Ok(e) => e.iter().collect(),
        Err(_) => auxv::read_proc(&mut buf)
            .expect("auxv from prctl or /proc")
            .iter()
            .collect(),
    };
    let page = real.iter().find(|p| p.0 == auxv::AT_PAGESZ).unwrap().1;
    let mut aux: Vec<_> = real
        .iter()
        .copied()
        .filter(|p| p.0 != auxv::AT_FLAGS)
        .collect();
    aux.push((auxv::AT_FLAGS, 0x5eed));
    let s = stack(&[c"prog"], &[c"A=1"], &aux);
    // SAFETY: `s` has the kernel's layout.
    unsafe { auxv::init_from_stack(s.as_ptr()) }.unwrap();
    assert_eq!(auxv::source(), Some(auxv::Source::Explicit));
    assert_eq!(auxv::get(auxv::AT_FLAGS), Some(0x5eed));
    assert_eq!(auxv::get(auxv::AT_PAGESZ), Some(page));

    // A vector with no AT_NULL within 256 pairs is refused.
    let mut bad: Vec<usize> = std::iter::repeat_n([auxv::AT_IGNORE, 0], 300)
        .flatten()
        .collect();
    bad.extend([auxv::AT_NULL, 0]);
    // SAFETY: `bad` is a vector of pairs ending with AT_NULL.
    let r = unsafe { auxv::init_from_auxv(bad.as_ptr()) };
    assert_eq!(r, Err(sysgate::Errno::EINVAL));
    assert_eq!(auxv::get(auxv::AT_FLAGS), Some(0x5eed), "cache untouched");
}

#[test]
fn memory_functions_match_the_slice_operations() {
    let src: Vec<u8> = (0..200u32).map(|i| (i * 7 + 3) as u8).collect();
    for len in [0, 1, 7, 8, 9, 15, 16, 17, 31, 64, 100] {
        for so in 0..8 {
            for d_off in 0..8 {
                // copy
                let mut dst = vec![0xAAu8; 130];
                // SAFETY: both ranges are inside their vectors, distinct.
                let r =
                    unsafe { mem::copy(dst.as_mut_ptr().add(d_off), src.as_ptr().add(so), len) };
                assert_eq!(r, dst.as_mut_ptr().wrapping_add(d_off));
                assert_eq!(&dst[d_off..d_off + len], &src[so..so + len]);
                assert!(dst[..d_off]
                    .iter()
                    .chain(&dst[d_off + len..])
                    .all(|&b| b == 0xAA));

                // move, overlapping in both directions
                let mut buf = src.clone();
                let mut want = src.clone();
                want.copy_within(so..so + len, d_off + 20);
                // SAFETY: both ranges are inside `buf`.
                unsafe { mem::move_(buf.as_mut_ptr().add(d_off + 20), buf.as_ptr().add(so), len) };
                assert_eq!(buf, want, "move up len {len} so {so} d {d_off}");
                let mut buf = src.clone();
                let mut want = src.clone();
                want.copy_within(so + 20..so + 20 + len, d_off);
                // SAFETY: as above.
                unsafe { mem::move_(buf.as_mut_ptr().add(d_off), buf.as_ptr().add(so + 20), len) };
                assert_eq!(buf, want, "move down len {len} so {so} d {d_off}");
            }
            // set
            let mut dst = vec![0u8; 130];
            // SAFETY: inside `dst`.
            unsafe { mem::set(dst.as_mut_ptr().add(so), 0x1_5A, len) };
            assert!(
                dst[so..so + len].iter().all(|&b| b == 0x5A),
                "low byte only"
            );
            assert!(dst[..so].iter().chain(&dst[so + len..]).all(|&b| b == 0));
        }
        // compare: equal, and each position differing either way
        let a = &src[..len];
        let mut b = a.to_vec();
        // SAFETY: both are `len` bytes.
        assert_eq!(unsafe { mem::compare(a.as_ptr(), b.as_ptr(), len) }, 0);
        for i in 0..len {
            b[i] = a[i].wrapping_add(1);
            // SAFETY: as above.
            let c = unsafe { mem::compare(a.as_ptr(), b.as_ptr(), len) };
            assert_eq!(c.signum(), (a[i] as i32 - b[i] as i32).signum(), "at {i}");
            b[i] = a[i];
        }
    }
    // SAFETY: NUL-terminated strings.
    unsafe {
        assert_eq!(mem::strlen(c"".as_ptr().cast()), 0);
        assert_eq!(mem::strlen(c"hello, world".as_ptr().cast()), 12);
        assert_eq!(mem::strlen(c"ab\xffcd".as_ptr().cast()), 5);
    }
}

#[test]
fn exit_ends_the_process_with_the_status() {
    // SAFETY: the child only calls exit_group.
    let pid = unsafe { libc::fork() };
    assert!(pid >= 0);
    if pid == 0 {
        sysgate::process::exit_group(0x1_07)
    }
    let mut status = 0;
    // SAFETY: waits for our own child.
    assert_eq!(unsafe { libc::waitpid(pid, &mut status, 0) }, pid);
    assert!(libc::WIFEXITED(status));
    assert_eq!(
        libc::WEXITSTATUS(status),
        7,
        "the low 8 bits reach the parent"
    );
}

/// Where fd 0 leads, as `/proc` names it.
fn fd0_target() -> Option<std::path::PathBuf> {
    std::fs::read_link("/proc/self/fd/0").ok()
}

const STD_FDS_CHILD: &str = "SYSGATE_RT_TEST_STD_FDS_CHILD";

/// In the re-executed child, started with fd 0 closed: std's runtime has
/// opened `/dev/null` onto it before any test code ran, which is what makes
/// `BorrowedFd::stdin` sound in programs with std.
#[test]
fn std_fds_child() {
    if std::env::var_os(STD_FDS_CHILD).is_none() {
        return;
    }
    let ok = fd0_target().as_deref() == Some(std::path::Path::new("/dev/null"));
    sysgate::process::exit_group(if ok { 0 } else { 1 })
}

#[test]
fn std_runtime_opens_closed_std_fds() {
    if common::under_qemu() {
        // qemu-user opens files of its own first, which take fd 0.
        common::skip("std fd check", "qemu-user's own files take fd 0");
        return;
    }
    let out = common::reexec_with("std_fds_child", STD_FDS_CHILD, |cmd| {
        use std::os::unix::process::CommandExt;
        // SAFETY: close(2) is async-signal-safe; fd 0 is the child's stdin,
        // which nothing in the child uses before exec.
        unsafe {
            cmd.pre_exec(|| {
                libc::close(0);
                Ok(())
            })
        };
    });
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}

const START_FDS_CHILD: &str = "SYSGATE_RT_TEST_START_FDS_CHILD";

/// `main` of the runtime in the child below: fd 0 must be `/dev/null` again,
/// and a new file must not take a number below 3.
fn start_fds_main(_: rt::Args, _: rt::Env) -> i32 {
    if fd0_target().as_deref() != Some(std::path::Path::new("/dev/null")) {
        return 1;
    }
    use sysgate::fs::{openat, Mode, OFlags, CWD};
    match openat(CWD, c"/", OFlags::RDONLY, Mode::empty()) {
        Ok(fd) if fd.as_raw_fd() >= 3 => 0,
        _ => 2,
    }
}

/// In the re-executed child: with fd 0 closed again after std's startup,
/// the runtime of `start!` (`rt::__run`, what `_start` calls) reopens it
/// before `main`.
#[test]
fn start_fds_child() {
    if std::env::var_os(START_FDS_CHILD).is_none() {
        return;
    }
    let mut buf = [0usize; 256];
    let real: Vec<(usize, usize)> = match auxv::read_prctl(&mut buf) {
        Ok(e) => e.iter().collect(),
        Err(_) => auxv::read_proc(&mut buf).unwrap().iter().collect(),
    };
    let s = stack(&[c"prog"], &[], &real);
    // SAFETY: this child's stdin is /dev/null and nothing uses it; closing
    // it recreates a process that started with fd 0 closed.
    assert_eq!(unsafe { libc::close(0) }, 0);
    // SAFETY: `s` has the kernel's layout, with this process's own auxv.
    unsafe { rt::__run(s.as_ptr(), start_fds_main) }
}

#[test]
fn start_runtime_opens_closed_std_fds() {
    let out = common::reexec("start_fds_child", START_FDS_CHILD);
    assert_eq!(out.status.code(), Some(0), "{out:?}");
}
