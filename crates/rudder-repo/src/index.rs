//! `helm repo index`.
