//! The function map has exactly helm's names: none missing, none extra.

use std::collections::BTreeSet;

/// Added by the render layer (`rudder-render`), not by this crate.
const RENDER_LAYER: &[&str] = &[
    "include",
    "tpl",
    "required",
    "fail",
    "lookup",
    "getHostByName",
];

/// Go's text/template builtins (`rudder-gotmpl`).
const GO_BUILTINS: &[&str] = &[
    "and", "or", "not", "len", "index", "print", "printf", "println", "html", "js", "urlquery",
    "call", "eq", "ne", "lt", "le", "gt", "ge",
];

fn names(file: &str) -> BTreeSet<String> {
    file.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.trim().to_string())
        .collect()
}

#[test]
fn function_names_match_helm() {
    let helm = names(include_str!("helm-function-names.txt"));
    let funcs = rudder_funcs::helm_funcs();
    let mut ours: BTreeSet<String> = funcs.names().map(str::to_string).collect();
    ours.extend(
        RENDER_LAYER
            .iter()
            .chain(GO_BUILTINS)
            .map(|s| s.to_string()),
    );
    let missing: Vec<&String> = helm.difference(&ours).collect();
    let extra: Vec<&String> = ours.difference(&helm).collect();
    assert!(
        missing.is_empty(),
        "functions helm has and rudder lacks: {missing:?}"
    );
    assert!(
        extra.is_empty(),
        "functions rudder has and helm lacks: {extra:?}"
    );
    for name in names(include_str!("not-helm-function-names.txt")) {
        assert!(!ours.contains(&name), "{name} must not be defined");
    }
}
