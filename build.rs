//! Turns the data tables under `arch/` into code: `Sysno` from
//! `arch/<arch>/syscalls.tbl`, and the `Errno` constants from
//! `arch/<arch>/errno.tbl` (or `arch/generic/errno.tbl`).

use std::env;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    let arch = env::var("CARGO_CFG_TARGET_ARCH").expect("cargo sets CARGO_CFG_TARGET_ARCH");
    let root = PathBuf::from(env::var("CARGO_MANIFEST_DIR").expect("cargo sets the manifest dir"));
    let out = PathBuf::from(env::var("OUT_DIR").expect("cargo sets OUT_DIR"));

    let sys_path = root.join("arch").join(&arch).join("syscalls.tbl");
    let mut errno_path = root.join("arch").join(&arch).join("errno.tbl");
    if !errno_path.exists() {
        errno_path = root.join("arch/generic/errno.tbl");
    }
    println!("cargo:rerun-if-changed={}", sys_path.display());
    println!("cargo:rerun-if-changed={}", errno_path.display());
    let calls_path = root.join("arch/generic/calls.tbl");
    println!("cargo:rerun-if-changed={}", calls_path.display());
    println!("cargo:rerun-if-changed=build.rs");

    // 32-bit arm in Thumb mode, where r7 (the system call number register)
    // is the frame pointer: `arch/arm/mod.rs` saves it around each call.
    // Stable Rust does not expose `target_feature = "thumb-mode"` to `cfg`,
    // so the target's name decides (thumbv7neon-*, thumbv7a-*, ...).
    println!("cargo:rustc-check-cfg=cfg(sysgate_thumb)");
    if arch == "arm" && env::var("TARGET").is_ok_and(|t| t.starts_with("thumb")) {
        println!("cargo:rustc-cfg=sysgate_thumb");
    }

    let mut sysno = gen_sysno(&arch, &sys_path);
    gen_calls(&mut sysno, &sys_path, &calls_path).expect("format the preferred calls");
    fs::write(out.join("sysno.rs"), sysno).expect("write sysno.rs");
    let errno = gen_errno(&errno_path);
    fs::write(out.join("errno.rs"), errno).expect("write errno.rs");
}

/// The non-comment, non-blank lines of a table, split on whitespace.
fn rows(path: &Path) -> Vec<(usize, Vec<String>)> {
    let text = fs::read_to_string(path).unwrap_or_else(|e| {
        panic!(
            "sysgate has no table {} for this target: {e}",
            path.display()
        )
    });
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|(i, l)| (i + 1, l.split_whitespace().map(str::to_owned).collect()))
        .collect()
}

/// A Rust identifier for a kernel name (raw identifier for keywords).
fn ident(name: &str) -> String {
    const KEYWORDS: &[&str] = &["break", "type", "move", "fn", "mod", "ref", "yield", "use"];
    if KEYWORDS.contains(&name) {
        format!("r#{name}")
    } else {
        name.to_owned()
    }
}

fn gen_sysno(arch: &str, path: &Path) -> String {
    let mut entries: Vec<(usize, String)> = Vec::new();
    for (line, cols) in rows(path) {
        let [nr, name] = cols.as_slice() else {
            panic!("{}:{line}: expected `<number> <name>`", path.display());
        };
        let nr: usize = nr
            .parse()
            .unwrap_or_else(|_| panic!("{}:{line}: bad number {nr}", path.display()));
        if let Some((prev, _)) = entries.last() {
            assert!(nr > *prev, "{}:{line}: numbers must ascend", path.display());
        }
        entries.push((nr, name.clone()));
    }
    let file = format!("arch/{arch}/syscalls.tbl");
    let mut s = String::new();
    writeln!(
        s,
        "/// A system call of this architecture, named as in the kernel's table"
    )
    .unwrap();
    writeln!(s, "/// (generated from `{file}`); its value is the number.").unwrap();
    writeln!(
        s,
        "#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]"
    )
    .unwrap();
    writeln!(
        s,
        "#[repr(usize)]\n#[non_exhaustive]\n#[allow(non_camel_case_types)]"
    )
    .unwrap();
    writeln!(s, "pub enum Sysno {{").unwrap();
    for (nr, name) in &entries {
        writeln!(
            s,
            "    /// `{name}`, number {nr}.\n    {} = {nr},",
            ident(name)
        )
        .unwrap();
    }
    writeln!(s, "}}\n\nimpl Sysno {{").unwrap();
    writeln!(s, "    /// Every entry, in numeric order.").unwrap();
    writeln!(s, "    pub const ALL: &'static [Sysno] = &[").unwrap();
    for (_, name) in &entries {
        writeln!(s, "        Sysno::{},", ident(name)).unwrap();
    }
    writeln!(s, "    ];\n}}\n").unwrap();
    // A dense table indexed by number (gaps are `None`), and the names in
    // sorted order for a binary search: data, not code, so they cost the
    // compiler almost nothing.
    let max = entries.last().map_or(0, |e| e.0);
    let mut by_number = vec![None; max + 1];
    for (nr, name) in &entries {
        by_number[*nr] = Some(name);
    }
    writeln!(
        s,
        "/// Each number's call and kernel name, `None` where there is none."
    )
    .unwrap();
    writeln!(s, "const BY_NUMBER: &[Option<(Sysno, &str)>] = &[").unwrap();
    for e in &by_number {
        match e {
            Some(name) => writeln!(s, "    Some((Sysno::{}, \"{name}\")),", ident(name)).unwrap(),
            None => writeln!(s, "    None,").unwrap(),
        }
    }
    let mut by_name: Vec<&(usize, String)> = entries.iter().collect();
    by_name.sort_by(|a, b| a.1.cmp(&b.1));
    writeln!(s, "];\n\n/// Every call under its name, sorted by name.").unwrap();
    writeln!(s, "const BY_NAME: &[(&str, Sysno)] = &[").unwrap();
    for (_, name) in by_name {
        writeln!(s, "    (\"{name}\", Sysno::{}),", ident(name)).unwrap();
    }
    writeln!(s, "];").unwrap();
    s
}

/// `crate::sysno::call`: for each line of `arch/generic/calls.tbl`, the
/// first candidate that this architecture's table lists.
fn gen_calls(s: &mut String, sys_path: &Path, calls_path: &Path) -> std::fmt::Result {
    let have: std::collections::HashSet<String> = rows(sys_path)
        .into_iter()
        .filter_map(|(_, cols)| cols.get(1).cloned())
        .collect();
    writeln!(
        s,
        "\n/// The call each wrapper makes where this architecture has twins\n\
         /// (generated from `arch/generic/calls.tbl`).\npub(crate) mod call {{\n    use super::Sysno;"
    )?;
    for (line, cols) in rows(calls_path) {
        let [name, candidates @ ..] = cols.as_slice() else {
            unreachable!("rows() yields no empty lines")
        };
        let Some(pick) = candidates.iter().find(|c| have.contains(*c)) else {
            panic!(
                "{}:{line}: {} lists none of {candidates:?}",
                calls_path.display(),
                sys_path.display()
            );
        };
        writeln!(
            s,
            "    /// `{pick}`, for `{name}`.\n    pub(crate) const {}: Sysno = Sysno::{};",
            name.to_uppercase(),
            ident(pick)
        )?;
    }
    writeln!(s, "}}")
}

fn gen_errno(path: &Path) -> String {
    let mut main: Vec<(u16, String, String)> = Vec::new();
    let mut aliases: Vec<(String, String)> = Vec::new();
    for (line, cols) in rows(path) {
        match cols.as_slice() {
            [kw, name, target] if kw == "alias" => aliases.push((name.clone(), target.clone())),
            [nr, name, text @ ..] if !text.is_empty() => {
                let nr: u16 = nr
                    .parse()
                    .unwrap_or_else(|_| panic!("{}:{line}: bad number {nr}", path.display()));
                assert!(
                    (1..=4095).contains(&nr),
                    "{}:{line}: out of range",
                    path.display()
                );
                main.push((nr, name.clone(), text.join(" ")));
            }
            _ => panic!(
                "{}:{line}: expected `<number> <NAME> <text>`",
                path.display()
            ),
        }
    }
    main.sort_by_key(|e| e.0);
    let mut s = String::from("impl Errno {\n");
    for (nr, name, text) in &main {
        writeln!(
            s,
            "    /// `{name}` ({nr}): {text}.\n    pub const {name}: Errno = Errno({nr});"
        )
        .unwrap();
    }
    for (name, target) in &aliases {
        assert!(
            main.iter().any(|e| &e.1 == target),
            "alias {name} of unknown {target}"
        );
        writeln!(s, "    /// `{name}`: another name for [`Errno::{target}`].").unwrap();
        writeln!(s, "    pub const {name}: Errno = Errno::{target};").unwrap();
    }
    s.push_str("}\n\n/// Every error number of the table, in numeric order.\n");
    s.push_str("const ALL: &[Errno] = &[\n");
    for (_, name, _) in &main {
        writeln!(s, "    Errno::{name},").unwrap();
    }
    s.push_str("];\n\n/// Name and description of each error number, `None` where\n");
    s.push_str("/// the table has none.\n");
    s.push_str("const BY_NUMBER: &[Option<(&str, &str)>] = &[\n    None,\n");
    let mut next = 1;
    for (nr, name, text) in &main {
        assert!(*nr >= next, "duplicate error number {nr}");
        for _ in next..*nr {
            s.push_str("    None,\n");
        }
        writeln!(
            s,
            "    Some((\"{name}\", \"{}\")),",
            text.replace('"', "\\\"")
        )
        .unwrap();
        next = nr + 1;
    }
    s.push_str("];\n");
    s
}
