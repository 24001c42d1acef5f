//! rudder-render
