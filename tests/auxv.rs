//! auxv without libc: each source against the others and against libc's
//! `getauxval`, and malformed input.

mod common;

use sysgate::auxv::{self, Entries};
use sysgate::Errno;

/// Keys whose value libc reports as the kernel gave it (glibc rewrites
/// `AT_HWCAP` on x86, so it is not among them).
fn libc_pairs() -> Vec<(usize, usize)> {
    [
        auxv::AT_PAGESZ,
        auxv::AT_PHDR,
        auxv::AT_PHNUM,
        auxv::AT_ENTRY,
        auxv::AT_UID,
        auxv::AT_EUID,
        auxv::AT_GID,
        auxv::AT_EGID,
        auxv::AT_CLKTCK,
        auxv::AT_RANDOM,
        auxv::AT_SECURE,
        auxv::AT_SYSINFO_EHDR,
        auxv::AT_EXECFN,
    ]
    .into_iter()
    // SAFETY: getauxval only reads libc's copy of auxv.
    .map(|k| (k, unsafe { libc::getauxval(k as libc::c_ulong) } as usize))
    .collect()
}

#[test]
fn page_size_matches_the_kernel() {
    let page = auxv::get(auxv::AT_PAGESZ).expect("AT_PAGESZ is always present");
    // SAFETY: sysconf has no preconditions.
    assert_eq!(page as libc::c_long, unsafe {
        libc::sysconf(libc::_SC_PAGESIZE)
    });
    assert!(page.is_power_of_two() && page >= 4096);
    assert!(auxv::source().is_some());
}

#[test]
fn proc_agrees_with_libc_and_the_cache() {
    let mut buf = [0usize; 128];
    let proc = auxv::read_proc(&mut buf).expect("/proc/self/auxv is readable");
    assert!(proc.len() >= 10, "only {} entries", proc.len());
    for (k, v) in libc_pairs() {
        if v != 0 {
            assert_eq!(proc.get(k), Some(v), "key {k}");
        }
        assert_eq!(auxv::get(k), proc.get(k), "cache, key {k}");
    }
}

#[test]
fn prctl_agrees_with_proc() {
    let mut a = [0usize; 128];
    let mut b = [0usize; 128];
    let proc = auxv::read_proc(&mut b).unwrap();
    let _ = auxv::get(auxv::AT_PAGESZ);
    match auxv::read_prctl(&mut a) {
        Ok(prctl) => {
            let x: Vec<_> = prctl.iter().collect();
            let y: Vec<_> = proc.iter().collect();
            assert_eq!(x, y);
            assert_eq!(auxv::source(), Some(auxv::Source::Prctl));
        }
        // PR_GET_AUXV is Linux 6.4+; qemu-user 10 answers EINVAL to it.
        // Then the cache must have come from /proc.
        Err(Errno::EINVAL) if common::under_qemu() || kernel_before(6, 4) => {
            println!("SKIP PR_GET_AUXV: EINVAL here; checking the /proc fallback instead");
            assert_eq!(auxv::source(), Some(auxv::Source::Proc));
        }
        Err(e) => panic!("prctl(PR_GET_AUXV): {e}"),
    }
}

#[test]
fn small_buffers_are_e2big() {
    let mut tiny = [0usize; 4];
    assert_eq!(auxv::read_proc(&mut tiny).unwrap_err(), Errno::E2BIG);
    match auxv::read_prctl(&mut tiny) {
        Err(Errno::E2BIG) | Err(Errno::EINVAL) => {}
        other => panic!("{other:?}"),
    }
}

#[test]
fn malformed_vectors_are_rejected() {
    assert!(Entries::parse(&[]).is_none());
    assert!(Entries::parse(&[6, 4096]).is_none(), "no terminator");
    assert!(Entries::parse(&[6, 4096, 0]).is_none(), "half a terminator");
    let ok = Entries::parse(&[6, 4096, 0, 0, 99, 99]).unwrap();
    assert_eq!(ok.len(), 1);
    assert_eq!(ok.get(6), Some(4096));
    assert_eq!(ok.get(99), None, "words after AT_NULL are ignored");
    let empty = Entries::parse(&[0, 0]).unwrap();
    assert!(empty.is_empty());
    // Too long: 300 pairs with no terminator in the first 256.
    let mut long = vec![7usize; 600];
    long.extend([0, 0]);
    assert!(Entries::parse(&long).is_none());
    // SAFETY: `long` is readable for 256 pairs, the most the walk reads.
    assert_eq!(
        unsafe { auxv::init_from_auxv(long.as_ptr()) },
        Err(Errno::EINVAL)
    );
    // Duplicated keys: the first wins, as in the kernel's own lookups.
    let dup = Entries::parse(&[6, 1, 6, 2, 0, 0]).unwrap();
    assert_eq!(dup.get(6), Some(1));
}

/// Whether the running kernel's release is below `major.minor`.
fn kernel_before(major: u32, minor: u32) -> bool {
    let u = sysgate::process::uname();
    let release = std::str::from_utf8(u.release()).unwrap_or("");
    let mut nums = release
        .split(|c: char| !c.is_ascii_digit())
        .map(|n| n.parse::<u32>().unwrap_or(0));
    (nums.next().unwrap_or(0), nums.next().unwrap_or(0)) < (major, minor)
}
