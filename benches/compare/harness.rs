//! A plain side-by-side timer: every candidate of an operation runs in the
//! same process, alternating, trial after trial; the table shows the median
//! ns per call and sysgate's ratio to the fastest peer.

use std::hint::black_box;
use std::time::{Duration, Instant};

/// One way of doing an operation: a name and one call. The call returns
/// `Err` when the operation failed (that fails the run, a slow one never does).
pub type Candidate<'a> = (&'static str, &'a mut dyn FnMut() -> Result<(), String>);

/// The run's settings and what went wrong.
pub struct Bench {
    filter: Option<String>,
    trials: usize,
    sample: Duration,
    failures: Vec<String>,
    measured: Vec<String>,
}

impl Bench {
    /// Reads `SYSGATE_BENCH_QUICK` (fewer, shorter trials) and an optional
    /// name filter from the command line (the first argument not starting with `-`).
    pub fn from_env() -> Self {
        let quick = std::env::var_os("SYSGATE_BENCH_QUICK").is_some();
        let filter = std::env::args().skip(1).find(|a| !a.starts_with('-'));
        Bench {
            filter,
            trials: if quick { 3 } else { 11 },
            sample: Duration::from_millis(if quick { 2 } else { 20 }),
            failures: Vec::new(),
            measured: Vec::new(),
        }
    }

    /// Measures every candidate of `op`. The first candidate should be
    /// sysgate's; the ratio is computed against the fastest of the others
    /// whose name does not start with `(` (reference lines such as
    /// `(inline asm)` are shown, not compared against).
    pub fn compare(&mut self, op: &str, candidates: &mut [Candidate<'_>]) {
        if self.filter.as_deref().is_some_and(|f| !op.contains(f)) {
            return;
        }
        self.measured.push(op.to_owned());
        // Warm up, and check that each candidate works at all.
        for (name, f) in candidates.iter_mut() {
            for _ in 0..3 {
                if let Err(e) = f() {
                    self.failures.push(format!("{op} / {name}: {e}"));
                    println!("{op:<28} {name:<14} FAILED: {e}");
                    return;
                }
            }
        }
        // Calibrate: calls per sample so one sample lasts about `self.sample`.
        let iters: Vec<u64> = candidates
            .iter_mut()
            .map(|(_, f)| {
                let mut n = 1u64;
                loop {
                    let t = Instant::now();
                    for _ in 0..n {
                        let _ = black_box(f());
                    }
                    if t.elapsed() >= self.sample / 4 || n >= 1 << 30 {
                        return (n * 4).max(1);
                    }
                    n *= 2;
                }
            })
            .collect();
        let mut samples = vec![Vec::with_capacity(self.trials); candidates.len()];
        for trial in 0..self.trials {
            // Rotate the starting candidate so none always runs first.
            for k in 0..candidates.len() {
                let i = (trial + k) % candidates.len();
                let (name, f) = &mut candidates[i];
                let t = Instant::now();
                for _ in 0..iters[i] {
                    if let Err(e) = black_box(f()) {
                        self.failures.push(format!("{op} / {name}: {e}"));
                        println!("{op:<28} {name:<14} FAILED: {e}");
                        return;
                    }
                }
                samples[i].push(t.elapsed().as_nanos() as f64 / iters[i] as f64);
            }
        }
        let medians: Vec<f64> = samples
            .iter_mut()
            .map(|s| {
                s.sort_by(f64::total_cmp);
                s[s.len() / 2]
            })
            .collect();
        let best_peer = candidates
            .iter()
            .zip(&medians)
            .skip(1)
            .filter(|((name, _), _)| !name.starts_with('('))
            .map(|(_, &m)| m)
            .fold(f64::INFINITY, f64::min);
        for (i, ((name, _), m)) in candidates.iter().zip(&medians).enumerate() {
            let ratio = if i == 0 && best_peer.is_finite() {
                format!("{:.3}x fastest peer", m / best_peer)
            } else {
                String::new()
            };
            println!("{op:<28} {name:<14} {:>12} ns/call  {ratio}", format_ns(*m));
        }
        println!();
    }

    /// Measures what happens once per process: runs this program again
    /// `runs` times (7 in a quick run) with `env` set (name, value), where
    /// it must measure, print one line of numbers (one per entry of `ops`:
    /// name, unit, note) and exit. Prints each one's median, p10 and p90
    /// over the runs. A child that fails or prints garbage fails the run.
    pub fn fresh_processes(&mut self, env: (&str, &str), runs: usize, ops: &[(&str, &str, &str)]) {
        let wanted = |op: &str| self.filter.as_deref().is_none_or(|f| op.contains(f));
        if !ops.iter().any(|(op, _, _)| wanted(op)) {
            return;
        }
        let runs = if self.trials < 11 { runs.min(7) } else { runs };
        let mut samples = vec![Vec::with_capacity(runs); ops.len()];
        for _ in 0..runs {
            match run_child(env, ops.len()) {
                Ok(v) => v.into_iter().zip(&mut samples).for_each(|(x, s)| s.push(x)),
                Err(e) => {
                    let op = ops.first().map_or("", |o| o.0);
                    self.failures.push(format!("{op}: {e}"));
                    println!("{op:<28} FAILED: {e}");
                    return;
                }
            }
        }
        for ((op, unit, note), s) in ops.iter().zip(&mut samples) {
            self.measured.push((*op).to_owned());
            s.sort_by(f64::total_cmp);
            let at = |q: usize| format_ns(s[(s.len() - 1) * q / 100]);
            println!(
                "{op:<28} {:<14} {:>12} {unit} once  (p10 {}, p90 {}; {} fresh processes; {note})",
                "sysgate",
                at(50),
                at(10),
                at(90),
                s.len()
            );
        }
        println!();
    }

    /// Without a name filter, prints which of `required` no operation
    /// measured so far matches. Each entry is a description and the words
    /// an operation's name must contain, compared in lower case with
    /// everything but letters and digits removed (`"read 1 B"` -> `read1b`).
    /// Only informative: it does not change the exit code.
    pub fn report_coverage(&self, required: &[(&str, &[&str])]) {
        if self.filter.is_some() {
            return;
        }
        let norm = |s: &str| -> String {
            s.chars()
                .filter(char::is_ascii_alphanumeric)
                .map(|c| c.to_ascii_lowercase())
                .collect()
        };
        let names: Vec<String> = self.measured.iter().map(|n| norm(n)).collect();
        let missing: Vec<&str> = required
            .iter()
            .filter(|(_, words)| {
                !names
                    .iter()
                    .any(|n| words.iter().all(|w| n.contains(&norm(w))))
            })
            .map(|(what, _)| *what)
            .collect();
        if missing.is_empty() {
            println!(
                "coverage: all {} listed operations measured",
                required.len()
            );
        } else {
            println!(
                "coverage: no operation measured for: {}",
                missing.join("; ")
            );
        }
    }

    /// Prints failures; the process exit code says whether any call failed.
    pub fn finish(self) -> std::process::ExitCode {
        if self.failures.is_empty() {
            std::process::ExitCode::SUCCESS
        } else {
            eprintln!("failed calls:");
            for f in &self.failures {
                eprintln!("  {f}");
            }
            std::process::ExitCode::FAILURE
        }
    }
}

/// Runs this program with `env` set and reads the `n` numbers it prints.
fn run_child(env: (&str, &str), n: usize) -> Result<Vec<f64>, String> {
    let exe = std::env::current_exe().map_err(|e| e.to_string())?;
    let out = std::process::Command::new(exe)
        .env(env.0, env.1)
        .output()
        .map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&out.stdout);
    let values: Vec<f64> = text
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    if out.status.success() && values.len() == n {
        Ok(values)
    } else {
        Err(format!(
            "child ({}={}) exited with {} and printed {text:?} {:?}",
            env.0,
            env.1,
            out.status,
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

fn format_ns(ns: f64) -> String {
    if ns >= 100.0 {
        format!("{ns:.0}")
    } else {
        format!("{ns:.1}")
    }
}

/// Turns a sysgate result into a candidate's result.
pub fn ok<T, E: std::fmt::Debug>(r: Result<T, E>) -> Result<(), String> {
    r.map(|v| {
        black_box(v);
    })
    .map_err(|e| format!("{e:?}"))
}
