//! One scenario run by helm and by rudder, each in a home of its own, then compared: every
//! step's exit code and output, and every file left in the work folder (charts, Chart.lock,
//! repositories.yaml, the index cache), times blanked.

use std::path::Path;

use crate::support::{assert_same_files, copy_dir, files, sort_update_lines, Home, Outcome};

/// A step of a scenario.
pub enum Step {
    /// The tool with these arguments, in the work folder.
    Run(Vec<String>),
    /// A file (relative to the work folder) written with this text.
    Write(&'static str, String),
}

pub fn run(args: &str) -> Step {
    Step::Run(args.split_whitespace().map(str::to_string).collect())
}

/// What a tool did: each step's outcome, labelled.
fn play(bin: &Path, home: &Home, steps: &[Step]) -> Vec<(String, Outcome)> {
    let mut seen = Vec::new();
    for step in steps {
        match step {
            Step::Run(args) => {
                let args: Vec<&str> = args.iter().map(String::as_str).collect();
                let (code, out, err) = home.run(bin, &args);
                seen.push((args.join(" "), (code, sort_update_lines(&out), err)));
            }
            Step::Write(path, text) => {
                let path = home.dir.join(path);
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, text).unwrap();
            }
        }
    }
    seen
}

/// Runs `steps` with helm and with rudder, each in a copy of `work` (a folder with the charts),
/// and asserts they printed and wrote the same. rudder's content cache (which helm's dependency
/// commands do not fill) is left out of the comparison. Returns the two homes.
pub fn same_as_helm(helm: &Path, root: &Path, work: &Path, steps: &[Step]) -> (Home, Home) {
    let helm_home = Home::new(root.join("helm"));
    let rudder_home = Home::new(root.join("rudder"));
    copy_dir(work, &helm_home.dir);
    copy_dir(work, &rudder_home.dir);
    let by_helm = play(helm, &helm_home, steps);
    let by_rudder = play(&crate::support::rudder(), &rudder_home, steps);
    for (i, ((step, h), (_, r))) in by_helm.iter().zip(&by_rudder).enumerate() {
        assert_eq!(
            h, r,
            "`{step}`: helm's outcome (left) differs from rudder's (right); before it, helm's:\n{:#?}",
            &by_helm[..i]
        );
    }
    let skip = ["cache/content"];
    assert_same_files(
        "work folder",
        &files(&helm_home.dir, &skip),
        &files(&rudder_home.dir, &skip),
    );
    (helm_home, rudder_home)
}
