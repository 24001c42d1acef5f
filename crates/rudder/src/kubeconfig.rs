//! The little of a kube config that offline commands need: the namespace of a context.

use std::path::PathBuf;

use rudder_gotmpl::Value;

/// The files to read: `--kubeconfig`/`KUBECONFIG` (a path list), else `~/.kube/config`.
fn paths(kubeconfig: &str) -> Vec<PathBuf> {
    if !kubeconfig.is_empty() {
        return std::env::split_paths(kubeconfig).collect();
    }
    std::env::var_os("HOME")
        .map(|h| vec![PathBuf::from(h).join(".kube/config")])
        .unwrap_or_default()
}

/// The namespace of `context` (or of the current context when empty); the first file that
/// names the current context decides it, as client-go merges kube configs.
pub fn namespace(kubeconfig: &str, context: &str) -> Option<String> {
    let docs: Vec<Value> = paths(kubeconfig)
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .filter_map(|text| rudder_yaml::parse_document(&text).ok())
        .collect();
    let get = |v: &Value, k: &str| v.as_map().and_then(|m| m.borrow().get(k).cloned());
    let current = if context.is_empty() {
        docs.iter()
            .find_map(|d| get(d, "current-context").and_then(|c| c.as_str().map(str::to_string)))?
    } else {
        context.to_string()
    };
    docs.iter().find_map(|d| {
        let contexts = get(d, "contexts")?;
        contexts.as_list()?.items.iter().find_map(|c| {
            (get(c, "name")?.as_str()? == current)
                .then(|| get(c, "context").and_then(|ctx| get(&ctx, "namespace")))
                .flatten()
                .and_then(|ns| ns.as_str().map(str::to_string))
                .filter(|ns| !ns.is_empty())
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn context_namespace_from_the_given_or_current_context() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("config");
        std::fs::write(
            &file,
            "current-context: a\ncontexts:\n- name: a\n  context: {namespace: na}\n- name: b\n  context: {namespace: nb}\n",
        )
        .unwrap();
        let path = file.to_string_lossy();
        assert_eq!(namespace(&path, "").as_deref(), Some("na"));
        assert_eq!(namespace(&path, "b").as_deref(), Some("nb"));
        assert_eq!(namespace(&path, "c"), None);
    }
}
