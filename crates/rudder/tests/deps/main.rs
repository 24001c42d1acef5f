//! `rudder repo` and `rudder dependency` against helm 4.1.4, with chart repositories the tests
//! serve themselves on loopback (HTTP, basic auth, HTTPS with an authority made at test time),
//! and against hostile servers and archives.

mod differential;
mod hostile;
mod pull;
mod repo;
mod speed;
mod support;
mod update;
