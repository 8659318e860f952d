//! Classic BPF as seccomp accepts it: the instruction encoding, a checked
//! [`Program`], and its disassembly ([`Program`]'s `Display`).

use super::{Action, AUDIT_ARCH};
use crate::{Errno, Result, Sysno};
use core::fmt;
use static_assertions::{assert_eq_size, const_assert_eq};

/// One classic BPF instruction (`struct sock_filter`, `linux/filter.h`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct SockFilter {
    /// The opcode: class | size/op | mode/source.
    pub code: u16,
    /// Conditional jumps: how many instructions to skip when true.
    pub jt: u8,
    /// Conditional jumps: how many instructions to skip when false.
    pub jf: u8,
    /// The constant operand.
    pub k: u32,
}

assert_eq_size!(SockFilter, u64);
const_assert_eq!(core::mem::offset_of!(SockFilter, k), 4);

impl SockFilter {
    /// An instruction with no jump offsets (`BPF_STMT`).
    pub const fn stmt(code: u16, k: u32) -> SockFilter {
        SockFilter {
            code,
            jt: 0,
            jf: 0,
            k,
        }
    }

    /// A conditional jump (`BPF_JUMP`).
    pub const fn jump(code: u16, k: u32, jt: u8, jf: u8) -> SockFilter {
        SockFilter { code, jt, jf, k }
    }
}

/// Opcode parts (`linux/bpf_common.h`).
pub(crate) mod op {
    pub const LD: u16 = 0x00;
    pub const LDX: u16 = 0x01;
    pub const ST: u16 = 0x02;
    pub const STX: u16 = 0x03;
    pub const ALU: u16 = 0x04;
    pub const JMP: u16 = 0x05;
    pub const RET: u16 = 0x06;
    pub const MISC: u16 = 0x07;
    pub const W: u16 = 0x00;
    pub const IMM: u16 = 0x00;
    pub const ABS: u16 = 0x20;
    pub const MEM: u16 = 0x60;
    pub const LEN: u16 = 0x80;
    pub const ADD: u16 = 0x00;
    pub const SUB: u16 = 0x10;
    pub const MUL: u16 = 0x20;
    pub const DIV: u16 = 0x30;
    pub const OR: u16 = 0x40;
    pub const AND: u16 = 0x50;
    pub const LSH: u16 = 0x60;
    pub const RSH: u16 = 0x70;
    pub const NEG: u16 = 0x80;
    pub const XOR: u16 = 0xa0;
    pub const JA: u16 = 0x00;
    pub const JEQ: u16 = 0x10;
    pub const JGT: u16 = 0x20;
    pub const JGE: u16 = 0x30;
    pub const JSET: u16 = 0x40;
    pub const K: u16 = 0x00;
    pub const X: u16 = 0x08;
    pub const A: u16 = 0x10;
    pub const TAX: u16 = 0x00;
    pub const TXA: u16 = 0x80;
}

/// `BPF_MAXINSNS`: the kernel's limit on a program's length.
pub const MAX_INSNS: usize = 4096;
/// `BPF_MEMWORDS`: the scratch memory cells.
pub(crate) const MEMWORDS: u32 = 16;
/// `sizeof(struct seccomp_data)`: what `BPF_LD|BPF_W|BPF_ABS` may read.
pub(crate) const DATA_LEN: u32 = 64;

/// A classic BPF program that the kernel's checks for seccomp accept
/// (`seccomp_check_filter` and `bpf_check_classic`): 1 to 4096
/// instructions of the opcodes seccomp allows, every jump inside the
/// program, loads aligned inside `seccomp_data`, the last instruction a
/// return. [`Filter::compile`](super::Filter::compile) makes one;
/// [`Program::new`] checks a hand-written one.
///
/// `Display` disassembles it, one instruction a line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Program<'p> {
    pub(crate) insns: &'p [SockFilter],
}

impl<'p> Program<'p> {
    /// Checks `insns` as the kernel would on installation.
    ///
    /// # Errors
    ///
    /// `EINVAL` for what the kernel refuses: an empty program or one over
    /// 4096 instructions, an unknown or (for seccomp) forbidden opcode, a
    /// jump out of the program, a load outside `seccomp_data` or of an
    /// unaligned word, a scratch cell above 15, a division by constant 0, a
    /// constant shift of 32 or more, or a last instruction that is not a
    /// return. (The kernel also refuses to read a scratch cell no path has
    /// written; this check does not, and [`evaluate`](super::evaluate)
    /// reads such a cell as 0.)
    pub fn new(insns: &'p [SockFilter]) -> Result<Self> {
        let n = insns.len();
        if n == 0 || n > MAX_INSNS {
            return Err(Errno::EINVAL);
        }
        for (pc, i) in insns.iter().enumerate() {
            let rest = (n - pc - 1) as u32; // instructions after this one
            let ok = match i.code {
                c if c == op::LD | op::W | op::ABS => i.k < DATA_LEN && i.k % 4 == 0,
                c if c == op::LD | op::W | op::LEN || c == op::LDX | op::W | op::LEN => true,
                c if c == op::LD | op::IMM || c == op::LDX | op::IMM => true,
                c if c == op::LD | op::MEM || c == op::LDX | op::MEM => i.k < MEMWORDS,
                c if c == op::ST || c == op::STX => i.k < MEMWORDS,
                c if c == op::MISC | op::TAX || c == op::MISC | op::TXA => true,
                c if c == op::RET | op::K || c == op::RET | op::A => true,
                c if c == op::ALU | op::NEG => true,
                c if c & 0x07 == op::ALU && c & !0xf8 == op::ALU => match c & 0xf0 {
                    op::ADD | op::SUB | op::MUL | op::OR | op::AND | op::XOR => true,
                    op::DIV => c & op::X != 0 || i.k != 0,
                    op::LSH | op::RSH => c & op::X != 0 || i.k < 32,
                    _ => false,
                },
                c if c == op::JMP | op::JA => i.k < rest,
                c if c & 0x07 == op::JMP && c & !0xf8 == op::JMP => {
                    matches!(c & 0xf0, op::JEQ | op::JGT | op::JGE | op::JSET)
                        && u32::from(i.jt) < rest
                        && u32::from(i.jf) < rest
                }
                _ => false,
            };
            if !ok {
                return Err(Errno::EINVAL);
            }
        }
        match insns[n - 1].code {
            c if c == op::RET | op::K || c == op::RET | op::A => Ok(Program { insns }),
            _ => Err(Errno::EINVAL),
        }
    }

    /// The instructions.
    pub const fn insns(&self) -> &'p [SockFilter] {
        self.insns
    }

    /// The number of instructions.
    #[allow(clippy::len_without_is_empty)] // never empty
    pub const fn len(&self) -> usize {
        self.insns.len()
    }
}

/// What the accumulator holds at an instruction, for the disassembler's notes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Holds {
    Unreached,
    Nr,
    Arch,
    Other,
}

impl Holds {
    fn merge(self, other: Holds) -> Holds {
        match (self, other) {
            (Holds::Unreached, o) | (o, Holds::Unreached) => o,
            (a, b) if a == b => a,
            _ => Holds::Other,
        }
    }
}

/// The symbolic name of a `seccomp_data` offset.
fn field(f: &mut fmt::Formatter<'_>, k: u32) -> fmt::Result {
    match k {
        0 => f.write_str("nr"),
        4 => f.write_str("arch"),
        8 | 12 => write!(f, "ip{}", half(k - 8)),
        16..64 => write!(f, "args[{}]{}", (k - 16) / 8, half((k - 16) % 8)),
        _ => write!(f, "{k}"),
    }
}

/// Which half of a 64-bit field sits at byte `off` (0 or 4) in this
/// machine's byte order.
fn half(off: u32) -> &'static str {
    if (off == 0) == cfg!(target_endian = "little") {
        ".lo"
    } else {
        ".hi"
    }
}

impl fmt::Display for Program<'_> {
    /// One instruction a line: `index: mnemonic operands`, jumps with their
    /// absolute targets, loads named after the `seccomp_data` field, returns
    /// as actions, and the constant of a comparison named when the
    /// accumulator holds the number (the system call) or the architecture
    /// on every path there.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut holds = [Holds::Unreached; MAX_INSNS];
        holds[0] = Holds::Other;
        for (pc, i) in self.insns.iter().enumerate() {
            let now = holds[pc];
            let class = i.code & 0x07;
            write!(f, "{pc:4}: ")?;
            let mut after = now;
            let mut next: [Option<usize>; 2] = [Some(pc + 1), None];
            match class {
                op::LD | op::LDX => {
                    let m = if class == op::LD { "ld " } else { "ldx" };
                    match i.code & 0xe0 {
                        op::ABS => {
                            write!(f, "{m} [")?;
                            field(f, i.k)?;
                            f.write_str("]")?;
                        }
                        op::LEN => write!(f, "{m} len")?,
                        op::MEM => write!(f, "{m} M[{}]", i.k)?,
                        _ => write!(f, "{m} #{:#x}", i.k)?,
                    }
                    if class == op::LD {
                        after = match (i.code & 0xe0, i.k) {
                            (op::ABS, 0) => Holds::Nr,
                            (op::ABS, 4) => Holds::Arch,
                            _ => Holds::Other,
                        };
                    }
                }
                op::ST => write!(f, "st  M[{}]", i.k)?,
                op::STX => write!(f, "stx M[{}]", i.k)?,
                op::ALU => {
                    after = Holds::Other;
                    let m = match i.code & 0xf0 {
                        op::ADD => "add",
                        op::SUB => "sub",
                        op::MUL => "mul",
                        op::DIV => "div",
                        op::OR => "or ",
                        op::AND => "and",
                        op::LSH => "lsh",
                        op::RSH => "rsh",
                        op::NEG => "neg",
                        op::XOR => "xor",
                        _ => "alu?",
                    };
                    if i.code & 0xf0 == op::NEG {
                        f.write_str(m)?;
                    } else if i.code & op::X != 0 {
                        write!(f, "{m} x")?;
                    } else {
                        write!(f, "{m} #{:#x}", i.k)?;
                    }
                }
                op::JMP if i.code & 0xf0 == op::JA => {
                    let t = pc + 1 + i.k as usize;
                    write!(f, "ja  {t}")?;
                    next = [Some(t), None];
                }
                op::JMP => {
                    let m = match i.code & 0xf0 {
                        op::JEQ => "jeq",
                        op::JGT => "jgt",
                        op::JGE => "jge",
                        _ => "jset",
                    };
                    let (t, e) = (pc + 1 + usize::from(i.jt), pc + 1 + usize::from(i.jf));
                    if i.code & op::X != 0 {
                        write!(f, "{m} x, {t}, {e}")?;
                    } else {
                        write!(f, "{m} #{:#x}, {t}, {e}", i.k)?;
                        match now {
                            Holds::Nr if m != "jset" => match Sysno::from_number(i.k as usize) {
                                Some(s) => write!(f, "  ; {s}")?,
                                None => write!(f, "  ; nr {}", i.k)?,
                            },
                            Holds::Arch if i.k == AUDIT_ARCH => {
                                write!(f, "  ; {}", crate::arch::abi::AUDIT_ARCH_NAME)?
                            }
                            _ => {}
                        }
                    }
                    next = [Some(t), Some(e)];
                }
                op::RET => {
                    if i.code & op::A != 0 {
                        f.write_str("ret a")?;
                    } else {
                        write!(f, "ret {}", Action::from_raw(i.k))?;
                    }
                    next = [None, None];
                }
                _ => {
                    let m = if i.code & 0xf8 == op::TXA {
                        "txa"
                    } else {
                        "tax"
                    };
                    f.write_str(m)?;
                    if i.code & 0xf8 == op::TXA {
                        after = Holds::Other;
                    }
                }
            }
            f.write_str("\n")?;
            for t in next.into_iter().flatten() {
                if let Some(h) = holds.get_mut(t) {
                    *h = h.merge(after);
                }
            }
        }
        Ok(())
    }
}

impl fmt::Display for Action {
    /// `ALLOW`, `ERRNO(1)`, `KILL_PROCESS`, … as the kernel names them.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Action::KillProcess => f.write_str("KILL_PROCESS"),
            Action::KillThread => f.write_str("KILL_THREAD"),
            Action::Trap(d) => write!(f, "TRAP({d})"),
            Action::Errno(d) => match Errno::from_raw(i32::from(d)).and_then(Errno::name) {
                Some(name) => write!(f, "ERRNO({name})"),
                None => write!(f, "ERRNO({d})"),
            },
            Action::UserNotif => f.write_str("USER_NOTIF"),
            Action::Trace(d) => write!(f, "TRACE({d})"),
            Action::Log => f.write_str("LOG"),
            Action::Allow => f.write_str("ALLOW"),
        }
    }
}
