//! rudder-funcs
