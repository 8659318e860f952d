//! The io_uring rows (filled in once `sysgate::io_uring` is merged).

use crate::{Plan, Row};

pub fn rows(_plan: &Plan, _failed: &mut Vec<String>) -> Vec<Row> {
    Vec::new()
}
