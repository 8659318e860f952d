//! The resolver on the live vDSO, checked against binutils: every function
//! `readelf --dyn-syms` lists in a dump of the `[vdso]` mapping is found at
//! the same address with the same version; absent names and wrong versions
//! are not.

use std::process::Command;
use sysgate::vdso::{Binding, Vdso};

/// The `[vdso]` mapping from /proc/self/maps: (start, end).
///
/// Reading `/proc/self/maps` is not atomic: while other threads map and
/// unmap, a line can go missing (qemu-user builds its version from the
/// host's, and dropped `[vdso]` once in a CI run on aarch64). So a missing
/// line is looked for again, up to five reads.
fn vdso_mapping() -> Option<(usize, usize)> {
    (0..5).find_map(|_| {
        let maps = std::fs::read_to_string("/proc/self/maps").unwrap();
        let line = maps.lines().find(|l| l.ends_with("[vdso]"))?;
        let range = line.split_whitespace().next()?;
        let (lo, hi) = range.split_once('-')?;
        Some((
            usize::from_str_radix(lo, 16).ok()?,
            usize::from_str_radix(hi, 16).ok()?,
        ))
    })
}

/// The time functions this architecture's vDSO has, with their version.
fn expected_functions() -> &'static [(&'static str, &'static str)] {
    if cfg!(target_arch = "x86_64") {
        &[
            ("__vdso_clock_gettime", "LINUX_2.6"),
            ("__vdso_gettimeofday", "LINUX_2.6"),
            ("__vdso_time", "LINUX_2.6"),
            ("__vdso_getcpu", "LINUX_2.6"),
            ("__vdso_clock_getres", "LINUX_2.6"),
        ]
    } else if cfg!(target_arch = "x86") {
        &[
            ("__vdso_clock_gettime64", "LINUX_2.6"),
            ("__vdso_clock_getres", "LINUX_2.6"),
            ("__vdso_getcpu", "LINUX_2.6"),
            ("__kernel_vsyscall", "LINUX_2.5"),
        ]
    } else if cfg!(target_arch = "aarch64") {
        &[
            ("__kernel_clock_gettime", "LINUX_2.6.39"),
            ("__kernel_clock_getres", "LINUX_2.6.39"),
            ("__kernel_gettimeofday", "LINUX_2.6.39"),
        ]
    } else if cfg!(target_arch = "arm") {
        &[
            ("__vdso_clock_gettime", "LINUX_2.6"),
            ("__vdso_clock_gettime64", "LINUX_2.6"),
            ("__vdso_clock_getres", "LINUX_2.6"),
            ("__vdso_gettimeofday", "LINUX_2.6"),
        ]
    } else if cfg!(target_arch = "powerpc64") {
        &[
            ("__kernel_clock_gettime", "LINUX_2.6.15"),
            ("__kernel_clock_getres", "LINUX_2.6.15"),
            ("__kernel_gettimeofday", "LINUX_2.6.15"),
            ("__kernel_time", "LINUX_2.6.15"),
            ("__kernel_getcpu", "LINUX_2.6.15"),
            ("__kernel_sigtramp_rt64", "LINUX_2.6.15"),
        ]
    } else if cfg!(target_arch = "s390x") {
        &[
            ("__kernel_clock_gettime", "LINUX_2.6.29"),
            ("__kernel_clock_getres", "LINUX_2.6.29"),
            ("__kernel_gettimeofday", "LINUX_2.6.29"),
            ("__kernel_getcpu", "LINUX_2.6.29"),
        ]
    } else if cfg!(target_arch = "loongarch64") {
        &[
            ("__vdso_clock_gettime", "LINUX_5.10"),
            ("__vdso_clock_getres", "LINUX_5.10"),
            ("__vdso_gettimeofday", "LINUX_5.10"),
            ("__vdso_getcpu", "LINUX_5.10"),
        ]
    } else {
        &[
            ("__vdso_clock_gettime", "LINUX_4.15"),
            ("__vdso_clock_getres", "LINUX_4.15"),
            ("__vdso_gettimeofday", "LINUX_4.15"),
            ("__vdso_getcpu", "LINUX_4.15"),
        ]
    }
}

fn readelf(args: &[&str], file: &std::path::Path) -> String {
    let out = Command::new("readelf")
        .args(args)
        .arg(file)
        .output()
        .expect("readelf (binutils) is not installed");
    assert!(
        out.status.success(),
        "readelf {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// A symbol as readelf lists it.
#[derive(Debug)]
struct ElfSym {
    value: u64,
    kind: String,
    bind: String,
    defined: bool,
    name: String,
    version: Option<String>,
}

fn parse_dyn_syms(text: &str) -> Vec<ElfSym> {
    let mut out = Vec::new();
    for line in text.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        // "Num: Value Size Type Bind Vis Ndx Name"
        if f.len() < 7 || !f[0].ends_with(':') || f[0].trim_end_matches(':').parse::<u32>().is_err()
        {
            continue;
        }
        let full = f.get(7).copied().unwrap_or("");
        let (name, version) = match full.split_once('@') {
            Some((n, v)) => (n, Some(v.trim_start_matches('@').to_string())),
            None => (full, None),
        };
        out.push(ElfSym {
            value: u64::from_str_radix(f[1], 16).unwrap(),
            kind: f[3].to_string(),
            bind: f[4].to_string(),
            defined: f[6] != "UND",
            name: name.to_string(),
            version,
        });
    }
    out
}

/// (p_offset, p_vaddr) of the first PT_LOAD, from `readelf -lW`.
fn first_load(text: &str) -> (u64, u64) {
    let line = text
        .lines()
        .find(|l| l.trim_start().starts_with("LOAD"))
        .expect("no LOAD");
    let f: Vec<&str> = line.split_whitespace().collect();
    let hex = |s: &str| u64::from_str_radix(s.trim_start_matches("0x"), 16).unwrap();
    (hex(f[1]), hex(f[2]))
}

#[test]
fn every_readelf_symbol_is_found_at_the_same_address() {
    let Some((lo, hi)) = vdso_mapping() else {
        assert!(
            Vdso::from_auxv().is_none(),
            "a vDSO that /proc/self/maps does not show"
        );
        println!("SKIPPED: this process has no [vdso] mapping");
        return;
    };
    let vdso = Vdso::from_auxv().expect("[vdso] is mapped but the resolver refused it");
    // SAFETY: the mapping is readable for the life of the process.
    let bytes = unsafe { std::slice::from_raw_parts(lo as *const u8, hi - lo) };
    let file = std::env::temp_dir().join(format!("sysgate-vdso-{}.so", std::process::id()));
    std::fs::write(&file, bytes).unwrap();
    let syms = parse_dyn_syms(&readelf(&["--dyn-syms", "-W"], &file));
    let (p_offset, p_vaddr) = first_load(&readelf(&["-lW"], &file));
    std::fs::remove_file(&file).unwrap();
    let addr = |value: u64| lo + (value - p_vaddr + p_offset) as usize;

    let funcs: Vec<&ElfSym> = syms
        .iter()
        // powerpc's vDSO declares its functions NOTYPE; the resolver takes both.
        .filter(|s| {
            s.defined
                && (s.kind == "FUNC" || s.kind == "NOTYPE")
                && (s.bind == "GLOBAL" || s.bind == "WEAK")
        })
        .collect();
    assert!(!funcs.is_empty(), "readelf lists no functions: {syms:?}");
    for s in &funcs {
        let version = s.version.as_deref().expect("an unversioned vDSO function");
        let found = vdso.lookup(&s.name, version).map(|p| p.as_ptr() as usize);
        assert_eq!(found, Some(addr(s.value)), "{}@{version}", s.name);
        for wrong in ["LINUX_0", "LINUX_2.6.3", "", "linux_2.6", "LINUX_2.6 "] {
            assert_eq!(vdso.lookup(&s.name, wrong), None, "{}@{wrong}", s.name);
        }
    }
    // Defined symbols that are not global or weak functions are not found.
    for s in syms
        .iter()
        .filter(|s| s.defined && s.kind != "FUNC" && s.kind != "NOTYPE")
    {
        for v in ["LINUX_2.6", "LINUX_2.6.39", "LINUX_4.15", "LINUX_2.5"] {
            assert_eq!(vdso.lookup(&s.name, v), None, "{}", s.name);
        }
    }
    // The iterator lists exactly readelf's defined global/weak functions.
    let mut ours: Vec<(String, String, usize)> = vdso
        .symbols()
        .filter(|s| s.is_function() && matches!(s.binding(), Binding::Global | Binding::Weak))
        .map(|s| {
            (
                s.name().to_str().unwrap().into(),
                s.version().unwrap().to_str().unwrap().into(),
                s.address(),
            )
        })
        .collect();
    let mut theirs: Vec<(String, String, usize)> = funcs
        .iter()
        .map(|s| (s.name.clone(), s.version.clone().unwrap(), addr(s.value)))
        .collect();
    ours.sort();
    theirs.sort();
    assert_eq!(ours, theirs);
    // And every defined symbol readelf lists, of any kind, is in it.
    assert_eq!(
        vdso.symbols().count(),
        syms.iter().filter(|s| s.defined).count()
    );
    println!("{} functions matched readelf", funcs.len());
}

#[test]
fn time_functions_present_and_absent_names_not() {
    let Some((lo, hi)) = vdso_mapping() else {
        println!("SKIPPED: this process has no [vdso] mapping");
        return;
    };
    let vdso = Vdso::from_auxv().unwrap();
    for &(name, version) in expected_functions() {
        let p = vdso
            .lookup(name, version)
            .unwrap_or_else(|| panic!("{name}@{version}"))
            .as_ptr() as usize;
        assert!(
            (lo..hi).contains(&p),
            "{name} at {p:#x}, outside {lo:#x}-{hi:#x}"
        );
    }
    for name in [
        "__vdso_nonexistent",
        "clock_gettime_",
        "__vdso_clock_gettim",
        "",
        "LINUX_2.6",
    ] {
        for &(_, version) in expected_functions() {
            assert_eq!(vdso.lookup(name, version), None, "{name}");
        }
    }
}

#[test]
fn a_copy_resolves_at_the_same_offsets() {
    let Some((lo, hi)) = vdso_mapping() else {
        println!("SKIPPED: this process has no [vdso] mapping");
        return;
    };
    // SAFETY: the mapping is readable for the life of the process.
    let copy = unsafe { std::slice::from_raw_parts(lo as *const u8, hi - lo) }.to_vec();
    let live = Vdso::from_auxv().unwrap();
    let copied = Vdso::from_bytes(&copy).unwrap();
    for &(name, version) in expected_functions() {
        let a = live.lookup(name, version).unwrap().as_ptr() as usize - lo;
        let b = copied.lookup(name, version).unwrap().as_ptr() as usize - copy.as_ptr() as usize;
        assert_eq!(a, b, "{name}");
    }
    assert_eq!(live.symbols().count(), copied.symbols().count());
    // Cut anywhere inside its segment, the copy is refused.
    assert!(Vdso::from_bytes(&copy[..64]).is_none());
    assert!(Vdso::from_bytes(&[]).is_none());
    // An image of another architecture is refused.
    let mut other = copy.clone();
    other[18] ^= 0x40;
    assert!(Vdso::from_bytes(&other).is_none());
}

#[test]
fn init_resolves_up_front() {
    let has = vdso_mapping().is_some();
    assert_eq!(sysgate::vdso::init(), has);
    assert_eq!(sysgate::vdso::init(), has, "a second init changes nothing");
    assert!(sysgate::time::clock_gettime(sysgate::time::ClockId::MONOTONIC).is_ok());
}
