//! Unit tests of the code that makes no system call (path conversion,
//! `IoSlice` advancing, auxv parsing, Unix socket addresses, signal sets,
//! wait status decoding), so that Miri can check its unsafe code:
//! `cargo +nightly miri test --lib -- pure_tests vdso::` (see README).
//! The same behaviour against the kernel is in `tests/`.

use crate::auxv::{self, Entries};
use crate::io::{IoSlice, IoSliceMut};
use crate::net::{SockAddr, SocketAddrUnix};
use crate::path::{Arg, PATH_MAX};
use crate::process::WaitStatus;
use crate::signal::{SigSet, Signal};
use crate::Errno;

#[test]
fn path_conversion() {
    let got = "a/b".with_c_str(|c| Ok(c.to_bytes().len())).unwrap();
    assert_eq!(got, 3);
    let c = c"already";
    assert_eq!(c.with_c_str(|p| Ok(p.as_ptr())), Ok(c.as_ptr()), "no copy");
    assert_eq!(b"x\0y".with_c_str(|_| Ok(())), Err(Errno::EINVAL));
    let long = [b'a'; PATH_MAX];
    assert_eq!(long[..].with_c_str(|_| Ok(())), Err(Errno::ENAMETOOLONG));
    let fits = long[..PATH_MAX - 1]
        .with_c_str(|c| Ok(c.to_bytes_with_nul().len()))
        .unwrap();
    assert_eq!(fits, PATH_MAX);
    assert_eq!(b"".with_c_str(|c| Ok(c.to_bytes().len())), Ok(0));
}

#[test]
fn io_slice_advance() {
    let (a, b, c) = (*b"abc", *b"de", *b"fghi");
    let mut v = [IoSlice::new(&a), IoSlice::new(&b), IoSlice::new(&c)];
    let mut bufs = &mut v[..];
    IoSlice::advance_slices(&mut bufs, 4);
    assert_eq!(bufs.len(), 2);
    assert_eq!(&*bufs[0], b"e");
    IoSlice::advance_slices(&mut bufs, 1);
    assert_eq!(&*bufs[0], b"fghi");
    bufs[0].advance(100);
    assert!(bufs[0].is_empty());
    IoSlice::advance_slices(&mut bufs, 100);
    assert!(bufs.is_empty());

    let mut x = *b"12345";
    let mut m = [IoSliceMut::new(&mut x)];
    let mut bufs = &mut m[..];
    IoSliceMut::advance_slices(&mut bufs, 2);
    bufs[0][0] = b'X';
    assert_eq!(&*bufs[0], b"X45");
    assert_eq!(&x, b"12X45");
}

#[test]
fn auxv_entries() {
    assert!(Entries::parse(&[]).is_none());
    assert!(Entries::parse(&[6, 4096]).is_none(), "no terminator");
    let e = Entries::parse(&[6, 4096, 33, 0x1000, 6, 1, 0, 0, 9, 9]).unwrap();
    assert_eq!(e.len(), 3);
    assert_eq!(e.get(auxv::AT_PAGESZ), Some(4096), "the first wins");
    assert_eq!(e.get(auxv::AT_SYSINFO_EHDR), Some(0x1000));
    assert_eq!(e.get(9), None, "after AT_NULL");
    assert_eq!(e.iter().count(), 3);
    let long: [usize; 600] = core::array::from_fn(|i| if i % 2 == 0 { 1 } else { 0 });
    assert!(
        Entries::parse(&long).is_none(),
        "no AT_NULL within 256 pairs"
    );
}

#[test]
fn unix_socket_addresses() {
    let a = SocketAddrUnix::new("/tmp/s").unwrap();
    assert_eq!(a.path(), Some(&b"/tmp/s"[..]));
    assert_eq!(a.abstract_name(), None);
    assert!(!a.is_unnamed());
    let len = a.with_sockaddr(|_, len| len);
    assert_eq!(len, 2 + 6 + 1, "family, path, NUL");
    assert_eq!(SocketAddrUnix::new(""), Err(Errno::EINVAL));
    assert_eq!(SocketAddrUnix::new("a\0b"), Err(Errno::EINVAL));
    assert_eq!(
        SocketAddrUnix::new([b'p'; 107])
            .unwrap()
            .path()
            .unwrap()
            .len(),
        107
    );
    assert_eq!(SocketAddrUnix::new([b'p'; 108]), Err(Errno::ENAMETOOLONG));
    let abs = SocketAddrUnix::new_abstract(b"n\0x").unwrap();
    assert_eq!(abs.abstract_name(), Some(&b"n\0x"[..]));
    assert_eq!(abs.path(), None);
    assert!(SocketAddrUnix::unnamed().is_unnamed());
}

#[test]
fn signal_sets() {
    assert_eq!(Signal::from_raw(0), None);
    assert_eq!(Signal::from_raw(65), None);
    assert_eq!(Signal::from_raw(-1), None);
    assert_eq!(Signal::from_raw(64), Some(Signal::RTMAX));
    assert_eq!(Signal::rt(33), None);
    let mut s = SigSet::of(&[Signal::HUP, Signal::RTMAX]);
    assert_eq!(s.bits(), 1 | 1 << 63);
    s.insert(Signal::rt(0).unwrap());
    assert!(s.contains(Signal::RTMIN));
    s.remove(Signal::HUP);
    let all: [Signal; 2] = [Signal::RTMIN, Signal::RTMAX];
    assert!(s.iter().eq(all));
    // Every number a `Signal` can hold sets exactly its own bit.
    for n in 1..=64 {
        let mut one = SigSet::EMPTY;
        one.insert(Signal::from_raw(n).unwrap());
        assert_eq!(one.bits(), 1 << (n - 1));
    }
    assert_eq!(SigSet::FULL.iter().count(), 64);
    assert_eq!(SigSet::from_bits(0).iter().next(), None);
}

#[test]
fn wait_status_never_makes_a_bad_signal() {
    let highs = [0, 1, 0x40, 0x41, 0x7f, 0xff];
    for status in (0..=0xff).flat_map(|low| highs.map(|h| h << 8 | low)) {
        match WaitStatus::from_raw(status) {
            Some(WaitStatus::Stopped(sig) | WaitStatus::Signaled { signal: sig, .. }) => {
                assert!((1..=64).contains(&sig.raw()), "{status:#x}");
            }
            Some(_) => {}
            None => {
                let n = if status & 0xff == 0x7f {
                    (status >> 8) & 0x7f
                } else {
                    status & 0x7f
                };
                assert!(n == 0 || n > 64, "{status:#x}");
            }
        }
    }
}
