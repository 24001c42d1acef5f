//! rudder-testkit
