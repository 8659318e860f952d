//! `sysgate::mm` against the real kernel.

use std::ptr::null_mut;
use sysgate::fs::{ftruncate, memfd_create, MemfdFlags};
use sysgate::mm::*;
use sysgate::Errno;

mod common;
use common::{closed_fd, skip, under_qemu};

#[test]
fn anonymous_map_protect_unmap() {
    let page = page_size();
    // SAFETY: a fresh mapping, used only here.
    unsafe {
        let p = mmap_anonymous(
            null_mut(),
            2 * page,
            ProtFlags::READ | ProtFlags::WRITE,
            MapFlags::PRIVATE,
        )
        .unwrap();
        let bytes = std::slice::from_raw_parts_mut(p.cast::<u8>(), 2 * page);
        assert!(bytes.iter().all(|&b| b == 0), "anonymous memory is zeroed");
        bytes[0] = 42;
        bytes[2 * page - 1] = 43;
        mprotect(p, page, ProtFlags::READ).unwrap();
        assert_eq!(bytes[0], 42);
        assert_eq!(
            mprotect(p.cast::<u8>().add(1).cast(), page, ProtFlags::READ),
            Err(Errno::EINVAL)
        );
        mlock(p, page).unwrap();
        munlock(p, page).unwrap();
        madvise(p, 2 * page, Advice::WillNeed).unwrap();
        madvise(p.cast::<u8>().add(page).cast(), page, Advice::DontNeed).unwrap();
        assert_eq!(bytes[2 * page - 1], 0, "DontNeed dropped the private page");
        assert_eq!(
            madvise(p.cast::<u8>().add(1).cast(), page, Advice::Normal),
            Err(Errno::EINVAL)
        );
        // The range spans two mappings now (different protections): EFAULT.
        assert_eq!(
            mremap(p, 2 * page, 8 * page, MremapFlags::MAYMOVE, null_mut()).err(),
            Some(Errno::EFAULT)
        );
        munmap(p, 2 * page).unwrap();
        // Grow in place or move a fresh mapping.
        let p = mmap_anonymous(
            null_mut(),
            2 * page,
            ProtFlags::READ | ProtFlags::WRITE,
            MapFlags::PRIVATE,
        )
        .unwrap();
        *p.cast::<u8>() = 42;
        let q = mremap(p, 2 * page, 8 * page, MremapFlags::MAYMOVE, null_mut()).unwrap();
        assert_eq!(*q.cast::<u8>(), 42);
        assert_eq!(
            mremap(q, 8 * page, 8 * page, MremapFlags::FIXED, null_mut()).err(),
            Some(Errno::EINVAL)
        );
        munmap(q, 8 * page).unwrap();
        assert_eq!(
            munmap(q.cast::<u8>().add(1).cast(), page),
            Err(Errno::EINVAL)
        );
        // Not `q`, just unmapped: another test thread (or malloc) may map
        // there meanwhile, and making that read-only crashes it. The page
        // at 0 is never mapped (vm.mmap_min_addr).
        assert_eq!(
            mprotect(null_mut(), page, ProtFlags::READ),
            Err(Errno::ENOMEM)
        );
        assert_eq!(
            mmap_anonymous(null_mut(), 0, ProtFlags::READ, MapFlags::PRIVATE).err(),
            Some(Errno::EINVAL)
        );
        assert_eq!(
            mmap_anonymous(null_mut(), page, ProtFlags::READ, MapFlags::empty()).err(),
            Some(Errno::EINVAL),
            "neither SHARED nor PRIVATE"
        );
    }
    // SAFETY: nothing is mapped at address 0: the kernel says ENOMEM.
    assert_eq!(
        unsafe { mlock(std::ptr::null(), page_size()) },
        Err(Errno::ENOMEM)
    );
}

#[test]
fn file_mapping_with_offset_and_msync() {
    let page = page_size();
    let f = memfd_create("sysgate-mm", MemfdFlags::empty()).unwrap();
    ftruncate(&f, 3 * page as u64).unwrap();
    sysgate::io::pwrite_all(&f, b"page-two", 2 * page as u64).unwrap();
    // SAFETY: a fresh shared mapping of our memfd.
    unsafe {
        let p = mmap(
            null_mut(),
            page,
            ProtFlags::READ | ProtFlags::WRITE,
            MapFlags::SHARED,
            &f,
            2 * page as u64,
        )
        .unwrap();
        let bytes = std::slice::from_raw_parts_mut(p.cast::<u8>(), page);
        assert_eq!(&bytes[..8], b"page-two");
        bytes[..3].copy_from_slice(b"PAG");
        msync(p, page, MsyncFlags::SYNC).unwrap();
        assert_eq!(
            msync(p, page, MsyncFlags::SYNC | MsyncFlags::ASYNC),
            Err(Errno::EINVAL)
        );
        let mut back = [0u8; 8];
        sysgate::io::pread_exact(&f, &mut back, 2 * page as u64).unwrap();
        assert_eq!(&back, b"PAGe-two");
        munmap(p, page).unwrap();
        assert_eq!(
            mmap(null_mut(), page, ProtFlags::READ, MapFlags::SHARED, &f, 1).err(),
            Some(Errno::EINVAL),
            "unaligned offset"
        );
        assert_eq!(
            mmap(
                null_mut(),
                page,
                ProtFlags::READ,
                MapFlags::SHARED,
                closed_fd(),
                0
            )
            .err(),
            Some(Errno::EBADF)
        );
        let (r, _w) = sysgate::io::pipe2(sysgate::io::PipeFlags::empty()).unwrap();
        assert_eq!(
            mmap(null_mut(), page, ProtFlags::READ, MapFlags::SHARED, &r, 0).err(),
            Some(Errno::ENODEV)
        );
        // Offsets past 4 GiB (mmap2's page units on i386).
        let big = 5u64 << 30;
        ftruncate(&f, big + page as u64).unwrap();
        sysgate::io::pwrite_all(&f, b"far", big).unwrap();
        let p = mmap(null_mut(), page, ProtFlags::READ, MapFlags::SHARED, &f, big).unwrap();
        assert_eq!(std::slice::from_raw_parts(p.cast::<u8>(), 3), b"far");
        munmap(p, page).unwrap();
    }
}

#[test]
fn fixed_noreplace_and_brk() {
    let page = page_size();
    // SAFETY: mappings made and removed here only.
    unsafe {
        let p = mmap_anonymous(null_mut(), page, ProtFlags::READ, MapFlags::PRIVATE).unwrap();
        match mmap_anonymous(
            p,
            page,
            ProtFlags::READ,
            MapFlags::PRIVATE | MapFlags::FIXED_NOREPLACE,
        ) {
            Err(e) => assert_eq!(e, Errno::EEXIST),
            Ok(q) => panic!("replaced a mapping at {q:?}"),
        }
        munmap(p, page).unwrap();
        let cur = brk(null_mut());
        assert!(!cur.is_null());
        assert_eq!(brk(null_mut()), cur, "querying does not move the break");
        // An absurd break is refused: the old one comes back.
        if under_qemu() {
            skip("brk(absurd)", "qemu-user 10 dies of SIGSEGV in its brk");
        } else {
            assert_eq!(brk(usize::MAX as *mut _), cur);
        }
    }
}
