//! `values.schema.json` generated from the values files in tests/schema/, snapshotted:
//! inference, both annotation syntaxes, and the errors (`error-*.yaml`).

use std::path::Path;

#[test]
fn each_values_file() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schema");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .filter(|p| !p.file_name().unwrap().to_string_lossy().starts_with('.'))
        .collect();
    files.sort();
    assert!(files.len() >= 9);
    for file in files {
        let name = file.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&file).unwrap();
        let shown = Path::new(&name).with_extension("yaml");
        let out = match rudder_docs::schema::generate(&text, &shown) {
            Ok(schema) => {
                assert!(!name.starts_with("error-"), "{name} should fail");
                schema
            }
            Err(e) => {
                assert!(name.starts_with("error-"), "{name}: {e}");
                e.to_string()
            }
        };
        insta::assert_snapshot!(name, out);
    }
}

/// losisin's `.schema.yaml` beside the values file gives the root's keywords.
#[test]
fn losisin_config_gives_the_root() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/schema-root");
    let values = dir.join("values.yaml");
    let text = std::fs::read_to_string(&values).unwrap();
    let schema = rudder_docs::schema::generate(&text, &values).unwrap();
    insta::assert_snapshot!("schema_root", schema);
}
