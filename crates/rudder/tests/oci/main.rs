//! OCI registries against helm 4.1.4: `push`, `registry login|logout` and the library's pull,
//! with Debian's docker-registry on loopback (plain, with htpasswd authentication, over TLS
//! with an authority made at test time) and a hostile server.

mod deps;
mod hostile;
mod login;
mod pull;
mod push;
mod support;
