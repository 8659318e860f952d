//! What the kernel says about itself: release, date, CPU mitigations.

use sysgate::time::{self, ClockId};

/// The kernel's release string, from `uname(2)`.
pub fn release() -> String {
    let u = sysgate::process::uname();
    String::from_utf8_lossy(u.release()).into_owned()
}

/// Today's UTC date as YYYY-MM-DD, from `CLOCK_REALTIME`.
pub fn today() -> String {
    let Ok(now) = time::clock_gettime(ClockId::REALTIME) else {
        return "?".into();
    };
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = now.tv_sec.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The mitigations that change what entering the kernel costs, in one
/// line: KPTI (a page-table switch on every entry and exit, the Meltdown
/// mitigation) on or off, then every vulnerability the kernel does not
/// report as "Not affected" (`/sys/devices/system/cpu/vulnerabilities/*`).
pub fn mitigations() -> String {
    let dir = "/sys/devices/system/cpu/vulnerabilities";
    let Ok(entries) = std::fs::read_dir(dir) else {
        return format!("unknown ({dir} unreadable)");
    };
    let mut found: Vec<(String, String)> = entries
        .flatten()
        .filter_map(|e| {
            let text = std::fs::read_to_string(e.path()).ok()?;
            Some((
                e.file_name().to_string_lossy().into_owned(),
                text.trim().to_owned(),
            ))
        })
        .collect();
    found.sort();
    let kpti = match found.iter().find(|(n, _)| n == "meltdown") {
        Some((_, s)) if s.contains("PTI") => "KPTI on",
        Some(_) => "KPTI off",
        None => "KPTI unknown",
    };
    let rest: Vec<String> = found
        .iter()
        .filter(|(_, s)| s != "Not affected")
        .map(|(n, s)| format!("{n}: {s}"))
        .collect();
    if rest.is_empty() {
        format!("{kpti}; not affected by anything the kernel lists")
    } else {
        format!("{kpti}; {}", rest.join("; "))
    }
}
