//! Sprig v3.3.0 and Helm's pure template functions, as Helm 4.1.4 exposes them.
//!
//! Each module lists one family in a table of named functions; [`helm_funcs`] assembles the
//! complete map in one place. Functions that need a chart or a cluster (`include`, `tpl`,
//! `required`, `lookup`) are added by `rudder-render`.

use rudder_gotmpl::{Builtin, FuncMap};

mod aes;
mod case_words;
mod certs;
mod crypto;
mod dates;
mod defaults;
mod dicts;
mod encoding;
mod lists;
mod math;
mod paths;
mod random;
mod reflect;
mod regex;
pub mod semver;
mod serialization;
mod strings;
mod url;

pub mod conv;

#[cfg(test)]
mod family_names;

/// Every family's table, in registration order; a later table's name would replace an
/// earlier one's, but no name is in two tables (see `family_names`).
const FAMILIES: &[&[Builtin]] = &[
    strings::FUNCS,
    math::FUNCS,
    defaults::FUNCS,
    lists::FUNCS,
    dicts::FUNCS,
    reflect::FUNCS,
    paths::FUNCS,
    encoding::FUNCS,
    crypto::FUNCS,
    dates::FUNCS,
    certs::FUNCS,
    aes::FUNCS,
    semver::FUNCS,
    regex::FUNCS,
    random::FUNCS,
    serialization::FUNCS,
    url::FUNCS,
];

/// The function map of Helm 4.1.4's `helm template`, minus the chart-bound functions.
pub fn helm_funcs() -> FuncMap {
    let mut m = FuncMap::new();
    for table in FAMILIES {
        m.register(table);
    }
    m
}

/// The same for helm 3.17.2: without `mustToYaml` (new in helm 4), and built with Go 1.23,
/// whose x509 derives a CA's key id otherwise.
pub fn helm3_funcs() -> FuncMap {
    let mut m = helm_funcs();
    m.remove("mustToYaml");
    m.register(certs::GO123_FUNCS);
    m
}
