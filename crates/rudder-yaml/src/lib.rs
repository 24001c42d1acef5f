//! rudder-yaml
