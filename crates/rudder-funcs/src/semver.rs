//! (being written)

use rudder_gotmpl::FuncMap;

pub fn register(_m: &mut FuncMap) {}
