//! Kubernetes' name rules for `metadata.name`, by kind, with apimachinery's messages (helm
//! lint's `validateMetadataName`).

use std::sync::LazyLock;

use regex::Regex;

const SUBDOMAIN_FORMAT: &str = r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*";
const LABEL_FORMAT: &str = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
const DNS1035_FORMAT: &str = "[a-z]([-a-z0-9]*[a-z0-9])?";

fn anchored(format: &str) -> Regex {
    Regex::new(&format!("^{format}$")).expect("a name pattern compiles")
}

static SUBDOMAIN: LazyLock<Regex> = LazyLock::new(|| anchored(SUBDOMAIN_FORMAT));
static LABEL: LazyLock<Regex> = LazyLock::new(|| anchored(LABEL_FORMAT));
static DNS1035: LazyLock<Regex> = LazyLock::new(|| anchored(DNS1035_FORMAT));

/// apimachinery's `RegexError`: the rule, its examples and the pattern.
fn regex_error(rule: &str, format: &str, examples: &[&str]) -> String {
    let examples: Vec<String> = examples.iter().map(|e| format!("'{e}'")).collect();
    format!(
        "{rule} (e.g. {}, regex used for validation is '{format}')",
        examples.join(",  or ")
    )
}

fn too_long(max: usize) -> String {
    format!("must be no more than {max} characters")
}

/// `IsDNS1123Subdomain`.
fn dns1123_subdomain(name: &str) -> Vec<String> {
    let mut errors = Vec::new();
    if name.len() > 253 {
        errors.push(too_long(253));
    }
    if !SUBDOMAIN.is_match(name) {
        errors.push(regex_error(
            "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
            SUBDOMAIN_FORMAT,
            &["example.com"],
        ));
    }
    errors
}

/// `IsDNS1123Label` (namespaces): a valid subdomain that is no label has dots.
fn dns1123_label(name: &str) -> Vec<String> {
    let mut errors = Vec::new();
    if name.len() > 63 {
        errors.push(too_long(63));
    }
    if !LABEL.is_match(name) {
        if SUBDOMAIN.is_match(name) {
            errors.push("must not contain dots".into());
        } else {
            errors.push(regex_error(
                "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
                LABEL_FORMAT,
                &["my-name", "123-abc"],
            ));
        }
    }
    errors
}

/// `IsDNS1035Label` (services).
fn dns1035_label(name: &str) -> Vec<String> {
    let mut errors = Vec::new();
    if name.len() > 63 {
        errors.push(too_long(63));
    }
    if !DNS1035.is_match(name) {
        errors.push(regex_error(
            "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
            DNS1035_FORMAT,
            &["my-name", "abc-123"],
        ));
    }
    errors
}

/// `IsValidPathSegmentName` (RBAC objects).
fn path_segment(name: &str) -> Vec<String> {
    let mut errors = Vec::new();
    if name == "." || name == ".." {
        errors.push(format!("may not be '{name}'"));
    }
    for bad in ["/", "%"] {
        if name.contains(bad) {
            errors.push(format!("may not contain '{bad}'"));
        }
    }
    errors
}

/// The problems Kubernetes finds with `name` for an object of `kind`.
fn problems(kind: &str, name: &str) -> Vec<String> {
    match kind.to_ascii_lowercase().as_str() {
        "service" => dns1035_label(name),
        "namespace" => dns1123_label(name),
        "certificatesigningrequest" => Vec::new(),
        "role" | "clusterrole" | "rolebinding" | "clusterrolebinding" => path_segment(name),
        _ => dns1123_subdomain(name),
    }
}

/// helm's finding for an object whose name Kubernetes would refuse.
pub fn check(kind: &str, name: &str) -> Result<(), String> {
    let mut seen: Vec<String> = Vec::new();
    for problem in problems(kind, name) {
        if !seen.contains(&problem) {
            seen.push(problem);
        }
    }
    if seen.is_empty() {
        return Ok(());
    }
    let quoted = rudder_gotmpl::fmt::quote(name);
    let errors: Vec<String> = seen
        .iter()
        .map(|p| format!("metadata.name: Invalid value: {quoted}: {p}"))
        .collect();
    let aggregate = if errors.len() == 1 {
        errors[0].clone()
    } else {
        format!("[{}]", errors.join(", "))
    };
    Err(format!(
        "object name does not conform to Kubernetes naming requirements: {quoted}: {aggregate}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_by_kind() {
        assert!(check("Pod", "web-1.example").is_ok());
        assert!(check("Service", "a.b").is_err());
        assert!(check("CertificateSigningRequest", "Any_Thing").is_ok());
        assert!(check("Role", "system:admin").is_ok());
        let both = check("Service", &"A".repeat(64)).unwrap_err();
        assert!(both.contains(": [metadata.name: Invalid value:"), "{both}");
        assert_eq!(
            check("Namespace", "a.b").unwrap_err(),
            r#"object name does not conform to Kubernetes naming requirements: "a.b": metadata.name: Invalid value: "a.b": must not contain dots"#
        );
    }
}
