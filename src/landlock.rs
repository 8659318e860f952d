//! Landlock: unprivileged sandboxing of the filesystem, TCP ports and IPC
//! scopes (`landlock_create_ruleset(2)`, `landlock_add_rule(2)`,
//! `landlock_restrict_self(2)`; Linux 5.13).
//!
//! A [`Ruleset`] names the *handled* access rights (everything handled is
//! denied unless a rule allows it), collects rules, and is then enforced on
//! the calling thread with [`Ruleset::restrict_self`], for good: the thread
//! and everything it later creates stay in that domain.
//!
//! # Compatibility
//!
//! Each kernel knows the rights of one Landlock ABI version ([`abi`]), and
//! refuses rights it does not know with `EINVAL`. A ruleset is built for an
//! [`Abi`] (normally the running kernel's) under a [`Compat`] mode:
//! [`Compat::BestEffort`] drops what that ABI does not know and records it in
//! [`Dropped`] (the sandbox is as strong as the kernel allows), while
//! [`Compat::Strict`] refuses with `EOPNOTSUPP` instead (the sandbox is what
//! was asked for, or nothing).
//!
//! | ABI | Linux | adds |
//! |-----|-------|------|
//! | 1 | 5.13 | the 13 base filesystem rights |
//! | 2 | 5.19 | [`AccessFs::REFER`] |
//! | 3 | 6.2  | [`AccessFs::TRUNCATE`] |
//! | 4 | 6.7  | [`AccessNet`]: TCP bind and connect ports |
//! | 5 | 6.10 | [`AccessFs::IOCTL_DEV`] |
//! | 6 | 6.12 | [`Scope`]: abstract unix sockets, signals |
//! | 7 | 6.15 | [`RestrictSelfFlags`]: audit logging |
//!
//! Enforcing needs no privilege, but the thread must have set
//! `no_new_privs` (irreversible), or hold `CAP_SYS_ADMIN`: the caller says
//! which with [`NoNewPrivs`], and sysgate does not set it behind its back.

use crate::fd::{AsFd, BorrowedFd, OwnedFd};
use crate::{syscall, syscall_readonly, Errno, Result, Sysno};
use core::mem::offset_of;
use core::ptr::null;
use static_assertions::{assert_eq_align, assert_eq_size, const_assert_eq};

crate::flags::bitflags! {
    /// Filesystem access rights (`LANDLOCK_ACCESS_FS_*`), handled by a
    /// [`Ruleset`] and allowed beneath a directory by
    /// [`Ruleset::add_path`]. `all()` is every right sysgate knows (ABI 7).
    #[derive(Default)]
    pub struct AccessFs: u64 {
        /// Execute a file.
        const EXECUTE = 1 << 0;
        /// Open a file for writing.
        const WRITE_FILE = 1 << 1;
        /// Open a file for reading.
        const READ_FILE = 1 << 2;
        /// Open a directory or list it.
        const READ_DIR = 1 << 3;
        /// Remove an empty directory, or rename one.
        const REMOVE_DIR = 1 << 4;
        /// Unlink or rename a file.
        const REMOVE_FILE = 1 << 5;
        /// Create, rename or link a character device.
        const MAKE_CHAR = 1 << 6;
        /// Create or rename a directory.
        const MAKE_DIR = 1 << 7;
        /// Create, rename or link a regular file.
        const MAKE_REG = 1 << 8;
        /// Create, rename or link a unix socket.
        const MAKE_SOCK = 1 << 9;
        /// Create, rename or link a named pipe.
        const MAKE_FIFO = 1 << 10;
        /// Create, rename or link a block device.
        const MAKE_BLOCK = 1 << 11;
        /// Create, rename or link a symbolic link.
        const MAKE_SYM = 1 << 12;
        /// Link or rename a file into another directory (ABI 2). Denied by
        /// every ruleset from ABI 1 on, handled or not; only a rule allows it.
        const REFER = 1 << 13;
        /// Truncate a file: `truncate`, `ftruncate`, `O_TRUNC` (ABI 3).
        const TRUNCATE = 1 << 14;
        /// `ioctl` on character and block devices (ABI 5).
        const IOCTL_DEV = 1 << 15;
    }
}

crate::flags::bitflags! {
    /// Network access rights (`LANDLOCK_ACCESS_NET_*`, ABI 4), allowed per
    /// TCP port by [`Ruleset::add_port`].
    #[derive(Default)]
    pub struct AccessNet: u64 {
        /// Bind a TCP socket to a local port.
        const BIND_TCP = 1 << 0;
        /// Connect a TCP socket to a remote port.
        const CONNECT_TCP = 1 << 1;
    }
}

crate::flags::bitflags! {
    /// IPC scopes (`LANDLOCK_SCOPE_*`, ABI 6): what a domain may not reach
    /// outside itself. Scopes take no rules.
    #[derive(Default)]
    pub struct Scope: u64 {
        /// Connect to an abstract unix socket made outside the domain: `EPERM`.
        const ABSTRACT_UNIX_SOCKET = 1 << 0;
        /// Signal a process outside the domain: `EPERM`.
        const SIGNAL = 1 << 1;
    }
}

crate::flags::bitflags! {
    /// Flags of [`Ruleset::restrict_self`] (`LANDLOCK_RESTRICT_SELF_*`,
    /// ABI 7): which denials the audit subsystem logs.
    #[derive(Default)]
    pub struct RestrictSelfFlags: u32 {
        /// Do not log denials of this domain while the same program runs
        /// (for interpreters of untrusted code).
        const LOG_SAME_EXEC_OFF = 1 << 0;
        /// Log denials of this domain after an `execve` too.
        const LOG_NEW_EXEC_ON = 1 << 1;
        /// Do not log denials of domains nested in this one.
        const LOG_SUBDOMAINS_OFF = 1 << 2;
    }
}

/// `LANDLOCK_CREATE_RULESET_VERSION`: ask for the ABI version.
const CREATE_RULESET_VERSION: u32 = 1 << 0;
/// `LANDLOCK_CREATE_RULESET_ERRATA`: ask for the fixed issues.
const CREATE_RULESET_ERRATA: u32 = 1 << 1;
/// `LANDLOCK_RULE_PATH_BENEATH`.
const RULE_PATH_BENEATH: u32 = 1;
/// `LANDLOCK_RULE_NET_PORT`.
const RULE_NET_PORT: u32 = 2;

/// `struct landlock_ruleset_attr`. The kernel takes a prefix of it: 8 bytes
/// up to ABI 3, 16 with `handled_access_net`, 24 with `scoped`.
#[repr(C)]
struct RulesetAttr {
    handled_access_fs: u64,
    handled_access_net: u64,
    scoped: u64,
}

assert_eq_size!(RulesetAttr, [u8; 24]);
assert_eq_align!(RulesetAttr, u64);
const_assert_eq!(offset_of!(RulesetAttr, handled_access_net), 8);
const_assert_eq!(offset_of!(RulesetAttr, scoped), 16);

/// `struct landlock_path_beneath_attr`: packed, 12 bytes.
#[repr(C, packed)]
struct PathBeneathAttr {
    allowed_access: u64,
    parent_fd: i32,
}

assert_eq_size!(PathBeneathAttr, [u8; 12]);
assert_eq_align!(PathBeneathAttr, u8);
const_assert_eq!(offset_of!(PathBeneathAttr, parent_fd), 8);

/// `struct landlock_net_port_attr`.
#[repr(C)]
struct NetPortAttr {
    allowed_access: u64,
    port: u64,
}

assert_eq_size!(NetPortAttr, [u8; 16]);
assert_eq_align!(NetPortAttr, u64);
const_assert_eq!(offset_of!(NetPortAttr, port), 8);

/// A Landlock ABI version: which rights a kernel knows. Versions above 7
/// are kept as numbers, and know what 7 knows as far as sysgate is
/// concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(transparent)]
pub struct Abi(u32);

impl Abi {
    /// Linux 5.13: the base filesystem rights.
    pub const V1: Abi = Abi(1);
    /// Linux 5.19: [`AccessFs::REFER`].
    pub const V2: Abi = Abi(2);
    /// Linux 6.2: [`AccessFs::TRUNCATE`].
    pub const V3: Abi = Abi(3);
    /// Linux 6.7: TCP ports ([`AccessNet`]).
    pub const V4: Abi = Abi(4);
    /// Linux 6.10: [`AccessFs::IOCTL_DEV`].
    pub const V5: Abi = Abi(5);
    /// Linux 6.12: [`Scope`].
    pub const V6: Abi = Abi(6);
    /// Linux 6.15: [`RestrictSelfFlags`].
    pub const V7: Abi = Abi(7);
    /// The newest version sysgate knows the rights of.
    pub const LATEST: Abi = Abi::V7;

    /// The version numbered `n`; `None` for 0.
    #[inline]
    pub const fn from_raw(n: u32) -> Option<Abi> {
        if n == 0 {
            None
        } else {
            Some(Abi(n))
        }
    }

    /// The version number.
    #[inline]
    pub const fn raw(self) -> u32 {
        self.0
    }

    /// The filesystem rights this version knows.
    pub const fn access_fs(self) -> AccessFs {
        AccessFs::from_bits_retain(match self.0 {
            1 => 0x1fff,
            2 => 0x3fff,
            3 | 4 => 0x7fff,
            _ => 0xffff,
        })
    }

    /// The network rights this version knows (none before 4).
    pub const fn access_net(self) -> AccessNet {
        if self.0 >= 4 {
            AccessNet::all()
        } else {
            AccessNet::empty()
        }
    }

    /// The scopes this version knows (none before 6).
    pub const fn scope(self) -> Scope {
        if self.0 >= 6 {
            Scope::all()
        } else {
            Scope::empty()
        }
    }

    /// The [`Ruleset::restrict_self`] flags this version knows (none before 7).
    pub const fn restrict_self_flags(self) -> RestrictSelfFlags {
        if self.0 >= 7 {
            RestrictSelfFlags::all()
        } else {
            RestrictSelfFlags::empty()
        }
    }
}

/// The running kernel's Landlock ABI version
/// (`landlock_create_ruleset(NULL, 0, LANDLOCK_CREATE_RULESET_VERSION)`).
///
/// # Errors
///
/// `EOPNOTSUPP` when Landlock is built in but not enabled at boot (`lsm=`);
/// `ENOSYS` when the kernel has no Landlock.
pub fn abi() -> Result<Abi> {
    // SAFETY: a null attribute of size 0 with the version flag reads nothing.
    let v = unsafe {
        syscall_readonly!(
            Sysno::landlock_create_ruleset,
            null::<RulesetAttr>(),
            0,
            CREATE_RULESET_VERSION
        )
    }?;
    // The kernel never answers 0; treat it as "no Landlock" all the same.
    Abi::from_raw(v as u32).ok_or(Errno::EOPNOTSUPP)
}

/// The bitmask of Landlock issues fixed in the running kernel
/// (`LANDLOCK_CREATE_RULESET_ERRATA`, Linux 6.15 and stable kernels that
/// took the fixes); see the kernel's Landlock documentation for the bits.
///
/// # Errors
///
/// `EINVAL` on kernels that do not know the flag; as [`abi`] otherwise.
pub fn errata() -> Result<u32> {
    // SAFETY: as in `abi`.
    let v = unsafe {
        syscall_readonly!(
            Sysno::landlock_create_ruleset,
            null::<RulesetAttr>(),
            0,
            CREATE_RULESET_ERRATA
        )
    }?;
    Ok(v as u32)
}

/// What a ruleset handles: the rights it denies unless a rule allows them,
/// and the scopes it closes. The default handles nothing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Handled {
    /// Filesystem rights.
    pub fs: AccessFs,
    /// TCP port rights (ABI 4).
    pub net: AccessNet,
    /// IPC scopes (ABI 6).
    pub scope: Scope,
}

impl Handled {
    /// Everything `abi` knows: the strictest ruleset for that version.
    pub const fn all(abi: Abi) -> Handled {
        Handled {
            fs: abi.access_fs(),
            net: abi.access_net(),
            scope: abi.scope(),
        }
    }
}

pub use crate::process::NoNewPrivs;

/// How a [`Ruleset`] treats rights and flags its target [`Abi`] does not know.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Compat {
    /// Drop them, and record them in [`Ruleset::dropped`].
    BestEffort,
    /// Refuse with `EOPNOTSUPP`, before asking the kernel.
    Strict,
}

/// What a best-effort [`Ruleset`] left out because its [`Abi`] does not
/// know it. All empty means the ruleset is exactly what was asked for.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Dropped {
    /// Handled rights and scopes left out at creation.
    pub handled: Handled,
    /// Rights left out of rules ([`Ruleset::add_path`], [`Ruleset::add_port`]).
    pub rule_fs: AccessFs,
    /// Network rights left out of rules.
    pub rule_net: AccessNet,
    /// Rules not added at all: every right they allowed was unknown.
    pub rules: u32,
    /// Flags left out of [`Ruleset::restrict_self`].
    pub restrict_self: RestrictSelfFlags,
}

impl Dropped {
    /// Whether nothing was dropped.
    pub fn is_empty(&self) -> bool {
        *self == Dropped::default()
    }
}

/// A Landlock ruleset: an fd the kernel fills with rules, then enforces.
#[derive(Debug)]
pub struct Ruleset {
    fd: OwnedFd,
    abi: Abi,
    compat: Compat,
    handled: Handled,
    dropped: Dropped,
}

/// Keeps the bits of `want` that `known` has; in strict mode, refuses any
/// other. Returns what is kept and what is dropped.
fn filter<T: bitflags::Flags + Copy>(want: T, known: T, compat: Compat) -> Result<(T, T)> {
    let kept = want.intersection(known);
    let dropped = want.difference(known);
    if compat == Compat::Strict && !dropped.is_empty() {
        return Err(Errno::EOPNOTSUPP);
    }
    Ok((kept, dropped))
}

impl Ruleset {
    /// A new ruleset handling `handled`, built for `abi` (normally [`abi()`])
    /// under `compat` (`landlock_create_ruleset(2)`). Close-on-exec.
    ///
    /// # Errors
    ///
    /// `EOPNOTSUPP` in [`Compat::Strict`] when `abi` does not know a handled
    /// right or scope (or when Landlock is disabled); `ENOMSG` when nothing is
    /// left to handle; `EINVAL` when `abi` is newer than the kernel's and a
    /// right only it knows is handled.
    pub fn create(handled: Handled, abi: Abi, compat: Compat) -> Result<Ruleset> {
        let (fs, fs_dropped) = filter(handled.fs, abi.access_fs(), compat)?;
        let (net, net_dropped) = filter(handled.net, abi.access_net(), compat)?;
        let (scope, scope_dropped) = filter(handled.scope, abi.scope(), compat)?;
        let attr = RulesetAttr {
            handled_access_fs: fs.bits(),
            handled_access_net: net.bits(),
            scoped: scope.bits(),
        };
        // The shortest prefix that holds every nonzero field, so that
        // kernels that know a shorter struct accept it.
        let size = if attr.scoped != 0 {
            24
        } else if attr.handled_access_net != 0 {
            16
        } else {
            8
        };
        // SAFETY: `attr` is valid for `size <= 24` bytes; the kernel only reads it.
        let fd = unsafe {
            syscall_readonly!(
                Sysno::landlock_create_ruleset,
                &attr as *const RulesetAttr,
                size,
                0
            )
        }?;
        Ok(Ruleset {
            // SAFETY: the kernel returned a new fd (close-on-exec) that nothing else owns.
            fd: unsafe { crate::raw::owned_fd(fd) },
            abi,
            compat,
            handled: Handled { fs, net, scope },
            dropped: Dropped {
                handled: Handled {
                    fs: fs_dropped,
                    net: net_dropped,
                    scope: scope_dropped,
                },
                ..Dropped::default()
            },
        })
    }

    /// What the ruleset handles, after compatibility filtering.
    #[inline]
    pub fn handled(&self) -> Handled {
        self.handled
    }

    /// What compatibility filtering dropped so far (always empty in
    /// [`Compat::Strict`]).
    #[inline]
    pub fn dropped(&self) -> Dropped {
        self.dropped
    }

    /// The ABI the ruleset was built for.
    #[inline]
    pub fn abi(&self) -> Abi {
        self.abi
    }

    /// Applies `compat` to a rule's rights; `None` when best effort drops the
    /// whole rule.
    fn rule_access<T: bitflags::Flags + Copy>(
        &mut self,
        access: T,
        known: T,
        dropped: impl FnOnce(&mut Dropped) -> &mut T,
    ) -> Result<Option<T>> {
        let (kept, lost) = filter(access, known, self.compat)?;
        let slot = dropped(&mut self.dropped);
        *slot = slot.union(lost);
        if kept.is_empty() && !access.is_empty() {
            self.dropped.rules = self.dropped.rules.saturating_add(1);
            return Ok(None);
        }
        Ok(Some(kept))
    }

    fn add_rule<A>(&self, kind: u32, attr: &A) -> Result<()> {
        // SAFETY: `attr` is the struct the rule type names; the kernel reads it.
        unsafe {
            syscall_readonly!(
                Sysno::landlock_add_rule,
                self.fd.as_raw_fd(),
                kind,
                attr as *const A,
                0
            )
        }?;
        Ok(())
    }

    /// Allows `access` on the file or directory hierarchy `parent` refers to
    /// (an fd preferably opened with `O_PATH`) (`landlock_add_rule(2)`,
    /// `LANDLOCK_RULE_PATH_BENEATH`).
    ///
    /// # Errors
    ///
    /// `EINVAL` when `access` is not a subset of [`handled`](Self::handled)
    /// or holds directory rights for a file; `ENOMSG` for empty `access`;
    /// `EBADF` for a bad `parent`; `EBADFD` when `parent` is not a file or
    /// directory; `EOPNOTSUPP` in strict mode for rights the ABI lacks.
    pub fn add_path(&mut self, parent: impl AsFd, access: AccessFs) -> Result<()> {
        let known = self.abi.access_fs();
        let Some(access) = self.rule_access(access, known, |d| &mut d.rule_fs)? else {
            return Ok(());
        };
        self.add_rule(
            RULE_PATH_BENEATH,
            &PathBeneathAttr {
                allowed_access: access.bits(),
                parent_fd: parent.as_fd().as_raw_fd(),
            },
        )
    }

    /// Allows `access` on TCP `port` (host order; 0 with
    /// [`AccessNet::BIND_TCP`] allows binding to an ephemeral port)
    /// (`landlock_add_rule(2)`, `LANDLOCK_RULE_NET_PORT`, ABI 4).
    ///
    /// # Errors
    ///
    /// `EINVAL` when `access` is not a subset of [`handled`](Self::handled);
    /// `ENOMSG` for empty `access`; `EOPNOTSUPP` in strict mode before ABI 4.
    pub fn add_port(&mut self, port: u16, access: AccessNet) -> Result<()> {
        let known = self.abi.access_net();
        let Some(access) = self.rule_access(access, known, |d| &mut d.rule_net)? else {
            return Ok(());
        };
        self.add_rule(
            RULE_NET_PORT,
            &NetPortAttr {
                allowed_access: access.bits(),
                port: port.into(),
            },
        )
    }

    /// Enforces the ruleset on the calling thread, irrevocably
    /// (`landlock_restrict_self(2)`), after setting `no_new_privs` if `nnp`
    /// says so. Threads created later inherit the domain; other threads
    /// existing now do not. Flags the ABI does not know are dropped (best
    /// effort, see [`dropped`](Self::dropped)) or refused (strict). Returns
    /// what was dropped overall, for a last look.
    ///
    /// # Errors
    ///
    /// `EPERM` without `no_new_privs` (and without `CAP_SYS_ADMIN`);
    /// `E2BIG` past 16 stacked domains; `EOPNOTSUPP` in strict mode for
    /// flags the ABI lacks (checked before `no_new_privs` is set); `EINVAL`
    /// for flags the kernel lacks.
    pub fn restrict_self(&mut self, flags: RestrictSelfFlags, nnp: NoNewPrivs) -> Result<Dropped> {
        let known = self.abi.restrict_self_flags();
        let (flags, lost) = filter(flags, known, self.compat)?;
        self.dropped.restrict_self |= lost;
        nnp.apply()?;
        restrict_self(Some(self.fd.as_fd()), flags)?;
        Ok(self.dropped)
    }
}

impl AsFd for Ruleset {
    fn as_fd(&self) -> BorrowedFd<'_> {
        self.fd.as_fd()
    }
}

impl From<Ruleset> for OwnedFd {
    fn from(r: Ruleset) -> OwnedFd {
        r.fd
    }
}

/// `landlock_restrict_self(2)` as is: enforces the ruleset `ruleset` (no
/// compatibility filtering), or with `None` (fd -1, ABI 7) only applies
/// [`RestrictSelfFlags::LOG_SUBDOMAINS_OFF`] without creating a domain.
///
/// # Errors
///
/// As [`Ruleset::restrict_self`]; `EBADFD` when `ruleset` is not a
/// ruleset, `EBADF` when it is not an fd (an `O_PATH` fd included), and for
/// `None` with any other flags.
pub fn restrict_self(ruleset: Option<BorrowedFd<'_>>, flags: RestrictSelfFlags) -> Result<()> {
    let fd = ruleset.map_or(-1, |fd| fd.as_raw_fd());
    // SAFETY: plain integers.
    unsafe { syscall!(Sysno::landlock_restrict_self, fd, flags.bits()) }?;
    Ok(())
}
