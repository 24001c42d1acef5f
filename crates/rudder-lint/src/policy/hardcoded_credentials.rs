//! `hardcoded-credentials` (error)
//!
//! **Checks** that no password, token or key is written literally into a container's `env`
//! (`value:` of a variable whose name says it holds a secret: `PASSWORD`, `TOKEN`,
//! `SECRET`, `API_KEY`, `ACCESS_KEY`, `PRIVATE_KEY`, `CREDENTIAL`...) or into a ConfigMap's
//! `data` (same key names), and that no PEM private key appears in either.
//!
//! **Why**: what is in a Deployment or a ConfigMap is readable by everyone who may read those
//! objects, is shown by `kubectl describe`, and ends up in Git through the values that made it.
//! Put it in a Secret and use `valueFrom.secretKeyRef` or a mounted file.
//!
//! **Fires** on `env: [{name: DB_PASSWORD, value: hunter2}]`; **passes** on
//! `env: [{name: DB_PASSWORD, valueFrom: {secretKeyRef: {name: db, key: password}}}]`, on
//! empty values, and on names that only point at a secret (`DB_PASSWORD_FILE`,
//! `TOKEN_PATH`, `ACCESS_KEY_ID`, `SECRET_KEY_CMD`) or switch something about it
//! (`ALLOW_EMPTY_PASSWORD: yes`).

use rudder_gotmpl::Value;

use super::object::{get, items};
use super::{Check, Field, Object, Rule};
use crate::Severity;

pub const RULE: Rule = Rule {
    id: "hardcoded-credentials",
    severity: Severity::Error,
    checkov: None,
    check: Check::Object(check),
    field: Field::Root(&[]),
};

const SECRET_WORDS: &[&str] = &[
    "PASSWORD",
    "PASSWD",
    "PASSPHRASE",
    "SECRET",
    "TOKEN",
    "APIKEY",
    "API_KEY",
    "ACCESS_KEY",
    "PRIVATE_KEY",
    "CREDENTIAL",
];

/// Name endings that say the variable holds where the secret is, how to get or use it, or a
/// setting about it, not the secret itself.
const POINTER_ENDINGS: &[&str] = &[
    "_FILE",
    "_PATH",
    "_DIR",
    "_NAME",
    "_REF",
    "_ID",
    "_URL",
    "_ENABLED",
    "_TTL",
    "_CMD",
    "_COMMAND",
    "_LENGTH",
    "_SIZE",
    "_MODE",
    "_TYPE",
    "_POLICY",
    "_ALGORITHM",
    "_PROVIDER",
    "_TIMEOUT",
    "_EXPIRY",
    "_EXPIRATION",
    "_KEY_SECRET_NAME",
];

/// Name beginnings of switches about a secret (`ALLOW_EMPTY_PASSWORD`).
const SWITCH_BEGINNINGS: &[&str] = &["ALLOW_", "ENABLE_", "DISABLE_", "REQUIRE_", "USE_"];

/// Words that make a name a quantity of secrets rather than one (`CASSANDRA_NUM_TOKENS`,
/// found on bitnami's cassandra chart).
const QUANTITY_WORDS: &[&str] = &["NUM", "COUNT"];

fn check(object: &Object) -> Option<String> {
    let mut found: Vec<String> = Vec::new();
    for container in object.containers() {
        for var in items(get(&container.spec, "env")) {
            let name = text(get(&var, "name"));
            if let Some(value) = get(&var, "value") {
                if literal_secret(&name, &text(Some(value))) {
                    found.push(format!("env {name} of {}", container.title()));
                }
            }
        }
    }
    if object.kind == "ConfigMap" {
        if let Some(data) = get(&object.doc, "data").and_then(|d| d.as_map().cloned()) {
            for (key, value) in data.borrow().iter() {
                if literal_secret(key, &text(Some(value.clone()))) {
                    found.push(format!("data key {key}"));
                }
            }
        }
    }
    (!found.is_empty()).then(|| {
        format!(
            "holds a literal credential ({}): move it to a Secret and reference it",
            found.join(", ")
        )
    })
}

fn text(value: Option<Value>) -> String {
    value
        .as_ref()
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// Whether `value`, set under `name`, is a secret written out.
fn literal_secret(name: &str, value: &str) -> bool {
    if value.contains("PRIVATE KEY-----") {
        return true;
    }
    let value = value.trim();
    let placeholder = value.is_empty()
        || value.starts_with("$(")
        || value.starts_with('/')
        || matches!(
            value.to_ascii_lowercase().as_str(),
            "true" | "false" | "none" | "null" | "changeme"
        );
    if placeholder {
        return false;
    }
    let upper: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_uppercase()
            } else {
                '_'
            }
        })
        .collect();
    SECRET_WORDS.iter().any(|word| upper.contains(word))
        && !POINTER_ENDINGS.iter().any(|end| upper.ends_with(end))
        && !SWITCH_BEGINNINGS
            .iter()
            .any(|start| upper.starts_with(start))
        && !upper.split('_').any(|word| QUANTITY_WORDS.contains(&word))
}

#[cfg(test)]
mod tests {
    use super::literal_secret;

    #[test]
    fn names_and_values() {
        assert!(literal_secret("DB_PASSWORD", "hunter2"));
        assert!(literal_secret("apiKey", "abc123"));
        assert!(literal_secret(
            "config",
            "-----BEGIN RSA PRIVATE KEY-----\n"
        ));
        assert!(!literal_secret("DB_PASSWORD", ""));
        assert!(!literal_secret("DB_PASSWORD_FILE", "/run/secrets/db"));
        assert!(!literal_secret("AWS_ACCESS_KEY_ID", "AKIA0000"));
        assert!(!literal_secret("TOKEN", "$(TOKEN_FROM_SECRET)"));
        assert!(!literal_secret("LOG_LEVEL", "debug"));
        assert!(!literal_secret("ALLOW_EMPTY_PASSWORD", "yes"));
        assert!(!literal_secret(
            "AIRFLOW__API__SECRET_KEY_CMD",
            "cat /run/key"
        ));
        assert!(!literal_secret("PASSWORD_MIN_LENGTH", "12"));
        assert!(!literal_secret("CASSANDRA_NUM_TOKENS", "256"));
        assert!(!literal_secret("TOKEN_COUNT", "4"));
        assert!(literal_secret("ACCOUNT_TOKEN", "s3cr3t"));
    }
}
