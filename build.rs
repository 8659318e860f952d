//! Turns the data tables under `arch/` into code: `Sysno` from
//! `arch/<arch>/syscalls.tbl` (regenerated from a kernel tree by
//! `tools/gen-syscall-tables`), the preferred twin calls from
//! `arch/generic/calls.tbl`, and the `Errno` constants from
//! `arch/<arch>/errno.tbl` (or `arch/generic/errno.tbl`).
//!
//! Every step returns a `Result`; `main` reports the first error once, with
//! the table line it comes from.

use std::env;
use std::fmt::{self, Write as _};
use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    run().expect("sysgate's build script failed");
}

/// A build failure: `expect` prints it with `Debug`, so that is the message.
struct Error(String);

impl fmt::Debug for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<fmt::Error> for Error {
    fn from(_: fmt::Error) -> Self {
        Error("formatting generated code failed".into())
    }
}

type Result<T> = std::result::Result<T, Error>;

/// An error at line `line` of the table at `path`.
fn at(path: &Path, line: usize, what: impl fmt::Display) -> Error {
    Error(format!("{}:{line}: {what}", path.display()))
}

fn run() -> Result<()> {
    let var = |name: &str| env::var(name).map_err(|e| Error(format!("${name}: {e}")));
    let arch = var("CARGO_CFG_TARGET_ARCH")?;
    let root = PathBuf::from(var("CARGO_MANIFEST_DIR")?);
    let out = PathBuf::from(var("OUT_DIR")?);

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
    // An architecture's own memory functions (see src/rt/mem.rs), if any.
    let mem_path = root.join("arch").join(&arch).join("mem.rs");
    // The folder, not the file: a path that does not exist reruns the
    // script on every build; a folder's listing changes when it appears.
    println!(
        "cargo:rerun-if-changed={}",
        root.join("arch").join(&arch).display()
    );
    println!("cargo:rustc-check-cfg=cfg(sysgate_arch_mem)");
    if mem_path.exists() {
        println!("cargo:rustc-cfg=sysgate_arch_mem");
    }

    // 32-bit arm in Thumb mode, where r7 (the system call number register)
    // is the frame pointer: `arch/arm/mod.rs` saves it around each call.
    // Stable Rust does not expose `target_feature = "thumb-mode"` to `cfg`,
    // so the target's name decides (thumbv7neon-*, thumbv7a-*, ...).
    println!("cargo:rustc-check-cfg=cfg(sysgate_thumb)");
    if arch == "arm" && env::var("TARGET").is_ok_and(|t| t.starts_with("thumb")) {
        println!("cargo:rustc-cfg=sysgate_thumb");
    }

    let calls = parse_sysno(&sys_path)?;
    let mut sysno = gen_sysno(&arch, &calls)?;
    gen_preferred(&mut sysno, &calls, &sys_path, &calls_path)?;
    write(&out.join("sysno.rs"), &sysno)?;
    let (errnos, aliases) = parse_errno(&errno_path)?;
    write(&out.join("errno.rs"), &gen_errno(&errnos, &aliases)?)
}

fn write(path: &Path, text: &str) -> Result<()> {
    fs::write(path, text).map_err(|e| Error(format!("writing {}: {e}", path.display())))
}

/// The non-comment, non-blank lines of a table with their line numbers,
/// split on whitespace.
fn rows(path: &Path) -> Result<Vec<(usize, Vec<String>)>> {
    let text = fs::read_to_string(path).map_err(|e| {
        Error(format!(
            "sysgate has no table {} for this target: {e}",
            path.display()
        ))
    })?;
    Ok(text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|(i, l)| (i + 1, l.split_whitespace().map(str::to_owned).collect()))
        .collect())
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

/// One number of the system call table.
struct Call {
    nr: usize,
    name: String,
    /// False where the kernel's table gives no entry point or
    /// `sys_ni_syscall`: the kernel answers ENOSYS.
    implemented: bool,
}

/// Reads `<number> <name> [-|sys_ni_syscall]` rows, numbers ascending.
fn parse_sysno(path: &Path) -> Result<Vec<Call>> {
    let mut calls: Vec<Call> = Vec::new();
    for (line, cols) in rows(path)? {
        let (nr, name, implemented) =
            match cols.as_slice() {
                [nr, name] => (nr, name, true),
                [nr, name, mark] if mark == "-" || mark == "sys_ni_syscall" => (nr, name, false),
                _ => return Err(at(
                    path,
                    line,
                    "expected `<number> <name>`, optionally followed by `-` or `sys_ni_syscall`",
                )),
            };
        let nr: usize = nr
            .parse()
            .map_err(|_| at(path, line, format!("bad number {nr:?}")))?;
        let valid_start = name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_');
        if !valid_start || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(at(path, line, format!("bad name {name:?}")));
        }
        if let Some(prev) = calls.last() {
            if nr <= prev.nr {
                return Err(at(
                    path,
                    line,
                    format!("{nr} after {}: numbers must ascend", prev.nr),
                ));
            }
        }
        if calls.iter().any(|c| &c.name == name) {
            return Err(at(path, line, format!("{name} listed twice")));
        }
        calls.push(Call {
            nr,
            name: name.clone(),
            implemented,
        });
    }
    Ok(calls)
}

fn gen_sysno(arch: &str, calls: &[Call]) -> std::result::Result<String, fmt::Error> {
    let file = format!("arch/{arch}/syscalls.tbl");
    let mut s = String::new();
    writeln!(
        s,
        "/// A system call number of this architecture, named as in the kernel's"
    )?;
    writeln!(
        s,
        "/// table (generated from `{file}`); its value is the number."
    )?;
    writeln!(
        s,
        "/// Includes the numbers the kernel implements nothing behind:"
    )?;
    writeln!(s, "/// see [`Sysno::is_implemented`].")?;
    writeln!(
        s,
        "#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]"
    )?;
    writeln!(
        s,
        "#[repr(usize)]\n#[non_exhaustive]\n#[allow(non_camel_case_types)]"
    )?;
    writeln!(s, "pub enum Sysno {{")?;
    for c in calls {
        let what = if c.implemented {
            ""
        } else {
            ": the kernel implements nothing behind it (ENOSYS)"
        };
        writeln!(s, "    /// `{}`, number {}{what}.", c.name, c.nr)?;
        writeln!(s, "    {} = {},", ident(&c.name), c.nr)?;
    }
    writeln!(s, "}}\n\nimpl Sysno {{")?;
    writeln!(s, "    /// Every entry, in numeric order.")?;
    writeln!(s, "    pub const ALL: &'static [Sysno] = &[")?;
    for c in calls {
        writeln!(s, "        Sysno::{},", ident(&c.name))?;
    }
    writeln!(s, "    ];\n}}\n")?;
    // A dense table indexed by number (gaps are `None`), and the names in
    // sorted order for a binary search: data, not code, so they cost the
    // compiler almost nothing.
    let max = calls.last().map_or(0, |c| c.nr);
    let mut by_number: Vec<Option<&str>> = vec![None; max + 1];
    for c in calls {
        by_number[c.nr] = Some(&c.name);
    }
    writeln!(
        s,
        "/// Each number's call and kernel name, `None` where there is none."
    )?;
    writeln!(s, "const BY_NUMBER: &[Option<(Sysno, &str)>] = &[")?;
    for e in &by_number {
        match e {
            Some(name) => writeln!(s, "    Some((Sysno::{}, \"{name}\")),", ident(name))?,
            None => writeln!(s, "    None,")?,
        }
    }
    let mut by_name: Vec<&Call> = calls.iter().collect();
    by_name.sort_by(|a, b| a.name.cmp(&b.name));
    writeln!(s, "];\n\n/// Every call under its name, sorted by name.")?;
    writeln!(s, "const BY_NAME: &[(&str, Sysno)] = &[")?;
    for c in by_name {
        writeln!(s, "    (\"{}\", Sysno::{}),", c.name, ident(&c.name))?;
    }
    writeln!(s, "];\n")?;
    // A handful of numbers: one `matches!`, no table.
    let none: Vec<String> = calls
        .iter()
        .filter(|c| !c.implemented)
        .map(|c| format!("Sysno::{}", ident(&c.name)))
        .collect();
    writeln!(
        s,
        "/// True for the numbers the kernel implements nothing behind."
    )?;
    writeln!(s, "const fn nothing_behind(s: Sysno) -> bool {{")?;
    if none.is_empty() {
        writeln!(s, "    let _ = s;\n    false")?;
    } else {
        writeln!(
            s,
            "    matches!(\n        s,\n        {}\n    )",
            none.join("\n            | ")
        )?;
    }
    writeln!(s, "}}")?;
    Ok(s)
}

/// `crate::sysno::call`: for each line of `arch/generic/calls.tbl`, the
/// first candidate that this architecture implements.
fn gen_preferred(s: &mut String, calls: &[Call], sys_path: &Path, calls_path: &Path) -> Result<()> {
    writeln!(
        s,
        "\n/// The call each wrapper makes where this architecture has twins"
    )?;
    writeln!(s, "/// (generated from `arch/generic/calls.tbl`).")?;
    writeln!(s, "pub(crate) mod call {{\n    use super::Sysno;")?;
    for (line, cols) in rows(calls_path)? {
        let [name, candidates @ ..] = cols.as_slice() else {
            unreachable!("rows() yields no empty lines")
        };
        // An entry-less number is no candidate: the kernel would say ENOSYS.
        let pick = candidates
            .iter()
            .find(|c| {
                calls
                    .iter()
                    .any(|call| &call.name == *c && call.implemented)
            })
            .ok_or_else(|| {
                at(
                    calls_path,
                    line,
                    format!("{} implements none of {candidates:?}", sys_path.display()),
                )
            })?;
        writeln!(s, "    /// `{pick}`, for `{name}`.")?;
        writeln!(
            s,
            "    pub(crate) const {}: Sysno = Sysno::{};",
            name.to_uppercase(),
            ident(pick)
        )?;
    }
    writeln!(s, "}}")?;
    Ok(())
}

/// An error number: number, name, description.
type ErrnoRow = (u16, String, String);
/// Another name for an error number: name, target name.
type Alias = (String, String);

/// Reads `<number> <NAME> <text>` rows and `alias <NAME> <TARGET>` rows:
/// the error numbers sorted, and the aliases.
fn parse_errno(path: &Path) -> Result<(Vec<ErrnoRow>, Vec<Alias>)> {
    let mut main: Vec<ErrnoRow> = Vec::new();
    let mut aliases: Vec<Alias> = Vec::new();
    for (line, cols) in rows(path)? {
        match cols.as_slice() {
            [kw, name, target] if kw == "alias" => aliases.push((name.clone(), target.clone())),
            [nr, name, text @ ..] if !text.is_empty() => {
                let nr: u16 = nr
                    .parse()
                    .map_err(|_| at(path, line, format!("bad number {nr:?}")))?;
                if !(1..=4095).contains(&nr) {
                    return Err(at(path, line, format!("{nr} is outside 1..=4095")));
                }
                if let Some(prev) = main.iter().find(|e| e.0 == nr) {
                    return Err(at(path, line, format!("{nr} already names {}", prev.1)));
                }
                main.push((nr, name.clone(), text.join(" ")));
            }
            _ => return Err(at(path, line, "expected `<number> <NAME> <text>`")),
        }
    }
    for (name, target) in &aliases {
        if !main.iter().any(|e| &e.1 == target) {
            return Err(Error(format!(
                "{}: alias {name} of unknown {target}",
                path.display()
            )));
        }
    }
    main.sort_by_key(|e| e.0);
    Ok((main, aliases))
}

fn gen_errno(main: &[ErrnoRow], aliases: &[Alias]) -> std::result::Result<String, fmt::Error> {
    let mut s = String::from("impl Errno {\n");
    for (nr, name, text) in main {
        writeln!(s, "    /// `{name}` ({nr}): {text}.")?;
        writeln!(s, "    pub const {name}: Errno = Errno({nr});")?;
    }
    for (name, target) in aliases {
        writeln!(s, "    /// `{name}`: another name for [`Errno::{target}`].")?;
        writeln!(s, "    pub const {name}: Errno = Errno::{target};")?;
    }
    s.push_str("}\n\n/// Every error number of the table, in numeric order.\n");
    s.push_str("const ALL: &[Errno] = &[\n");
    for (_, name, _) in main {
        writeln!(s, "    Errno::{name},")?;
    }
    s.push_str("];\n\n/// Name and description of each error number, `None` where\n");
    s.push_str("/// the table has none.\n");
    s.push_str("const BY_NUMBER: &[Option<(&str, &str)>] = &[\n    None,\n");
    let mut next = 1;
    for (nr, name, text) in main {
        for _ in next..*nr {
            s.push_str("    None,\n");
        }
        writeln!(
            s,
            "    Some((\"{name}\", \"{}\")),",
            text.replace('"', "\\\"")
        )?;
        next = nr + 1;
    }
    s.push_str("];\n");
    Ok(s)
}
