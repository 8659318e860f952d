//! A classic BPF interpreter over `seccomp_data`, with the kernel's
//! semantics, so that a filter can be checked on any machine — including
//! under qemu-user, which refuses to install filters.

use super::bpf::{op, DATA_LEN, MEMWORDS};
use super::{Action, Program, SeccompData};

/// The raw value `program` returns for `data`, as the kernel computes it.
///
/// Arithmetic wraps on 32 bits; a shift by a register takes the low 5 bits
/// of the count; a division by a register holding 0 ends the program with
/// return value 0, as the kernel's translation does.
pub fn evaluate_raw(program: &Program<'_>, data: &SeccompData) -> u32 {
    let insns = program.insns;
    let bytes = data.as_bytes();
    let word = |k: u32| -> u32 {
        let k = k as usize;
        match bytes.get(k..k + 4) {
            Some(&[a, b, c, d]) => u32::from_ne_bytes([a, b, c, d]),
            _ => 0, // unreachable: Program::new checked the offset
        }
    };
    let (mut a, mut x) = (0u32, 0u32);
    let mut mem = [0u32; MEMWORDS as usize];
    let mut pc = 0usize;
    // Every jump goes forward (checked by Program::new), so this ends.
    while let Some(i) = insns.get(pc) {
        pc += 1;
        let src = if i.code & op::X != 0 { x } else { i.k };
        match i.code & 0x07 {
            op::LD | op::LDX => {
                let v = match i.code & 0xe0 {
                    op::ABS => word(i.k),
                    op::LEN => DATA_LEN,
                    op::MEM => mem.get(i.k as usize).copied().unwrap_or(0),
                    _ => i.k,
                };
                if i.code & 0x07 == op::LD {
                    a = v
                } else {
                    x = v
                }
            }
            op::ST | op::STX => {
                let v = if i.code & 0x07 == op::ST { a } else { x };
                if let Some(m) = mem.get_mut(i.k as usize) {
                    *m = v;
                }
            }
            op::ALU => {
                a = match i.code & 0xf0 {
                    op::ADD => a.wrapping_add(src),
                    op::SUB => a.wrapping_sub(src),
                    op::MUL => a.wrapping_mul(src),
                    op::DIV => match a.checked_div(src) {
                        Some(q) => q,
                        None => return 0,
                    },
                    op::OR => a | src,
                    op::AND => a & src,
                    op::LSH => a.wrapping_shl(src),
                    op::RSH => a.wrapping_shr(src),
                    op::NEG => a.wrapping_neg(),
                    _ => a ^ src, // XOR, the only other one Program::new admits
                }
            }
            op::JMP => {
                let skip = match i.code & 0xf0 {
                    op::JA => i.k as usize,
                    c => {
                        let t = match c {
                            op::JEQ => a == src,
                            op::JGT => a > src,
                            op::JGE => a >= src,
                            _ => a & src != 0,
                        };
                        usize::from(if t { i.jt } else { i.jf })
                    }
                };
                pc += skip;
            }
            op::RET => return if i.code & op::A != 0 { a } else { i.k },
            _ => {
                if i.code & 0xf8 == op::TXA {
                    a = x
                } else {
                    x = a
                }
            }
        }
    }
    0 // unreachable: Program::new checked that the last instruction returns
}

/// The action `program` decides for `data` (see [`evaluate_raw`]; an
/// unknown return value kills the process, as in the kernel).
pub fn evaluate(program: &Program<'_>, data: &SeccompData) -> Action {
    Action::from_raw(evaluate_raw(program, data))
}
