//! The compiler checked against the rule set's meaning through the
//! interpreter, on every target (qemu-user included): every system call
//! number, random arguments.

extern crate std;
use super::bpf::op;
use super::*;
use crate::{Errno, Sysno};
use std::format;
use std::string::ToString;
use std::vec::Vec;

/// xorshift64*: a small seeded PRNG, so a failure is reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    /// Values near the interesting ones: the constants, their neighbours,
    /// one half changed, or anything.
    fn arg(&mut self, near: &[u64]) -> u64 {
        let r = self.next();
        let base = near.get(r as usize % (near.len() + 1)).copied();
        match (base, (r >> 8) % 6) {
            (Some(v), 0) => v,
            (Some(v), 1) => v.wrapping_add(1),
            (Some(v), 2) => v.wrapping_sub(1),
            (Some(v), 3) => v ^ (1 << 32 << ((r >> 16) % 32)),
            (Some(v), 4) => v ^ (1 << ((r >> 16) % 32)),
            _ => self.next(),
        }
    }
}

/// The highest number to try: past every table, and a few raw numbers.
fn max_nr() -> u32 {
    Sysno::iter().map(|s| s as u32).max().unwrap_or(0) + 20
}

/// Checks the compiled program against the rule set for every number up to
/// `max_nr`, with `per_nr` random argument sets each; also the foreign-arch
/// and x32 paths.
fn agree(filter: &Filter<'_, '_>, seed: u64, per_nr: usize) {
    let mut buf = [SockFilter::default(); MAX_INSNS];
    let prog = filter.compile(&mut buf).unwrap();
    // The kernel's checks accept it.
    assert_eq!(Program::new(prog.insns()), Ok(prog));
    let near: Vec<u64> = filter
        .rules()
        .iter()
        .flat_map(|r| r.conds())
        .flat_map(|c| match c.op {
            CmpOp::MaskedEq(m) => [c.value, m],
            _ => [c.value, c.value],
        })
        .collect();
    let mut rng = Rng(seed);
    for nr in (0..=max_nr()).chain(filter.rules().iter().map(|r| r.nr())) {
        for _ in 0..per_nr {
            let mut d = SeccompData::native(nr, [0; 6]);
            d.args.iter_mut().for_each(|a| *a = rng.arg(&near));
            d.instruction_pointer = rng.next();
            assert_eq!(
                evaluate(&prog, &d),
                filter.decide(&d),
                "nr {nr} args {:x?}\n{prog}",
                d.args
            );
            let mut foreign = d;
            foreign.arch ^= 1 << (rng.next() % 32);
            assert_eq!(evaluate(&prog, &foreign), filter.foreign);
            if let Some(bit) = FOREIGN_NR_BIT {
                let mut x32 = d;
                x32.nr |= bit as i32;
                assert_eq!(evaluate(&prog, &x32), filter.foreign);
            }
        }
    }
}

/// The kernel's `seccomp_is_const_allow` (kernel/seccomp.c): whether the
/// filter allows `nr` on the native arch with only `nr`/`arch` loads and
/// constant jumps, so that the kernel caches the answer.
fn kernel_caches_allow(prog: &Program<'_>, nr: u32) -> bool {
    let insns = prog.insns();
    let (mut a, mut pc) = (0u32, 0usize);
    while let Some(i) = insns.get(pc) {
        match i.code {
            c if c == op::LD | op::W | op::ABS => match i.k {
                0 => a = nr,
                4 => a = AUDIT_ARCH,
                _ => return false,
            },
            c if c == op::RET | op::K => return i.k == Action::Allow.raw(),
            c if c == op::JMP | op::JA => pc += i.k as usize,
            c if c & 0x0f == op::JMP | op::K => {
                let t = match c & 0xf0 {
                    op::JEQ => a == i.k,
                    op::JGE => a >= i.k,
                    op::JGT => a > i.k,
                    _ => a & i.k != 0,
                };
                pc += usize::from(if t { i.jt } else { i.jf });
            }
            c if c == op::ALU | op::AND | op::K => a &= i.k,
            _ => return false,
        }
        pc += 1;
    }
    false
}

/// How many comparisons the program makes before it answers for `nr`
/// (walking the search: loads of nr and arch, jumps on constants).
fn comparisons(prog: &Program<'_>, nr: u32) -> usize {
    let (mut n, mut pc, mut a) = (0, 0usize, 0u32);
    while let Some(i) = prog.insns().get(pc) {
        pc += 1;
        match i.code & 0x07 {
            op::RET => break,
            op::LD => a = if i.k == 0 { nr } else { AUDIT_ARCH },
            op::JMP if i.code & 0xf0 == op::JA => pc += i.k as usize,
            op::JMP => {
                n += 1;
                let t = match i.code & 0xf0 {
                    op::JEQ => a == i.k,
                    op::JGE => a >= i.k,
                    op::JGT => a > i.k,
                    _ => a & i.k != 0,
                };
                pc += usize::from(if t { i.jt } else { i.jf });
            }
            _ => {}
        }
    }
    n
}

/// `n` distinct numbers, spread over the table.
fn numbers(n: usize) -> Vec<u32> {
    let all: Vec<u32> = Sysno::iter().map(|s| s as u32).collect();
    (0..n).map(|i| all[i * all.len() / n]).collect()
}

#[test]
fn allow_lists_agree_and_are_cached() {
    for n in [0, 1, 2, 3, 4, 5, 17, 100, 300] {
        let mut rules: Vec<Rule> = numbers(n.min(Sysno::iter().count()))
            .into_iter()
            .map(|nr| Rule::raw(nr, Action::Allow))
            .collect();
        let filter = Filter::new(Action::errno(Errno::EPERM), &mut rules).unwrap();
        agree(&filter, n as u64 + 1, 1);
        let mut buf = [SockFilter::default(); MAX_INSNS];
        let prog = filter.compile(&mut buf).unwrap();
        let depth = (usize::BITS - n.leading_zeros()) as usize;
        for r in filter.rules() {
            assert!(
                kernel_caches_allow(&prog, r.nr()),
                "{} not cached\n{prog}",
                r.nr()
            );
            // arch, x32 (x86_64), then at most one comparison per level and
            // a run of three.
            let most = 1 + usize::from(FOREIGN_NR_BIT.is_some()) + depth + 3;
            let c = comparisons(&prog, r.nr());
            assert!(c <= most, "{c} comparisons for {} of {n}", r.nr());
        }
        for nr in 0..max_nr() {
            if filter.rules().iter().all(|r| r.nr() != nr) {
                assert!(!kernel_caches_allow(&prog, nr));
            }
        }
    }
}

const HI: u64 = 0x1234_5678_0000_0000;

#[test]
fn conditions_agree_at_both_halves() {
    let v = HI | 0x9abc_def0;
    let ops = [
        CmpOp::Eq,
        CmpOp::Ne,
        CmpOp::Lt,
        CmpOp::Le,
        CmpOp::Gt,
        CmpOp::Ge,
        CmpOp::MaskedEq(0xff00_0000_0000_00ff),
        CmpOp::MaskedEq(0xffff_ffff),
        CmpOp::MaskedEq(0xffff_ffff_0000_0000),
        CmpOp::MaskedEq(u64::MAX),
        CmpOp::MaskedEq(0),
    ];
    let conds: Vec<[Cond; 1]> = ops
        .iter()
        .enumerate()
        .map(|(i, &op)| {
            let value = match op {
                CmpOp::MaskedEq(m) => v & m,
                _ => v,
            };
            [Cond::new(i as u8 % 6, op, value)]
        })
        .collect();
    // Bits outside the mask: never holds.
    let never = [Cond::new(3, CmpOp::MaskedEq(0xff), 0x100)];
    let mut conds = conds;
    conds.push(never);
    let nrs = numbers(conds.len());
    let mut rules: Vec<Rule> = nrs
        .iter()
        .zip(&conds)
        .map(|(&nr, c)| Rule::raw(nr, Action::Allow).when(c))
        .collect();
    let filter = Filter::new(Action::errno(Errno::EPERM), &mut rules).unwrap();
    agree(&filter, 7, 40);
    // A few by hand: the same low half with another high half.
    let mut buf = [SockFilter::default(); 256];
    let prog = filter.compile(&mut buf).unwrap();
    let eq = Rule::raw(nrs[0], Action::Allow).when(&conds[0]);
    let sorted = filter.rules().iter().find(|r| **r == eq).unwrap();
    let data = |a: u64| SeccompData::native(sorted.nr(), [a, 0, 0, 0, 0, 0]);
    assert_eq!(evaluate(&prog, &data(v)), Action::Allow);
    assert_eq!(evaluate(&prog, &data(v as u32 as u64)), Action::Errno(1));
    assert_eq!(evaluate(&prog, &data(v ^ 1)), Action::Errno(1));
}

#[test]
fn several_rules_per_number_take_the_kernel_order() {
    let a0 = [Cond::new(0, CmpOp::Eq, 1)];
    let a1 = [Cond::new(1, CmpOp::Gt, HI)];
    let both = [Cond::new(0, CmpOp::Eq, 1), Cond::new(1, CmpOp::Gt, HI)];
    let big = [Cond::new(2, CmpOp::Ge, 1 << 40)];
    let nrs = numbers(6);
    let mut rules = [
        Rule::raw(nrs[0], Action::Allow),
        Rule::raw(nrs[0], Action::errno(Errno::EACCES)).when(&a0),
        Rule::raw(nrs[0], Action::Trap(7)).when(&a1),
        Rule::raw(nrs[1], Action::Log).when(&both),
        Rule::raw(nrs[1], Action::KillThread).when(&big),
        Rule::raw(nrs[1], Action::Trace(3)).when(&a0),
        Rule::raw(nrs[2], Action::UserNotif),
        Rule::raw(nrs[2], Action::Allow),
        Rule::raw(nrs[3], Action::Allow).when(&a0),
        Rule::raw(nrs[3], Action::Allow).when(&a1),
        Rule::raw(nrs[4], Action::KillProcess).when(&big),
        Rule::raw(nrs[5], Action::Errno(0)).when(&a1),
        Rule::raw(0x3fff_fff0, Action::Allow),
    ];
    let filter = Filter::new(Action::Log, &mut rules)
        .unwrap()
        .foreign(Action::errno(Errno::EXDEV));
    agree(&filter, 11, 30);
    // Order does not matter: reversed, the rules mean the same.
    let mut rev = rules;
    rev.reverse();
    agree(&Filter::new(Action::Log, &mut rev).unwrap(), 12, 30);
}

#[test]
fn long_jumps_use_trampolines() {
    // Enough conditioned rules that subtrees exceed 255 instructions.
    let c = [
        Cond::new(0, CmpOp::Ge, HI),
        Cond::new(5, CmpOp::MaskedEq(0xf0f0_0000_f0f0), 0x1010_0000_1010),
    ];
    let mut rules: Vec<Rule> = numbers(200)
        .into_iter()
        .map(|nr| Rule::raw(nr, Action::Allow).when(&c))
        .chain(
            numbers(50)
                .into_iter()
                .map(|nr| Rule::raw(nr, Action::Trap(1))),
        )
        .collect();
    let filter = Filter::new(Action::KillProcess, &mut rules).unwrap();
    let mut buf = [SockFilter::default(); MAX_INSNS];
    let prog = filter.compile(&mut buf).unwrap();
    assert!(prog.len() > 1000, "{}", prog.len());
    let ja = prog
        .insns()
        .iter()
        .filter(|i| i.code == op::JMP | op::JA)
        .count();
    assert!(ja > 0, "no trampoline in {} instructions", prog.len());
    agree(&filter, 3, 4);
}

#[test]
fn errors_not_panics() {
    let mut rules: Vec<Rule> = numbers(300)
        .into_iter()
        .map(|nr| Rule::raw(nr, Action::Allow))
        .collect();
    let filter = Filter::new(Action::KillProcess, &mut rules).unwrap();
    let mut small = [SockFilter::default(); 100];
    assert_eq!(filter.compile(&mut small), Err(Errno::ENOSPC));
    let mut none: [SockFilter; 0] = [];
    assert_eq!(filter.compile(&mut none), Err(Errno::ENOSPC));
    // Over the kernel's limit, even with room in the buffer.
    let c = [Cond::new(0, CmpOp::Lt, 5), Cond::new(1, CmpOp::Ne, 5)];
    let mut many: Vec<Rule> = (0..1000)
        .map(|nr| Rule::raw(nr, Action::Allow).when(&c))
        .collect();
    let filter = Filter::new(Action::KillProcess, &mut many).unwrap();
    let mut big = std::vec![SockFilter::default(); 3 * MAX_INSNS];
    assert_eq!(filter.compile(&mut big), Err(Errno::E2BIG));
    // An argument index above 5.
    let bad = [Cond::new(6, CmpOp::Eq, 0)];
    let mut rules = [Rule::allow(Sysno::read).when(&bad)];
    assert_eq!(
        Filter::new(Action::Allow, &mut rules).map(drop),
        Err(Errno::EINVAL)
    );
    // Empty rule set: the arch check and the default.
    let filter = Filter::new(Action::Errno(5), &mut []).unwrap();
    let mut buf = [SockFilter::default(); 8];
    let prog = filter.compile(&mut buf).unwrap();
    assert_eq!(
        evaluate(&prog, &SeccompData::native(0, [0; 6])),
        Action::Errno(5)
    );
}

#[test]
fn program_checks_like_the_kernel() {
    let ret = SockFilter::stmt(op::RET | op::K, 0);
    let ld = |k| SockFilter::stmt(op::LD | op::W | op::ABS, k);
    assert_eq!(Program::new(&[]), Err(Errno::EINVAL));
    assert!(Program::new(&[ret]).is_ok());
    assert!(Program::new(&[ld(60), ret]).is_ok());
    assert_eq!(Program::new(&[ld(64), ret]), Err(Errno::EINVAL));
    assert_eq!(Program::new(&[ld(2), ret]), Err(Errno::EINVAL));
    assert_eq!(Program::new(&[ld(0)]), Err(Errno::EINVAL));
    let jeq = SockFilter::jump(op::JMP | op::JEQ | op::K, 0, 1, 0);
    assert_eq!(Program::new(&[jeq, ret]), Err(Errno::EINVAL));
    assert!(Program::new(&[jeq, ret, ret]).is_ok());
    let ja = SockFilter::stmt(op::JMP | op::JA, 1);
    assert_eq!(Program::new(&[ja, ret]), Err(Errno::EINVAL));
    let div0 = SockFilter::stmt(op::ALU | op::DIV | op::K, 0);
    assert_eq!(Program::new(&[div0, ret]), Err(Errno::EINVAL));
    let modk = SockFilter::stmt(op::ALU | 0x90 | op::K, 3);
    assert_eq!(Program::new(&[modk, ret]), Err(Errno::EINVAL));
    let st = SockFilter::stmt(op::ST, 16);
    assert_eq!(Program::new(&[st, ret]), Err(Errno::EINVAL));
    let long = std::vec![ret; MAX_INSNS + 1];
    assert_eq!(Program::new(&long), Err(Errno::EINVAL));
    assert!(Program::new(&long[1..]).is_ok());
}

#[test]
fn interpreter_arithmetic_and_scratch() {
    // A = args[0].lo; M[3] = A; X = 5; A = A * X; A -= M[3]; A /= X... ret A
    let lo = if cfg!(target_endian = "little") {
        16
    } else {
        20
    };
    let p = [
        SockFilter::stmt(op::LD | op::W | op::ABS, lo),
        SockFilter::stmt(op::ST, 3),
        SockFilter::stmt(op::LDX | op::IMM, 5),
        SockFilter::stmt(op::ALU | op::MUL | op::X, 0),
        SockFilter::stmt(op::LDX | op::MEM, 3),
        SockFilter::stmt(op::ALU | op::SUB | op::X, 0), // 4 * a
        SockFilter::stmt(op::ALU | op::LSH | op::K, 1), // 8 * a
        SockFilter::stmt(op::ALU | op::OR | op::K, 0x7fff_0000),
        SockFilter::stmt(op::RET | op::A, 0),
    ];
    let prog = Program::new(&p).unwrap();
    let d = SeccompData::native(0, [3, 0, 0, 0, 0, 0]);
    assert_eq!(evaluate_raw(&prog, &d), 0x7fff_0018);
    assert_eq!(evaluate(&prog, &d), Action::Allow);
    // Division by a zero register ends with 0: kill thread.
    let p = [
        SockFilter::stmt(op::LDX | op::IMM, 0),
        SockFilter::stmt(op::ALU | op::DIV | op::X, 0),
        SockFilter::stmt(op::RET | op::K, Action::Allow.raw()),
    ];
    assert_eq!(evaluate(&Program::new(&p).unwrap(), &d), Action::KillThread);
    // An unknown action kills the process.
    assert_eq!(Action::from_raw(0x0001_0000), Action::KillProcess);
    for a in [
        Action::KillProcess,
        Action::KillThread,
        Action::Trap(9),
        Action::Errno(4095),
        Action::UserNotif,
        Action::Trace(2),
        Action::Log,
        Action::Allow,
    ] {
        assert_eq!(Action::from_raw(a.raw()), a);
    }
}

#[test]
fn disassembly_names_things() {
    let c = [Cond::new(1, CmpOp::Eq, 3)];
    let mut rules = [
        Rule::allow(Sysno::getpid),
        Rule::allow(Sysno::read).when(&c),
        Rule::raw(0x3fff_0000, Action::Trap(2)),
    ];
    let filter = Filter::new(Action::errno(Errno::EPERM), &mut rules).unwrap();
    let mut buf = [SockFilter::default(); 64];
    let prog = filter.compile(&mut buf).unwrap();
    let text = prog.to_string();
    std::println!("{text}");
    assert_eq!(text.lines().count(), prog.len());
    assert!(text.starts_with("   0: ld  [arch]\n"), "{text}");
    assert!(text.contains(crate::arch::abi::AUDIT_ARCH_NAME), "{text}");
    assert!(text.contains("ld  [nr]"), "{text}");
    assert!(text.contains("; getpid"), "{text}");
    assert!(text.contains("; read"), "{text}");
    assert!(text.contains("; nr 1073676288"), "{text}");
    assert!(
        text.contains("[args[1].lo]") && text.contains("[args[1].hi]"),
        "{text}"
    );
    assert!(text.contains("ret ALLOW"), "{text}");
    assert!(text.contains("ret ERRNO(EPERM)"), "{text}");
    assert!(text.contains("ret TRAP(2)"), "{text}");
    assert!(text.contains("ret KILL_PROCESS"), "{text}");
    assert_eq!(format!("{}", Action::Errno(4000)), "ERRNO(4000)");
}

#[test]
fn checked_numbers_are_searched_first() {
    // 300 always allowed numbers and one with an argument check: the
    // kernel runs the filter only for the latter, whose search comes first.
    let nrs = numbers(300);
    let c = [Cond::new(0, CmpOp::Eq, 0)];
    let mut rules: Vec<Rule> = nrs.iter().map(|&nr| Rule::raw(nr, Action::Allow)).collect();
    rules[150] = rules[150].when(&c);
    let checked = rules[150].nr();
    let filter = Filter::new(Action::KillProcess, &mut rules).unwrap();
    assert_eq!(filter.rules()[0].nr(), checked);
    assert!(filter.rules()[1..].iter().all(|r| r.conds().is_empty()));
    let mut buf = [SockFilter::default(); MAX_INSNS];
    let prog = filter.compile(&mut buf).unwrap();
    let first_arg = prog
        .insns()
        .iter()
        .position(|i| i.code == op::LD | op::ABS && i.k >= 16);
    assert!(first_arg.is_some_and(|i| i < 8), "{prog}");
    for r in &filter.rules()[1..] {
        assert!(kernel_caches_allow(&prog, r.nr()));
    }
    assert!(!kernel_caches_allow(&prog, checked));
    agree(&filter, 5, 2);
    // A slice reused for another filter is regrouped from scratch.
    let filter = Filter::new(Action::Allow, &mut rules).unwrap();
    agree(&filter, 6, 2);
}
