//! seccomp: system call filters (`seccomp(2)`).
//!
//! - [`Filter`]: a rule set — a default [`Action`], and per system call
//!   [`Rule`]s, optionally guarded by argument conditions ([`Cond`]) — in
//!   the caller's slice.
//! - [`Filter::compile`]: into classic BPF ([`SockFilter`]) in the caller's
//!   buffer, checking the architecture first and finding any number by a
//!   binary search that the kernel's constant-action cache sees through.
//! - [`install`] (`SECCOMP_SET_MODE_FILTER`), [`install_strict`],
//!   [`action_available`], [`notif_sizes`].
//! - [`evaluate`]: a BPF interpreter over [`SeccompData`], and [`Program`]'s
//!   `Display`, a disassembler: a filter can be checked and read on any
//!   machine, also where filters cannot be installed (qemu-user).
//! - [`Listener`]: the supervisor's side of user notification.
//!
//! The smallest useful filter: allow what the program needs, fail the rest.
//!
//! ```no_run
//! use sysgate::seccomp::{self, Action, FilterFlags, NoNewPrivs, Rule, SockFilter};
//! use sysgate::{Errno, Sysno};
//!
//! let mut rules = [
//!     Rule::allow(Sysno::write),
//!     Rule::allow(Sysno::exit_group),
//!     Rule::allow(Sysno::rt_sigreturn),
//! ];
//! let filter = seccomp::Filter::new(Action::errno(Errno::EPERM), &mut rules)?;
//! let mut buf = [SockFilter::default(); 64];
//! let program = filter.compile(&mut buf)?;
//! // SAFETY: write, exit_group and rt_sigreturn stay allowed, so every call
//! // this program relies on not returning still does not return.
//! unsafe { seccomp::install(&program, FilterFlags::empty(), NoNewPrivs::Set) }?;
//! # Ok::<(), Errno>(())
//! ```

mod bpf;
mod compile;
mod install;
mod interp;
mod notify;
mod rules;

pub use bpf::{Program, SockFilter, MAX_INSNS};
pub use install::{
    action_available, install, install_strict, notif_sizes, FilterFlags, NoNewPrivs, NotifSizes,
};
pub use interp::{evaluate, evaluate_raw};
pub use notify::{Listener, Notif, Response};
pub use rules::{Action, CmpOp, Cond, Filter, Rule};

use static_assertions::{assert_eq_align, assert_eq_size, const_assert_eq};

/// `AUDIT_ARCH_*` of the running architecture's native system call ABI.
pub const AUDIT_ARCH: u32 = crate::arch::abi::AUDIT_ARCH;

/// Numbers with this bit set belong to another ABI sharing [`AUDIT_ARCH`]
/// (x86_64's x32), where there is one.
pub(crate) const FOREIGN_NR_BIT: Option<u32> = crate::arch::abi::SECCOMP_FOREIGN_NR_BIT;

/// Whether `nr` belongs to the other ABI of [`FOREIGN_NR_BIT`].
pub(crate) const fn foreign_nr(nr: u32) -> bool {
    matches!(FOREIGN_NR_BIT, Some(bit) if nr & bit != 0)
}

/// What a seccomp filter sees of a system call (`struct seccomp_data`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[repr(C)]
pub struct SeccompData {
    /// The system call number.
    pub nr: i32,
    /// The `AUDIT_ARCH_*` of the ABI the call came through.
    pub arch: u32,
    /// The address of the system call instruction.
    pub instruction_pointer: u64,
    /// The arguments, each widened to 64 bits (in native byte order).
    pub args: [u64; 6],
}

assert_eq_size!(SeccompData, [u8; 64]);
assert_eq_align!(SeccompData, u64);
const_assert_eq!(core::mem::offset_of!(SeccompData, arch), 4);
const_assert_eq!(core::mem::offset_of!(SeccompData, instruction_pointer), 8);
const_assert_eq!(core::mem::offset_of!(SeccompData, args), 16);

impl SeccompData {
    /// A call of number `nr` with `args` through this architecture's native
    /// ABI (instruction pointer 0).
    pub const fn native(nr: u32, args: [u64; 6]) -> SeccompData {
        SeccompData {
            nr: nr as i32,
            arch: AUDIT_ARCH,
            instruction_pointer: 0,
            args,
        }
    }

    /// The 64 bytes the filter loads from.
    pub(crate) fn as_bytes(&self) -> &[u8; 64] {
        // SAFETY: `SeccompData` is `repr(C)`, 64 bytes (asserted above) of
        // integers with no padding, so every byte is initialized; u8 has
        // alignment 1.
        unsafe { &*(self as *const SeccompData).cast::<[u8; 64]>() }
    }
}

#[cfg(test)]
mod tests;
