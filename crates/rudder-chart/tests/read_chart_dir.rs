//! A large chart folder is read on several threads: what it gives, logs and fails with must be
//! what a walk reading file by file gives.
#![cfg(unix)]

use std::path::Path;

use rudder_chart::load::read_chart_dir;
use rudder_report::Recorder;

fn folder(fifo: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for i in 0..100 {
        std::fs::write(dir.path().join(format!("f{i:03}")), format!("file {i}")).unwrap();
    }
    std::os::unix::fs::symlink("f000", dir.path().join("a-link")).unwrap();
    std::os::unix::fs::symlink("f001", dir.path().join("z-link")).unwrap();
    if fifo {
        let made = std::process::Command::new("mkfifo")
            .arg(dir.path().join("m-fifo"))
            .status()
            .unwrap();
        assert!(made.success());
    }
    dir
}

fn links_logged(reports: &[String], dir: &Path) -> Vec<String> {
    let dir = dir.display().to_string();
    reports
        .iter()
        .map(|r| {
            let path = r.split(" path=").nth(1).unwrap().split(' ').next().unwrap();
            path.strip_prefix(&format!("{dir}/")).unwrap().to_string()
        })
        .collect()
}

#[test]
fn files_come_in_walk_order_with_every_link_logged() {
    let dir = folder(false);
    let log = Recorder::default();
    let files = read_chart_dir(dir.path(), &log).unwrap();
    let names: Vec<&str> = files.iter().map(|f| f.name.as_str()).collect();
    let mut expected = vec!["a-link".to_string()];
    expected.extend((0..100).map(|i| format!("f{i:03}")));
    expected.push("z-link".into());
    assert_eq!(names, expected);
    assert_eq!(files[0].data, b"file 0");
    assert_eq!(files[101].data, b"file 1");
    assert_eq!(
        links_logged(&log.reports(), dir.path()),
        ["a-link", "z-link"]
    );
}

#[test]
fn the_first_failure_in_walk_order_stops_the_logs_there() {
    let dir = folder(true);
    let log = Recorder::default();
    let err = read_chart_dir(dir.path(), &log).unwrap_err().to_string();
    assert!(
        err.contains("cannot load irregular file") && err.contains("m-fifo"),
        "{err}"
    );
    assert_eq!(links_logged(&log.reports(), dir.path()), ["a-link"]);
}
