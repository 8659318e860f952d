//! Landlock against the real kernel. Enforcing cannot be undone, so every
//! test that restricts does it in a forked child, which reports through its
//! exit code (0: as expected; n: check n failed) and does only
//! async-signal-safe work.

mod common;

use common::{child_exit_code as in_child, closed_fd, skip, temp_dir, under_qemu};
use std::ffi::CString;
use std::net::Ipv4Addr;
use std::os::unix::ffi::OsStrExt;
use sysgate::fs::{openat, Mode, OFlags, CWD};
use sysgate::landlock::{
    self, Abi, AccessFs, AccessNet, Compat, Dropped, Handled, NoNewPrivs, RestrictSelfFlags,
    Ruleset, Scope,
};
use sysgate::net::{
    self, AddressFamily, Protocol, SocketAddrUnix, SocketAddrV4, SocketFlags, SocketType,
};
use sysgate::process::{self, Target};
use sysgate::signal::kill;
use sysgate::{Errno, Result};

/// The kernel's ABI, or `None` (printing why) where Landlock is missing.
fn kernel_abi(what: &str) -> Option<Abi> {
    match landlock::abi() {
        Ok(abi) => Some(abi),
        Err(e) => {
            skip(
                what,
                &format!("landlock_create_ruleset(VERSION) gave {e:?}"),
            );
            None
        }
    }
}

/// 0 when `r` is `want`, else `code`.
fn expect<T>(r: Result<T>, want: core::result::Result<(), Errno>, code: i32) -> i32 {
    if r.map(drop) == want {
        0
    } else {
        code
    }
}

/// `path` opened with `O_PATH`, as Landlock rules want it.
fn opath(path: &std::ffi::CStr) -> sysgate::OwnedFd {
    openat(CWD, path, OFlags::PATH, Mode::empty()).unwrap()
}

fn cstr(p: &std::path::Path) -> CString {
    CString::new(p.as_os_str().as_bytes()).unwrap()
}

#[test]
fn abi_version() {
    let Some(abi) = kernel_abi("abi") else { return };
    println!("landlock ABI {}", abi.raw());
    assert!(abi >= Abi::V1);
    if !under_qemu() {
        // This machine's kernel (6.18) reports 7; older CI kernels less.
        assert!(abi.raw() <= 64, "{abi:?}");
    }
    match landlock::errata() {
        Ok(e) => println!("landlock errata {e:#x}"),
        Err(e) => assert_eq!(e, Errno::EINVAL, "errata"),
    }
}

#[test]
fn rights_per_abi() {
    assert_eq!(Abi::V1.access_fs().bits().count_ones(), 13);
    assert_eq!(Abi::V2.access_fs() - Abi::V1.access_fs(), AccessFs::REFER);
    assert_eq!(
        Abi::V3.access_fs() - Abi::V2.access_fs(),
        AccessFs::TRUNCATE
    );
    assert_eq!(Abi::V4.access_fs(), Abi::V3.access_fs());
    assert_eq!(
        Abi::V4.access_net() - Abi::V3.access_net(),
        AccessNet::all()
    );
    assert_eq!(
        Abi::V5.access_fs() - Abi::V4.access_fs(),
        AccessFs::IOCTL_DEV
    );
    assert_eq!(Abi::V6.scope() - Abi::V5.scope(), Scope::all());
    assert_eq!(
        Abi::V7.restrict_self_flags() - Abi::V6.restrict_self_flags(),
        RestrictSelfFlags::all()
    );
    assert_eq!(Abi::V7.access_fs(), AccessFs::all());
    assert_eq!(Abi::from_raw(9).unwrap().access_fs(), AccessFs::all());
    assert_eq!(Abi::from_raw(0), None);
}

/// Best effort on ABI 1..6 drops exactly what those ABIs lack, and the
/// kernel (ABI 7 here) accepts what is left; strict refuses instead.
#[test]
fn best_effort_downgrade() {
    let Some(kernel) = kernel_abi("best_effort_downgrade") else {
        return;
    };
    let want = Handled::all(Abi::LATEST);
    for n in 1..=kernel.raw().min(7) {
        let abi = Abi::from_raw(n).unwrap();
        let mut rs = Ruleset::create(want, abi, Compat::BestEffort).unwrap();
        let dropped = rs.dropped().handled;
        assert_eq!(dropped.fs, AccessFs::all() - abi.access_fs(), "ABI {n}");
        assert_eq!(dropped.net, AccessNet::all() - abi.access_net(), "ABI {n}");
        assert_eq!(dropped.scope, Scope::all() - abi.scope(), "ABI {n}");
        assert_eq!(rs.handled(), Handled::all(abi));
        // A rule with a right the ABI lacks loses it; one with only such
        // rights is not added at all.
        let dir = opath(c"/tmp");
        rs.add_path(&dir, AccessFs::READ_DIR | AccessFs::IOCTL_DEV)
            .unwrap();
        rs.add_path(&dir, AccessFs::IOCTL_DEV).unwrap();
        rs.add_port(80, AccessNet::CONNECT_TCP).unwrap();
        let d = rs.dropped();
        let missing_fs = !abi.access_fs().contains(AccessFs::IOCTL_DEV);
        let missing_net = abi.access_net().is_empty();
        assert_eq!(
            d.rule_fs.contains(AccessFs::IOCTL_DEV),
            missing_fs,
            "ABI {n}"
        );
        assert_eq!(d.rule_net.contains(AccessNet::CONNECT_TCP), missing_net);
        assert_eq!(d.rules, missing_fs as u32 + missing_net as u32, "ABI {n}");
        println!("ABI {n}: dropped {d:?}");
        if n == 7 {
            assert!(d.is_empty());
        }
        // Strict refuses the same request before asking the kernel.
        let strict = Ruleset::create(want, abi, Compat::Strict).map(drop);
        assert_eq!(
            strict,
            if n >= 6 {
                Ok(())
            } else {
                Err(Errno::EOPNOTSUPP)
            }
        );
        // ... and takes what the ABI knows.
        Ruleset::create(Handled::all(abi), abi, Compat::Strict).unwrap();
    }
}

#[test]
fn ruleset_errors() {
    let Some(abi) = kernel_abi("ruleset_errors") else {
        return;
    };
    // Nothing handled.
    let r = Ruleset::create(Handled::default(), abi, Compat::Strict);
    assert_eq!(r.map(drop), Err(Errno::ENOMSG));
    let fs_only = Handled {
        fs: AccessFs::READ_FILE,
        ..Handled::default()
    };
    let mut rs = Ruleset::create(fs_only, abi, Compat::Strict).unwrap();
    let tmp = opath(c"/tmp");
    assert_eq!(
        rs.add_path(closed_fd(), AccessFs::READ_FILE),
        Err(Errno::EBADF)
    );
    // A right the ruleset does not handle.
    assert_eq!(rs.add_path(&tmp, AccessFs::WRITE_FILE), Err(Errno::EINVAL));
    assert_eq!(rs.add_path(&tmp, AccessFs::empty()), Err(Errno::ENOMSG));
    rs.add_path(&tmp, AccessFs::READ_FILE).unwrap();
    // Not a ruleset fd (an O_PATH fd is no fd at all to the call: EBADF).
    let dir = openat(
        CWD,
        c"/tmp",
        OFlags::RDONLY | OFlags::DIRECTORY,
        Mode::empty(),
    )
    .unwrap();
    assert_eq!(
        landlock::restrict_self(Some(sysgate::AsFd::as_fd(&dir)), RestrictSelfFlags::empty()),
        Err(Errno::EBADFD)
    );
    assert_eq!(
        landlock::restrict_self(Some(closed_fd()), RestrictSelfFlags::empty()),
        Err(Errno::EBADF)
    );
    if abi >= Abi::V4 {
        let net = Handled {
            net: AccessNet::BIND_TCP,
            ..Handled::default()
        };
        let mut rs = Ruleset::create(net, abi, Compat::Strict).unwrap();
        assert_eq!(rs.add_port(1, AccessNet::CONNECT_TCP), Err(Errno::EINVAL));
        rs.add_port(1, AccessNet::BIND_TCP).unwrap();
    }
    // Strict: the flag of a newer ABI than the one targeted.
    let mut rs = Ruleset::create(fs_only, Abi::V6, Compat::Strict).unwrap();
    assert_eq!(
        rs.restrict_self(RestrictSelfFlags::LOG_NEW_EXEC_ON, NoNewPrivs::AsIs),
        Err(Errno::EOPNOTSUPP)
    );
}

/// Without no_new_privs and without CAP_SYS_ADMIN, enforcing is refused.
#[test]
fn restrict_self_needs_no_new_privs() {
    let Some(abi) = kernel_abi("restrict_self_needs_no_new_privs") else {
        return;
    };
    let code = in_child(|| {
        // Leave root (and with it every capability) if we are root. The raw
        // call: libc's would wait for the parent's other threads.
        #[cfg(target_arch = "x86")]
        let nr = sysgate::Sysno::setresuid32;
        #[cfg(not(target_arch = "x86"))]
        let nr = sysgate::Sysno::setresuid;
        // SAFETY: plain integers; only this child changes.
        if process::getuid().as_raw() == 0
            && unsafe { sysgate::syscall!(nr, 65534, 65534, 65534) }.is_err()
        {
            return 10;
        }
        if process::get_no_new_privs() != Ok(false) {
            return 11;
        }
        let h = Handled::all(abi);
        let Ok(mut rs) = Ruleset::create(h, abi, Compat::BestEffort) else {
            return 12;
        };
        expect(
            rs.restrict_self(RestrictSelfFlags::empty(), NoNewPrivs::AsIs),
            Err(Errno::EPERM),
            13,
        )
    });
    assert_eq!(code, 0);
}

/// A read-only rule for one directory: reading there works, reading
/// elsewhere and writing there fail with EACCES.
#[test]
fn fs_denial() {
    let Some(abi) = kernel_abi("fs_denial") else {
        return;
    };
    let allowed = temp_dir("landlock-allowed");
    let other = temp_dir("landlock-other");
    std::fs::write(allowed.join("f"), "in").unwrap();
    std::fs::write(other.join("g"), "out").unwrap();
    let (dir, inside, outside, new) = (
        cstr(&allowed),
        cstr(&allowed.join("f")),
        cstr(&other.join("g")),
        cstr(&allowed.join("new")),
    );
    let code = in_child(|| {
        let Ok(dirfd) = openat(CWD, &*dir, OFlags::PATH | OFlags::DIRECTORY, Mode::empty()) else {
            return 1;
        };
        let Ok(mut rs) = Ruleset::create(Handled::all(abi), abi, Compat::BestEffort) else {
            return 2;
        };
        if rs
            .add_path(&dirfd, AccessFs::READ_FILE | AccessFs::READ_DIR)
            .is_err()
        {
            return 3;
        }
        match rs.restrict_self(RestrictSelfFlags::empty(), NoNewPrivs::Set) {
            Ok(d) if d.is_empty() || abi < Abi::LATEST => {}
            _ => return 5,
        }
        if process::get_no_new_privs() != Ok(true) {
            return 9;
        }
        let ro = OFlags::RDONLY;
        let wr = OFlags::WRONLY | OFlags::CREAT;
        let mode = Mode::from_bits_retain(0o600);
        expect(openat(CWD, &*inside, ro, Mode::empty()), Ok(()), 6)
            + expect(
                openat(CWD, &*outside, ro, Mode::empty()),
                Err(Errno::EACCES),
                7,
            )
            + expect(openat(CWD, &*new, wr, mode), Err(Errno::EACCES), 8)
    });
    assert_eq!(code, 0);
    assert!(!allowed.join("new").exists());
    let _ = std::fs::remove_dir_all(&allowed);
    let _ = std::fs::remove_dir_all(&other);
}

fn tcp_socket() -> Result<sysgate::OwnedFd> {
    net::socket(
        AddressFamily::INET,
        SocketType::STREAM,
        SocketFlags::empty(),
        Protocol::DEFAULT,
    )
}

/// Binding to the one allowed port works; to another, EACCES.
#[test]
fn net_port_denial() {
    let Some(abi) = kernel_abi("net_port_denial") else {
        return;
    };
    if abi < Abi::V4 {
        skip(
            "net_port_denial",
            &format!("ABI {} has no network rights", abi.raw()),
        );
        return;
    }
    // Two ports free right now, found by binding to port 0. Any process
    // can take one of them before the child binds it (an outgoing connect
    // picks from the same range), so a draw whose allowed port is then in
    // use (EADDRINUSE) is made again; only Landlock's answers count.
    const IN_USE: i32 = 7;
    let port = || {
        let s = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        s.local_addr().unwrap().port()
    };
    for _ in 0..5 {
        let (good, bad) = (port(), port());
        if good == bad {
            continue;
        }
        let code = in_child(|| {
            let h = Handled {
                net: AccessNet::BIND_TCP,
                ..Handled::default()
            };
            let Ok(mut rs) = Ruleset::create(h, abi, Compat::Strict) else {
                return 1;
            };
            if rs.add_port(good, AccessNet::BIND_TCP).is_err() {
                return 2;
            }
            if rs
                .restrict_self(RestrictSelfFlags::empty(), NoNewPrivs::Set)
                .is_err()
            {
                return 3;
            }
            let (Ok(a), Ok(b)) = (tcp_socket(), tcp_socket()) else {
                return 4;
            };
            let addr = |p| SocketAddrV4::new(Ipv4Addr::LOCALHOST, p);
            match net::bind(&a, &addr(good)) {
                Ok(()) => {}
                Err(Errno::EADDRINUSE) => return IN_USE,
                Err(e) => {
                    common::child_fail(format_args!("bind to the allowed port {good}: {e:?}"))
                }
            }
            expect(net::bind(&b, &addr(bad)), Err(Errno::EACCES), 6)
        });
        if code != IN_USE {
            assert_eq!(code, 0);
            return;
        }
    }
    panic!("five draws of an allowed port were all taken before the child bound it");
}

/// The signal scope: signalling the parent (outside the domain) is EPERM,
/// signalling itself works.
#[test]
fn signal_scope() {
    let Some(abi) = kernel_abi("signal_scope") else {
        return;
    };
    if abi < Abi::V6 {
        skip("signal_scope", &format!("ABI {} has no scopes", abi.raw()));
        return;
    }
    let parent = process::getpid();
    let code = in_child(|| {
        let h = Handled {
            scope: Scope::SIGNAL,
            ..Handled::default()
        };
        let Ok(mut rs) = Ruleset::create(h, abi, Compat::Strict) else {
            return 1;
        };
        if rs
            .restrict_self(RestrictSelfFlags::empty(), NoNewPrivs::Set)
            .is_err()
        {
            return 2;
        }
        expect(kill(Target::Pid(parent), None), Err(Errno::EPERM), 3)
            + expect(kill(Target::Pid(process::getpid()), None), Ok(()), 4)
    });
    assert_eq!(code, 0);
}

/// ABI 7 flags reach the kernel; with fd -1 only LOG_SUBDOMAINS_OFF is
/// valid (other flags make the kernel look for a ruleset fd -1: EBADF).
#[test]
fn restrict_self_flags() {
    let Some(abi) = kernel_abi("restrict_self_flags") else {
        return;
    };
    if abi < Abi::V7 {
        skip(
            "restrict_self_flags",
            &format!("ABI {} has no flags", abi.raw()),
        );
        return;
    }
    let code = in_child(|| {
        if process::set_no_new_privs().is_err() {
            return 1;
        }
        let r = landlock::restrict_self(None, RestrictSelfFlags::LOG_NEW_EXEC_ON);
        let c = expect(r, Err(Errno::EBADF), 2);
        let r = landlock::restrict_self(None, RestrictSelfFlags::LOG_SUBDOMAINS_OFF);
        let c = c + expect(r, Ok(()), 3);
        let h = Handled {
            fs: AccessFs::EXECUTE,
            ..Handled::default()
        };
        let Ok(mut rs) = Ruleset::create(h, abi, Compat::Strict) else {
            return 4;
        };
        let r = rs.restrict_self(
            RestrictSelfFlags::LOG_SAME_EXEC_OFF | RestrictSelfFlags::LOG_NEW_EXEC_ON,
            NoNewPrivs::AsIs,
        );
        match r {
            Ok(d) if d == Dropped::default() => c,
            _ => c + 5,
        }
    });
    assert_eq!(code, 0);
}

/// The abstract unix socket scope: connecting to a socket the parent (outside
/// the domain) listens on is EPERM; to one made inside the domain works.
#[test]
fn abstract_unix_socket_scope() {
    let Some(abi) = kernel_abi("abstract_unix_socket_scope") else {
        return;
    };
    if abi < Abi::V6 {
        skip(
            "abstract_unix_socket_scope",
            &format!("ABI {} has no scopes", abi.raw()),
        );
        return;
    }
    let unix = || {
        net::socket(
            AddressFamily::UNIX,
            SocketType::STREAM,
            SocketFlags::empty(),
            Protocol::DEFAULT,
        )
    };
    let outer =
        SocketAddrUnix::new_abstract(format!("sysgate-ll-out-{}", std::process::id()).as_bytes())
            .unwrap();
    let inner =
        SocketAddrUnix::new_abstract(format!("sysgate-ll-in-{}", std::process::id()).as_bytes())
            .unwrap();
    let listener = unix().unwrap();
    net::bind(&listener, &outer).unwrap();
    net::listen(&listener, 1).unwrap();
    let code = in_child(|| {
        let h = Handled {
            scope: Scope::ABSTRACT_UNIX_SOCKET,
            ..Handled::default()
        };
        let Ok(mut rs) = Ruleset::create(h, abi, Compat::Strict) else {
            return 1;
        };
        if rs
            .restrict_self(RestrictSelfFlags::empty(), NoNewPrivs::Set)
            .is_err()
        {
            return 2;
        }
        let (Ok(a), Ok(b), Ok(l)) = (unix(), unix(), unix()) else {
            return 3;
        };
        if net::bind(&l, &inner).is_err() || net::listen(&l, 1).is_err() {
            return 4;
        }
        expect(net::connect(&a, &outer), Err(Errno::EPERM), 5)
            + expect(net::connect(&b, &inner), Ok(()), 6)
    });
    assert_eq!(code, 0);
    // Outside the domain the same connect works.
    net::connect(unix().unwrap(), &outer).unwrap();
}
