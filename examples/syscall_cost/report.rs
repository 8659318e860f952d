//! The output: the table, the log-scale chart, or JSON.

use crate::Row;

/// What the run was.
pub struct Head {
    pub arch: &'static str,
    pub kernel: String,
    pub date: String,
    pub quick: bool,
    pub has_vdso: bool,
    pub qemu: bool,
    pub mitigations: String,
}

/// ns per plain function call: the unit of the "x call" column.
fn call_ns(rows: &[Row]) -> f64 {
    rows.iter()
        .find(|r| r.id == "call")
        .and_then(|r| r.cost.as_ref().ok().copied())
        .unwrap_or(f64::NAN)
}

/// A number with about three significant digits.
fn fmt(x: f64) -> String {
    if !x.is_finite() {
        "-".into()
    } else if x >= 100.0 {
        format!("{x:.0}")
    } else if x >= 1.0 {
        format!("{x:.1}")
    } else {
        format!("{x:.3}")
    }
}

/// The table, rows that could not run saying why.
pub fn table(h: &Head, rows: &[Row]) {
    println!(
        "syscall_cost: {} on Linux {}, {} ({}{}{})",
        h.arch,
        h.kernel,
        h.date,
        if h.quick {
            "quick run: rough figures"
        } else {
            "medians of 11 trials"
        },
        if h.has_vdso { "" } else { "; no vDSO" },
        if h.qemu {
            "; under qemu-user: emulated costs"
        } else {
            ""
        },
    );
    println!("mitigations: {}", h.mitigations);
    println!();
    println!(
        "{:<40} {:>10} {:>9}   {:<16} note",
        "operation", "ns/op", "x call", "usually quoted"
    );
    let call = call_ns(rows);
    for r in rows {
        let line = match &r.cost {
            Ok(ns) => format!(
                "{:<40} {:>10} {:>9}   {:<16} {}",
                r.name,
                fmt(*ns),
                fmt(ns / call),
                r.quoted,
                r.note
            ),
            Err(why) => format!(
                "{:<40} {:>10} {:>9}   {:<16} {why}",
                r.name, "n/a", "", r.quoted
            ),
        };
        println!("{}", line.trim_end());
    }
    println!();
    println!(
        "Every in-process row includes the measuring loop's own cost (an indirect call), \
         which the function-call row shows alone."
    );
}

/// Columns per decade in the chart.
const DECADE: usize = 12;
/// The chart spans 10^0 to 10^DECADES ns.
const DECADES: usize = 6;

/// A log-scale bar per measured row: 1 ns to 1 ms on one screen width.
pub fn chart(rows: &[Row]) {
    const PARTS: [char; 8] = [' ', '▏', '▎', '▍', '▌', '▋', '▊', '▉'];
    let label = |name: &str| -> String {
        let mut s: String = name.chars().take(38).collect();
        while s.chars().count() < 38 {
            s.push(' ');
        }
        s
    };
    println!();
    println!("ns per operation, log scale ({DECADE} columns per factor of 10):");
    println!();
    for r in rows {
        let Ok(ns) = r.cost else { continue };
        // Eighths of a column, from 1 ns (0) to the chart's end.
        let eighths = (ns.max(1.0).log10() * (DECADE * 8) as f64).round() as usize;
        let eighths = eighths.clamp(1, DECADE * DECADES * 8);
        let mut bar = "█".repeat(eighths / 8);
        let part = eighths % 8;
        if part != 0 {
            bar.push(PARTS[part]);
        }
        println!("{} |{bar} {}", label(&r.name), fmt(ns));
    }
    // The axis: a tick and a label at every power of ten.
    let mut ticks = String::new();
    let mut names = String::new();
    for d in 0..=DECADES {
        ticks.push('|');
        let name = ["1ns", "10ns", "100ns", "1µs", "10µs", "100µs", "1ms"][d];
        names.push_str(name);
        if d < DECADES {
            ticks.push_str(&"-".repeat(DECADE - 1));
            names.push_str(&" ".repeat(DECADE - name.chars().count()));
        }
    }
    println!("{} {ticks}", " ".repeat(38));
    println!("{} {names}", " ".repeat(38));
}

/// A JSON string literal.
fn quote(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A JSON number, or null where there is none (NaN is not JSON).
fn num(x: f64) -> String {
    if x.is_finite() {
        format!("{x:.3}")
    } else {
        "null".into()
    }
}

/// One object: the run, then `rows`, one row per line (`ns` a number or
/// null with `why`).
pub fn json(h: &Head, rows: &[Row]) {
    println!("{{");
    println!(
        "  \"arch\": {}, \"kernel\": {}, \"date\": {}, \"quick\": {}, \"vdso\": {}, \"qemu\": {},",
        quote(h.arch),
        quote(&h.kernel),
        quote(&h.date),
        h.quick,
        h.has_vdso,
        h.qemu
    );
    println!("  \"mitigations\": {},", quote(&h.mitigations));
    println!("  \"rows\": [");
    let call = call_ns(rows);
    for (i, r) in rows.iter().enumerate() {
        let cost = match &r.cost {
            Ok(ns) => format!("\"ns\": {ns:.3}, \"x_call\": {}", num(ns / call)),
            Err(why) => format!("\"ns\": null, \"why\": {}", quote(why)),
        };
        println!(
            "    {{\"id\": {}, \"name\": {}, {cost}, \"quoted\": {}, \"note\": {}}}{}",
            quote(r.id),
            quote(&r.name),
            quote(r.quoted),
            quote(&r.note),
            if i + 1 < rows.len() { "," } else { "" }
        );
    }
    println!("  ]");
    println!("}}");
}
