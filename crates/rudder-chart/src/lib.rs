//! rudder-chart
