//! The compiler: a [`Filter`] into classic BPF, in the caller's buffer.
//!
//! The program's shape:
//!
//! 1. `ld [arch]`, compared with this architecture's `AUDIT_ARCH_*`, then
//!    `ld [nr]` and (x86_64) a test of the x32 bit: a mismatch returns the
//!    foreign action.
//! 2. A binary search over the sorted numbers (`jge` on the middle number,
//!    down to runs of at most three `jeq`), so any number is found in
//!    O(log n) comparisons, touching only `nr` and `arch`: for a number
//!    whose answer is a constant, the path from the entry to its `ret`
//!    depends on nothing else, which is what the kernel's constant-action
//!    cache (Linux 5.11+) needs to answer an allowed call without running
//!    the filter. There are two searches, one after the other: first over
//!    the numbers the kernel will run the filter for (those with argument
//!    checks or another answer than allow), then over the always allowed,
//!    which the kernel caches: so the calls that run the filter take the
//!    shorter path.
//! 3. At a number's leaf, its rules' argument checks, the winning action's
//!    rule first, each 64-bit comparison done on the two 32-bit halves.
//!
//! The code is emitted backwards, from the end of the buffer: every jump's
//! target is then already placed, so its distance is known; a target beyond
//! a conditional jump's 255-instruction reach goes through a `ja`
//! trampoline. `ret` instructions are shared while in reach.

use super::bpf::{op, SockFilter, MAX_INSNS};
use super::rules::effective;
use super::{Action, CmpOp, Cond, Filter, Program, Rule, AUDIT_ARCH, FOREIGN_NR_BIT};
use crate::{Errno, Result};

/// Byte offsets in `seccomp_data`.
const NR: u32 = 0;
const ARCH: u32 = 4;
const ARGS: u32 = 16;
/// Where the low and high halves of a 64-bit field sit.
const LO: u32 = if cfg!(target_endian = "little") { 0 } else { 4 };
const HI: u32 = 4 - LO;

/// Runs of at most this many numbers are searched linearly (as fast as a
/// `jge` split, and shorter).
const LINEAR: usize = 3;

/// How many recently emitted `ret`s are remembered for sharing.
const RETS: usize = 4;

/// An instruction's position counted from the program's end: the last one
/// emitted (the first to run, so far) has the highest.
type Id = usize;

struct Emitter<'b> {
    buf: &'b mut [SockFilter],
    /// Instructions emitted so far (at the end of `buf`).
    n: usize,
    /// Recent `ret`s: (return value, position).
    rets: [(u32, Id); RETS],
    next_ret: usize,
}

impl Emitter<'_> {
    fn push(&mut self, insn: SockFilter) -> Result<Id> {
        if self.n >= MAX_INSNS {
            return Err(Errno::E2BIG);
        }
        let slot = self.buf.len().checked_sub(self.n + 1);
        let slot = slot.and_then(|s| self.buf.get_mut(s));
        *slot.ok_or(Errno::ENOSPC)? = insn;
        self.n += 1;
        Ok(self.n - 1)
    }

    /// The distance from a jump placed now (after `extra` trampolines) to `t`.
    fn dist(&self, t: Id, extra: usize) -> usize {
        self.n + extra - t - 1
    }

    /// A `ret` of `action`: a recent one when a jump emitted now reaches it.
    fn ret(&mut self, action: Action) -> Result<Id> {
        let k = action.raw();
        for &(rk, id) in &self.rets {
            if rk == k && id < self.n && self.dist(id, 2) <= 255 {
                return Ok(id);
            }
        }
        let id = self.push(SockFilter::stmt(op::RET | op::K, k))?;
        self.rets[self.next_ret] = (k, id);
        self.next_ret = (self.next_ret + 1) % RETS;
        Ok(id)
    }

    /// A conditional jump on constant `k` to `t` (true) or `f` (false),
    /// through `ja` trampolines for targets out of reach.
    fn jump(&mut self, cmp: u16, k: u32, mut t: Id, mut f: Id) -> Result<Id> {
        let same = t == f;
        if self.dist(f, 2) > 255 {
            f = self.push(SockFilter::stmt(op::JMP | op::JA, self.dist(f, 0) as u32))?;
            if same {
                t = f;
            }
        }
        if self.dist(t, 1) > 255 {
            t = self.push(SockFilter::stmt(op::JMP | op::JA, self.dist(t, 0) as u32))?;
        }
        // Both distances are now at most 255.
        let (jt, jf) = (self.dist(t, 0) as u8, self.dist(f, 0) as u8);
        self.push(SockFilter::jump(op::JMP | cmp | op::K, k, jt, jf))
    }

    fn load(&mut self, off: u32) -> Result<Id> {
        self.push(SockFilter::stmt(op::LD | op::W | op::ABS, off))
    }

    /// Goes to `pass` when `c` holds, else to `fail`.
    fn cond(&mut self, c: &Cond, pass: Id, fail: Id) -> Result<Id> {
        let off = ARGS + 8 * u32::from(c.arg);
        let (hi, lo) = ((c.value >> 32) as u32, c.value as u32);
        // Each 64-bit comparison as its positive form and whether to swap
        // the targets: `<` is not `>=`, `<=` is not `>`, `!=` is not `==`.
        let (cmp, pass, fail) = match c.op {
            CmpOp::Eq => (op::JEQ, pass, fail),
            CmpOp::Ne => (op::JEQ, fail, pass),
            CmpOp::Gt => (op::JGT, pass, fail),
            CmpOp::Le => (op::JGT, fail, pass),
            CmpOp::Ge => (op::JGE, pass, fail),
            CmpOp::Lt => (op::JGE, fail, pass),
            CmpOp::MaskedEq(m) => {
                // ld hi; and mhi; jeq hi, 0, fail; ld lo; and mlo; jeq lo, pass, fail
                // with no test of a half the mask leaves out, no `and` of
                // one it keeps whole.
                let (mhi, mlo) = ((m >> 32) as u32, m as u32);
                if hi & !mhi != 0 || lo & !mlo != 0 {
                    return Ok(fail); // bits outside the mask: never equal
                }
                let mut next = pass;
                for (half, mask, v) in [(LO, mlo, lo), (HI, mhi, hi)] {
                    if mask != 0 {
                        self.jump(op::JEQ, v, next, fail)?;
                        if mask != u32::MAX {
                            self.push(SockFilter::stmt(op::ALU | op::AND | op::K, mask))?;
                        }
                        next = self.load(off + half)?;
                    }
                }
                return Ok(next);
            }
        };
        // ld hi; [jgt hi, pass, 0;] jeq hi, 0, fail; ld lo; j<cmp> lo, pass, fail
        self.jump(cmp, lo, pass, fail)?;
        let l = self.load(off + LO)?;
        let eq = self.jump(op::JEQ, hi, l, fail)?;
        if cmp != op::JEQ {
            self.jump(op::JGT, hi, pass, eq)?;
        }
        self.load(off + HI)
    }

    /// The code for one number's rules (sorted: the winning action first),
    /// entered with the number in the accumulator.
    fn group(&mut self, rules: &[Rule<'_>], default: Action) -> Result<Id> {
        let (checked, otherwise) = effective(rules, default);
        let mut next = self.ret(otherwise)?;
        for r in checked.iter().rev() {
            let mut pass = self.ret(r.action)?;
            for c in r.conds.iter().rev() {
                pass = self.cond(c, pass, next)?;
            }
            next = pass;
        }
        Ok(next)
    }

    /// The search over `rules` (sorted, a whole number of groups); a number
    /// not there goes to `miss`.
    fn tree(&mut self, rules: &[Rule<'_>], default: Action, miss: Id) -> Result<Id> {
        let Some(split) = split(rules) else {
            // A linear run: jeq a, A, 0; [A]; jeq b, B, 0; [B]; ...; miss
            let mut next = miss;
            let mut end = rules.len();
            while end > 0 {
                let nr = rules[end - 1].nr;
                let start = rules[..end].partition_point(|r| r.nr < nr);
                let g = self.group(&rules[start..end], default)?;
                next = self.jump(op::JEQ, nr, g, next)?;
                end = start;
            }
            return Ok(next);
        };
        let (left, right) = rules.split_at(split);
        let r = self.tree(right, default, miss)?;
        let l = self.tree(left, default, miss)?;
        self.jump(op::JGE, right[0].nr, r, l)
    }
}

/// Where to split `rules` for a `jge`: the group boundary nearest the
/// middle; `None` for a run of at most [`LINEAR`] numbers.
fn split(rules: &[Rule<'_>]) -> Option<usize> {
    let mut groups = 0;
    let mut prev = None;
    for r in rules {
        if prev != Some(r.nr) {
            groups += 1;
            prev = Some(r.nr);
            if groups > LINEAR {
                break;
            }
        }
    }
    if groups <= LINEAR {
        return None;
    }
    let mid = rules.len() / 2;
    let nr = rules[mid].nr;
    let start = rules.partition_point(|r| r.nr < nr);
    if start > 0 {
        Some(start)
    } else {
        Some(rules.partition_point(|r| r.nr <= nr))
    }
}

impl<'r, 'c> Filter<'r, 'c> {
    /// Compiles the rule set into `buf` (no allocation) and returns the
    /// program, at the start of `buf`.
    ///
    /// # Errors
    ///
    /// - `ENOSPC`: `buf` is too small.
    /// - `E2BIG`: the program would exceed the kernel's 4096 instructions.
    pub fn compile<'b>(&self, buf: &'b mut [SockFilter]) -> Result<Program<'b>> {
        let mut e = Emitter {
            buf,
            n: 0,
            rets: [(0, usize::MAX); RETS],
            next_ret: 0,
        };
        // The numbers the kernel runs the filter for first, then those it
        // caches as allowed, then the default.
        let (checked, always) = self.parts();
        let mut body = e.ret(self.default)?;
        for part in [always, checked] {
            if !part.is_empty() {
                body = e.tree(part, self.default, body)?;
            }
        }
        if let Some(bit) = FOREIGN_NR_BIT {
            let foreign = e.ret(self.foreign)?;
            e.jump(op::JSET, bit, foreign, body)?;
        }
        // `ld [nr]` falls through to the instruction emitted last: the x32
        // test, or the body when that was the last.
        if FOREIGN_NR_BIT.is_none() && body + 1 != e.n {
            e.push(SockFilter::stmt(op::JMP | op::JA, e.dist(body, 0) as u32))?;
        }
        let nr = e.load(NR)?;
        let foreign = e.ret(self.foreign)?;
        e.jump(op::JEQ, AUDIT_ARCH, nr, foreign)?;
        e.load(ARCH)?;
        let n = e.n;
        let buf = e.buf;
        let from = buf.len() - n;
        buf.copy_within(from.., 0);
        Ok(Program { insns: &buf[..n] })
    }
}
