//! Process, user and group ids, typed: what the signal, wait, ptrace and
//! socket-credential calls share.

/// A process (or thread) id: always positive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(transparent)]
pub struct Pid(pub(crate) i32);

impl Pid {
    /// The id of the first process of a pid namespace.
    pub const INIT: Pid = Pid(1);

    /// `Some` for a positive `raw`; `None` otherwise (0 and negative values
    /// mean other things to the calls that take them).
    #[inline]
    pub const fn from_raw(raw: i32) -> Option<Pid> {
        if raw > 0 {
            Some(Pid(raw))
        } else {
            None
        }
    }

    /// The number.
    #[inline]
    pub const fn as_raw(self) -> i32 {
        self.0
    }
}

/// The raw pid argument for "this one, or the caller" (0).
#[inline(always)]
pub(crate) const fn pid_or_self(pid: Option<Pid>) -> i32 {
    match pid {
        Some(pid) => pid.as_raw(),
        None => 0,
    }
}

/// A user id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(transparent)]
pub struct Uid(pub(crate) u32);

/// A group id.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[repr(transparent)]
pub struct Gid(pub(crate) u32);

macro_rules! id_type {
    ($t:ident) => {
        impl $t {
            /// The superuser's (0).
            pub const ROOT: $t = $t(0);

            /// The id with this number (`u32::MAX` means "no change" to the
            /// calls that take ids, so avoid it).
            #[inline]
            pub const fn from_raw(raw: u32) -> $t {
                $t(raw)
            }

            /// The number.
            #[inline]
            pub const fn as_raw(self) -> u32 {
                self.0
            }
        }
    };
}
id_type!(Uid);
id_type!(Gid);
