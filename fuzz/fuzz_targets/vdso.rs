//! `Vdso::from_bytes` and lookups on arbitrary bytes: must never panic, and
//! every address returned must point into the image.
//!
//! `cargo +nightly fuzz run vdso corpus/vdso seeds -- -max_total_time=600`
//! (`seeds/` holds real vDSO images of x86_64, i386, aarch64 and riscv64).

#![no_main]

use libfuzzer_sys::fuzz_target;
use sysgate::vdso::Vdso;

/// Every function name any architecture's vDSO exports, with its version.
const NAMES: &[(&str, &str)] = &[
    ("__vdso_clock_gettime", "LINUX_2.6"),
    ("__vdso_gettimeofday", "LINUX_2.6"),
    ("__vdso_time", "LINUX_2.6"),
    ("__vdso_getcpu", "LINUX_2.6"),
    ("__vdso_clock_getres", "LINUX_2.6"),
    ("__vdso_getrandom", "LINUX_2.6"),
    ("__vdso_clock_gettime64", "LINUX_2.6"),
    ("__kernel_vsyscall", "LINUX_2.5"),
    ("clock_gettime", "LINUX_2.6"),
    ("__kernel_clock_gettime", "LINUX_2.6.39"),
    ("__kernel_gettimeofday", "LINUX_2.6.39"),
    ("__kernel_clock_getres", "LINUX_2.6.39"),
    ("__kernel_rt_sigreturn", "LINUX_2.6.39"),
    ("__vdso_clock_gettime", "LINUX_4.15"),
    ("__vdso_getcpu", "LINUX_4.15"),
    ("__vdso_flush_icache", "LINUX_4.15"),
    ("", "LINUX_2.6"),
    ("LINUX_2.6", "LINUX_2.6"),
];

/// `e_machine` of the host, and of the other 64-bit architectures whose
/// images are seeds: those are retargeted so the whole reader runs on them.
#[cfg(target_arch = "x86_64")]
const HOST: u16 = 62;
#[cfg(target_arch = "aarch64")]
const HOST: u16 = 183;
const OTHER_64: &[u16] = &[62, 183, 243];

fuzz_target!(|data: &[u8]| {
    let mut image = data.to_vec();
    if image.len() >= 20 && image[4] == 2 {
        let machine = u16::from_le_bytes([image[18], image[19]]);
        if OTHER_64.contains(&machine) {
            image[18..20].copy_from_slice(&HOST.to_le_bytes());
        }
    }
    let Some(vdso) = Vdso::from_bytes(&image) else {
        return;
    };
    let range = image.as_ptr_range();
    let inside = |p: usize| p >= range.start as usize && p < range.end as usize;
    for &(name, version) in NAMES {
        if let Some(p) = vdso.lookup(name, version) {
            assert!(inside(p.as_ptr() as usize), "{name}: outside the image");
        }
        let _ = vdso.lookup(name, "LINUX_0");
    }
    for s in vdso.symbols() {
        let name = s.name().to_str().unwrap_or("");
        if let (Some(v), true) = (s.version().and_then(|v| v.to_str().ok()), s.is_function()) {
            // A listed function is found under its own name and version,
            // unless an earlier symbol of the same name and version shadows
            // it; either way the answer is inside the image.
            if let Some(p) = vdso.lookup(name, v) {
                assert!(inside(p.as_ptr() as usize));
            }
        }
        let _ = (s.address(), s.size(), s.binding());
    }
});
