//! What a filter says: actions, argument conditions, rules, and the rule
//! set's meaning ([`Filter::decide`]), which the compiled program must agree
//! with.

use super::SeccompData;
use crate::{Errno, Result, Sysno};

/// What a seccomp filter answers for a system call (`SECCOMP_RET_*`,
/// `seccomp(2)`). The 16-bit data of `Errno`, `Trap` and `Trace` goes to the
/// caller, the signal handler or the tracer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// `SECCOMP_RET_KILL_PROCESS`: the whole process dies of `SIGSYS`.
    KillProcess,
    /// `SECCOMP_RET_KILL_THREAD`: the calling thread dies of `SIGSYS`.
    KillThread,
    /// `SECCOMP_RET_TRAP`: the call fails and the thread gets `SIGSYS`,
    /// whose [`SigInfo`](crate::signal::SigInfo) carries the number and this
    /// value in `si_errno`.
    Trap(u16),
    /// `SECCOMP_RET_ERRNO`: the call is not made and returns `-N` (the
    /// kernel caps `N` at 4095). See [`Action::errno`].
    Errno(u16),
    /// `SECCOMP_RET_USER_NOTIF`: a supervisor holding the listener fd
    /// decides (see [`Listener`](super::Listener)); `ENOSYS` when there is none.
    UserNotif,
    /// `SECCOMP_RET_TRACE`: a `ptrace` tracer is told (with this value);
    /// `ENOSYS` when there is none.
    Trace(u16),
    /// `SECCOMP_RET_LOG`: allowed, and logged.
    Log,
    /// `SECCOMP_RET_ALLOW`: allowed.
    Allow,
}

/// `SECCOMP_RET_ACTION_FULL`: the action part of a return value.
const ACTION_FULL: u32 = 0xffff_0000;

impl Action {
    /// `Errno(e)`: the call fails with `e`.
    pub const fn errno(e: Errno) -> Action {
        // Errno values are in 1..=4095, so the cast is lossless.
        Action::Errno(e.raw() as u16)
    }

    /// The filter's return value for this action (`SECCOMP_RET_*` | data).
    pub const fn raw(self) -> u32 {
        match self {
            Action::KillProcess => 0x8000_0000,
            Action::KillThread => 0,
            Action::Trap(d) => 0x0003_0000 | d as u32,
            Action::Errno(d) => 0x0005_0000 | d as u32,
            Action::UserNotif => 0x7fc0_0000,
            Action::Trace(d) => 0x7ff0_0000 | d as u32,
            Action::Log => 0x7ffc_0000,
            Action::Allow => 0x7fff_0000,
        }
    }

    /// What the kernel does with a filter's return value: an unknown action
    /// kills the process, as the kernel does; the data of actions that have
    /// none is ignored.
    pub const fn from_raw(ret: u32) -> Action {
        let data = ret as u16;
        match ret & ACTION_FULL {
            0 => Action::KillThread,
            0x0003_0000 => Action::Trap(data),
            0x0005_0000 => Action::Errno(data),
            0x7fc0_0000 => Action::UserNotif,
            0x7ff0_0000 => Action::Trace(data),
            0x7ffc_0000 => Action::Log,
            0x7fff_0000 => Action::Allow,
            _ => Action::KillProcess,
        }
    }

    /// The kernel's order among actions: when several apply, the one with
    /// the lowest key wins (`ACTION_ONLY` compared as `s32`: kill process
    /// first, allow last); equal actions are ordered by their data.
    pub(crate) const fn precedence(self) -> i32 {
        self.raw() as i32
    }
}

/// How a [`Cond`] compares an argument with its value: unsigned, on all 64
/// bits of `seccomp_data.args[i]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CmpOp {
    /// `arg == value`.
    Eq,
    /// `arg != value`.
    Ne,
    /// `arg < value`.
    Lt,
    /// `arg <= value`.
    Le,
    /// `arg > value`.
    Gt,
    /// `arg >= value`.
    Ge,
    /// `arg & mask == value`.
    MaskedEq(u64),
}

/// A condition on one system call argument.
///
/// The kernel hands the filter each argument as a 64-bit value: on 32-bit
/// architectures (and for 32-bit `int` arguments) the upper half is what
/// the register held extended to 64 bits by the kernel — zero on i386, so
/// an `int` of `-1` is `0xffff_ffff` there; compare `int`s with
/// [`CmpOp::MaskedEq`] and a mask of `0xffff_ffff` to be portable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Cond {
    pub(crate) arg: u8,
    pub(crate) op: CmpOp,
    pub(crate) value: u64,
}

impl Cond {
    /// Argument `arg` (0 to 5) compared by `op` with `value`. An `arg`
    /// above 5 makes [`Filter::new`] fail with `EINVAL`.
    pub const fn new(arg: u8, op: CmpOp, value: u64) -> Cond {
        Cond { arg, op, value }
    }

    /// Whether the condition holds for `data`: the meaning that the compiled
    /// program implements. `false` for an argument index above 5.
    pub fn holds(&self, data: &SeccompData) -> bool {
        let Some(&a) = data.args.get(usize::from(self.arg)) else {
            return false;
        };
        let v = self.value;
        match self.op {
            CmpOp::Eq => a == v,
            CmpOp::Ne => a != v,
            CmpOp::Lt => a < v,
            CmpOp::Le => a <= v,
            CmpOp::Gt => a > v,
            CmpOp::Ge => a >= v,
            CmpOp::MaskedEq(m) => a & m == v,
        }
    }
}

/// One rule: for system call `nr`, `action` when every condition holds.
#[derive(Clone, Copy, Debug)]
pub struct Rule<'c> {
    pub(crate) nr: u32,
    pub(crate) action: Action,
    pub(crate) conds: &'c [Cond],
    /// Set by [`Filter::new`]: whether the rule's number is always allowed
    /// (see [`Filter::new`] on the order).
    pub(crate) always_allowed: bool,
}

impl PartialEq for Rule<'_> {
    /// Rules are equal when number, action and conditions are.
    fn eq(&self, other: &Self) -> bool {
        (self.nr, self.action, self.conds) == (other.nr, other.action, other.conds)
    }
}

impl Eq for Rule<'_> {}

impl<'c> Rule<'c> {
    /// `action` for every call of `nr`.
    pub const fn new(nr: Sysno, action: Action) -> Rule<'static> {
        // System call numbers fit in 32 bits on every architecture.
        Rule::raw(nr as u32, action)
    }

    /// [`Action::Allow`] for every call of `nr`.
    pub const fn allow(nr: Sysno) -> Rule<'static> {
        Rule::new(nr, Action::Allow)
    }

    /// `action` for system call number `nr`, which [`Sysno`] need not know.
    pub const fn raw(nr: u32, action: Action) -> Rule<'static> {
        Rule {
            nr,
            action,
            conds: &[],
            always_allowed: false,
        }
    }

    /// The same rule, applying only when every one of `conds` holds.
    pub const fn when<'d>(self, conds: &'d [Cond]) -> Rule<'d> {
        Rule {
            nr: self.nr,
            action: self.action,
            conds,
            always_allowed: false,
        }
    }

    /// The system call number.
    pub const fn nr(&self) -> u32 {
        self.nr
    }

    /// The action.
    pub const fn action(&self) -> Action {
        self.action
    }

    /// The conditions, all of which must hold.
    pub const fn conds(&self) -> &'c [Cond] {
        self.conds
    }

    /// The order [`Filter::new`] sorts rules in: the numbers that are
    /// always allowed last, then by number, then the winning action first,
    /// then conditional before unconditional.
    fn key(&self) -> (bool, u32, i32, bool) {
        (
            self.always_allowed,
            self.nr,
            self.action.precedence(),
            self.conds.is_empty(),
        )
    }
}

/// The rules of one number (sorted) that can change its answer, and the
/// answer when none of them applies: the rules after the first
/// unconditional one never apply, nor do trailing ones that answer the same
/// as what follows them.
pub(crate) fn effective<'a, 'c>(
    group: &'a [Rule<'c>],
    default: Action,
) -> (&'a [Rule<'c>], Action) {
    let (mut checked, otherwise) = match group.iter().position(|r| r.conds.is_empty()) {
        Some(u) => (&group[..u], group[u].action),
        None => (group, default),
    };
    while let Some((last, rest)) = checked.split_last() {
        if last.action != otherwise {
            break;
        }
        checked = rest;
    }
    (checked, otherwise)
}

/// The length of the group of rules at the start of `rules` (sorted).
pub(crate) fn group_len(rules: &[Rule<'_>]) -> usize {
    match rules.first() {
        Some(first) => rules.partition_point(|r| r.nr == first.nr),
        None => 0,
    }
}

/// A rule set: a default action, and rules per system call number.
///
/// Its meaning ([`decide`](Filter::decide)): a call made through another
/// architecture's ABI (or, on x86_64, the x32 ABI) gets the
/// [`foreign`](Filter::foreign) action; otherwise, of the rules for the
/// call's number whose conditions all hold, the one whose action the kernel
/// ranks first wins (kill process, kill thread, trap, errno, user
/// notification, trace, log, allow — as between stacked filters), so the
/// rules' order does not matter; with none, the default action.
///
/// The rules live in the caller's slice, sorted in place by
/// [`new`](Filter::new): building and [compiling](Filter::compile) a filter
/// allocates nothing. The numbers whose answer is always allow come last,
/// each part sorted by number: the compiled program searches the others
/// first, since the kernel runs a filter only for them (it caches the
/// always allowed).
#[derive(Clone, Copy, Debug)]
pub struct Filter<'r, 'c> {
    pub(crate) default: Action,
    pub(crate) foreign: Action,
    pub(crate) rules: &'r [Rule<'c>],
}

impl<'r, 'c> Filter<'r, 'c> {
    /// A rule set answering `default` for every call no rule decides; sorts
    /// `rules` in place (no allocation). Calls of other architectures get
    /// [`Action::KillProcess`] (see [`foreign`](Filter::foreign)).
    ///
    /// # Errors
    ///
    /// `EINVAL` when a condition names an argument above 5.
    pub fn new(default: Action, rules: &'r mut [Rule<'c>]) -> Result<Self> {
        if rules.iter().flat_map(|r| r.conds).any(|c| c.arg > 5) {
            return Err(Errno::EINVAL);
        }
        // Group by number first (a slice reused from an earlier filter
        // carries its old marks).
        rules.iter_mut().for_each(|r| r.always_allowed = false);
        rules.sort_unstable_by_key(Rule::key);
        let mut rest = &mut rules[..];
        while !rest.is_empty() {
            let n = group_len(rest);
            let (group, tail) = rest.split_at_mut(n);
            let (checked, otherwise) = effective(group, default);
            let always = checked.is_empty() && otherwise == Action::Allow;
            group.iter_mut().for_each(|r| r.always_allowed = always);
            rest = tail;
        }
        rules.sort_unstable_by_key(Rule::key);
        Ok(Filter {
            default,
            foreign: Action::KillProcess,
            rules,
        })
    }

    /// The same filter, answering `action` to calls made through another
    /// architecture's ABI (the check `seccomp_data.arch` against this one's
    /// `AUDIT_ARCH_*`, and on x86_64 numbers with the x32 bit set).
    pub const fn foreign(self, action: Action) -> Self {
        Filter {
            foreign: action,
            ..self
        }
    }

    /// The default action.
    pub const fn default_action(&self) -> Action {
        self.default
    }

    /// The rules, sorted: those of numbers not always allowed, then those
    /// of numbers always allowed, each part by number.
    pub const fn rules(&self) -> &'r [Rule<'c>] {
        self.rules
    }

    /// What this rule set answers for a call: its meaning, computed
    /// directly from the rules (the compiled program's decision, from
    /// [`evaluate`](super::evaluate), must be the same).
    pub fn decide(&self, data: &SeccompData) -> Action {
        if data.arch != super::AUDIT_ARCH || super::foreign_nr(data.nr as u32) {
            return self.foreign;
        }
        let nr = data.nr as u32;
        // Each part is sorted by number.
        let (checked, always) = self.parts();
        let of = |part: &'r [Rule<'c>]| {
            let start = part.partition_point(|r| r.nr < nr);
            part[start..].iter().take_while(move |r| r.nr == nr)
        };
        of(checked)
            .chain(of(always))
            .filter(|r| r.conds.iter().all(|c| c.holds(data)))
            .map(|r| r.action)
            .min_by_key(|a| a.precedence())
            .unwrap_or(self.default)
    }

    /// The rules whose numbers are not always allowed, and those that are,
    /// each sorted by number.
    pub(crate) fn parts(&self) -> (&'r [Rule<'c>], &'r [Rule<'c>]) {
        let t = self.rules.partition_point(|r| !r.always_allowed);
        self.rules.split_at(t)
    }
}
