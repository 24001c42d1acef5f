//! Sprig v3.3.0 and Helm's pure template functions, as Helm 4.1.4 exposes them.
//!
//! Each module registers one family; [`helm_funcs`] assembles the complete map in one place.
//! Functions that need a chart or a cluster (`include`, `tpl`, `required`, `lookup`) are added
//! by `rudder-render`.

use rudder_gotmpl::FuncMap;

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

/// The function map of Helm 4.1.4's `helm template`, minus the chart-bound functions.
pub fn helm_funcs() -> FuncMap {
    let mut m = FuncMap::new();
    strings::register(&mut m);
    math::register(&mut m);
    defaults::register(&mut m);
    lists::register(&mut m);
    dicts::register(&mut m);
    reflect::register(&mut m);
    paths::register(&mut m);
    encoding::register(&mut m);
    crypto::register(&mut m);
    dates::register(&mut m);
    certs::register(&mut m);
    aes::register(&mut m);
    semver::register(&mut m);
    regex::register(&mut m);
    random::register(&mut m);
    serialization::register(&mut m);
    url::register(&mut m);
    m
}
