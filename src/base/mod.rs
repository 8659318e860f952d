//! The floor: the kernel vocabulary that every area shares — signal numbers
//! and sets, process and user ids, time values, the open flags — defined
//! once here and re-exported by the area a user looks in (`signal::Signal`,
//! `process::Pid`, `time::Timespec`, `fs::OFlags`). It imports no area, so
//! no area's import reaches back up.

pub(crate) mod fs;
pub(crate) mod ids;
pub(crate) mod signal;
pub(crate) mod time;
