//! `rudder lint` of arbitrary bytes as a chart archive: expansion into a temporary folder,
//! every rule, lint-mode rendering. No panic, no hang; only the temporary folder is written.
//! Seed the corpus with packaged charts (`rudder package examples/charts/* -d fuzz/corpus/lint_archive`).

/// The target's body: `data` is the fuzzer's input.
pub fn run(data: &[u8]) {
    let Ok(dir) = tempfile::tempdir() else { return };
    let archive = dir.path().join("chart.tgz");
    if std::fs::write(&archive, data).is_err() {
        return;
    }
    let options = rudder_lint::Options {
        values: rudder_gotmpl::Value::empty_map(),
        namespace: "default".into(),
        kube_version: None,
        helm: rudder_chart::Helm::V4,
        skip_schema_validation: false,
        // A fuzzer must not reach the network.
        schema_fetcher: &rudder_chart::schema::Offline,
        // chart-testing's checks read Chart.yaml and the values files with their own scanners.
        chart_testing: rudder_lint::chart_testing::Settings {
            validate_chart_schema: Some(true),
            validate_yaml: Some(true),
            ..Default::default()
        },
        accounts: None,
        policy: true,
        kube_schemas: Some(false),
        kube_schema_sources: Default::default(),
        reporter: &rudder_report::Silent,
    };
    let _ = rudder_lint::lint_path(&archive.to_string_lossy(), &options);
}
