//! `.cases` files (format in `testdata/README.md`) and the work folders cases run in.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use anyhow::{bail, Context, Result};

use crate::command::{Command, DEFAULT_COMMAND};
use crate::reference::{Reference, DEFAULT_REFERENCE};

/// Where a case's chart comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum ChartSource {
    /// Built from inline files (snippet suites under `cases/`), in `<work>/t`.
    Snippet,
    /// A chart folder in the repository, copied to `<work>/<folder name>`.
    Folder(PathBuf),
}

/// One case: which command it runs with which arguments, on which chart, with which files
/// around it, and which reference tools recorded its outcome.
#[derive(Clone, Debug)]
pub struct Case {
    /// `<path of the .cases file relative to testdata, without extension>:<name>`.
    pub id: String,
    pub name: String,
    /// The `.cases` file, relative to `testdata/`, without extension (also the golden's path).
    pub suite: String,
    pub command: &'static Command,
    /// The file's `references:` line, else the default reference.
    pub references: Vec<&'static Reference>,
    pub args: Vec<String>,
    pub filters: Vec<String>,
    pub stdin: Option<String>,
    /// Inline files: (path, content); a path starting with `/` is relative to the work folder.
    pub files: Vec<(String, String)>,
    /// Symbolic links (`--- path -> target`): (path, target), paths as for `files`.
    pub links: Vec<(String, String)>,
    /// Inline files marked executable (`--- path +x`), paths as for `files`.
    pub executables: Vec<String>,
    /// Environment variables (`env: NAME=VALUE`) set for the command; `{work}` in a value is
    /// the work folder's absolute path.
    pub env: Vec<(String, String)>,
    pub chart: ChartSource,
}

const DEFAULT_CHART_YAML: &str = "apiVersion: v2\nname: t\nversion: 0.1.0\n";
const SNIPPET_FILE: &str = "templates/t.yaml";

impl Case {
    /// The chart folder's name inside the work folder (also the `{chart}` argument).
    pub fn chart_dir_name(&self) -> String {
        match &self.chart {
            ChartSource::Snippet => "t".into(),
            ChartSource::Folder(p) => p
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_else(|| "chart".into()),
        }
    }

    /// The arguments after the binary (see [`Command::argv`]).
    pub fn argv(&self) -> Vec<String> {
        self.command.argv(&self.args, &self.chart_dir_name())
    }

    /// Writes the case's work folder under `root`: the chart and any work-folder files.
    pub fn materialise(&self, root: &Path) -> Result<()> {
        let chart_dir = root.join(self.chart_dir_name());
        match &self.chart {
            ChartSource::Snippet => {
                fs::create_dir_all(&chart_dir)?;
                // A case's own `Chart.yaml` (or a folder of that name) replaces the default.
                let own = |p: &str| p == "Chart.yaml" || p.starts_with("Chart.yaml/");
                if !self.files.iter().any(|(p, _)| own(p)) {
                    fs::write(chart_dir.join("Chart.yaml"), DEFAULT_CHART_YAML)?;
                }
            }
            ChartSource::Folder(src) => {
                copy_tree(src, &chart_dir).with_context(|| format!("copying {}", src.display()))?
            }
        }
        let at = |path: &str| match path.strip_prefix('/') {
            Some(rel) => root.join(rel),
            None => chart_dir.join(path),
        };
        // Members of an archive (`x.tgz/...`), by archive, in the case's order.
        let mut archives: Vec<(&str, Vec<(&str, &str)>)> = Vec::new();
        for (path, content) in &self.files {
            if let Some((archive, member)) = archive_member(path) {
                match archives.iter_mut().find(|(a, _)| *a == archive) {
                    Some((_, members)) => members.push((member, content)),
                    None => archives.push((archive, vec![(member, content)])),
                }
                continue;
            }
            let target = at(path);
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent)?;
            }
            if self.executables.contains(path) {
                crate::executable::write_executable(&target, content.as_bytes(), 0o755)?;
            } else {
                fs::write(&target, content)?;
            }
        }
        for (path, members) in archives {
            let target = at(path);
            if let Some(parent) = target.parent() {
                fs::create_dir_all(parent)?;
            }
            fs::write(&target, crate::archive::build(&members, fixed_time(0))?)?;
        }
        for (path, link_target) in &self.links {
            let at = match path.strip_prefix('/') {
                Some(rel) => root.join(rel),
                None => chart_dir.join(path),
            };
            if let Some(parent) = at.parent() {
                fs::create_dir_all(parent)?;
            }
            symlink(link_target, &at).with_context(|| format!("linking {}", at.display()))?;
        }
        set_fixed_times(root)
    }
}

/// `(archive, member)` when `path` goes through a `.tgz` component (`charts/sub-1.0.0.tgz/sub/
/// Chart.yaml`): the file is that archive's member rather than a file of its own.
fn archive_member(path: &str) -> Option<(&str, &str)> {
    let mut end = 0;
    for component in path.split('/') {
        end += component.len();
        if component.ends_with(".tgz") && end < path.len() {
            return Some((&path[..end], &path[end + 1..]));
        }
        end += 1;
    }
    None
}

/// The modification time of the `index`th file of a work folder: fixed, so that the reference
/// tool and rudder read (and archive) the same times; distinct per file, with a fraction of a
/// second that tar rounds.
fn fixed_time(index: u64) -> SystemTime {
    SystemTime::UNIX_EPOCH + Duration::from_millis(1_600_000_000_700 + index * 3_600_000)
}

/// Gives every regular file under `root` its [`fixed_time`], in path order.
fn set_fixed_times(root: &Path) -> Result<()> {
    let mut index = 0;
    for path in files_under(root)? {
        if fs::symlink_metadata(&path)?.file_type().is_symlink() {
            continue;
        }
        fs::File::options()
            .write(true)
            .open(&path)
            .and_then(|f| f.set_modified(fixed_time(index)))
            .with_context(|| format!("setting the time of {}", path.display()))?;
        index += 1;
    }
    Ok(())
}

/// Every file (or symbolic link) below `dir`, in path order.
pub fn files_under(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(d) = pending.pop() {
        for entry in fs::read_dir(&d)? {
            let entry = entry?;
            if entry.file_type()?.is_dir() {
                pending.push(entry.path());
            } else {
                out.push(entry.path());
            }
        }
    }
    out.sort();
    Ok(out)
}

/// Copies the folder `src` to `dst` (created), recursively.
pub fn copy_tree(src: &Path, dst: &Path) -> Result<()> {
    fs::create_dir_all(dst)?;
    for entry in fs::read_dir(src)? {
        let entry = entry?;
        let to = dst.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &to)?;
        } else {
            fs::copy(entry.path(), &to)?;
        }
    }
    Ok(())
}

/// `NAME=VALUE` of an `env:` line.
fn parse_env(v: &str) -> Result<(String, String)> {
    match v.trim().split_once('=') {
        Some((name, value)) if !name.is_empty() => Ok((name.to_string(), value.to_string())),
        _ => bail!("`env:` wants NAME=VALUE, not {:?}", v.trim()),
    }
}

#[cfg(unix)]
fn symlink(target: &str, at: &Path) -> std::io::Result<()> {
    std::os::unix::fs::symlink(target, at)
}

#[cfg(windows)]
fn symlink(target: &str, at: &Path) -> std::io::Result<()> {
    std::os::windows::fs::symlink_file(target, at)
}

/// Parses one `.cases` file. `suite` is its path relative to `testdata/` without extension.
pub fn parse_cases(suite: &str, text: &str, chart: ChartSource) -> Result<Vec<Case>> {
    let mut cases: Vec<Case> = Vec::new();
    let mut references = vec![DEFAULT_REFERENCE];
    let mut command = DEFAULT_COMMAND;
    let mut file_env: Vec<(String, String)> = Vec::new();
    let mut in_header = false;
    let mut in_link = false;
    for (lineno, line) in text.split_inclusive('\n').enumerate() {
        let bare = line.strip_suffix('\n').unwrap_or(line);
        let at = || format!("{suite}.cases:{}", lineno + 1);
        if let Some(name) = bare.strip_prefix("=== ") {
            let name = name.trim();
            if name.is_empty()
                || !name
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
            {
                bail!("{}: bad case name {name:?}", at());
            }
            if cases.iter().any(|c| c.name == name) {
                bail!("{}: duplicate case name {name}", at());
            }
            cases.push(Case {
                id: format!("{suite}:{name}"),
                name: name.to_string(),
                suite: suite.to_string(),
                command,
                references: references.clone(),
                args: Vec::new(),
                filters: Vec::new(),
                stdin: None,
                files: Vec::new(),
                links: Vec::new(),
                executables: Vec::new(),
                env: file_env.clone(),
                chart: chart.clone(),
            });
            in_header = true;
            in_link = false;
            continue;
        }
        let Some(case) = cases.last_mut() else {
            // Before the first case: the file's `references:` and `command:` lines, else
            // comments.
            if let Some(v) = bare.strip_prefix("command:") {
                command = Command::find(v.trim()).with_context(at)?;
            }
            if let Some(v) = bare.strip_prefix("env:") {
                file_env.push(parse_env(v).with_context(at)?);
            }
            if let Some(ids) = bare.strip_prefix("references:") {
                references = ids
                    .split_whitespace()
                    .map(Reference::find)
                    .collect::<Result<_>>()
                    .with_context(at)?;
                if references.is_empty() {
                    bail!("{}: `references:` names no reference", at());
                }
            }
            continue;
        };
        if let Some(path) = bare.strip_prefix("--- ") {
            let (path, link) = match path.split_once(" -> ") {
                Some((path, target)) => (path.trim(), Some(target.trim())),
                None => (path.trim(), None),
            };
            let (path, executable) = match path.strip_suffix(" +x") {
                Some(path) if link.is_none() => (path.trim(), true),
                _ => (path, false),
            };
            if path.is_empty() || path.split('/').any(|s| s == "..") {
                bail!("{}: bad file path {path:?}", at());
            }
            if case.chart != ChartSource::Snippet && !path.starts_with('/') {
                bail!(
                    "{}: cases on a chart folder may only add work-folder files (/...)",
                    at()
                );
            }
            in_header = false;
            in_link = link.is_some();
            match link {
                Some(target) => case.links.push((path.to_string(), target.to_string())),
                None => case.files.push((path.to_string(), String::new())),
            }
            if executable {
                case.executables.push(path.to_string());
            }
            continue;
        }
        if in_link {
            if !bare.trim().is_empty() {
                bail!("{}: a symbolic link has no content", at());
            }
            continue;
        }
        if in_header {
            if let Some(v) = bare.strip_prefix("command:") {
                case.command = Command::find(v.trim()).with_context(at)?;
                continue;
            }
            if let Some(v) = bare.strip_prefix("args:") {
                case.args = shlex::split(v.trim())
                    .with_context(|| format!("{}: unbalanced quotes in args", at()))?;
                continue;
            }
            if let Some(v) = bare.strip_prefix("filter:") {
                let name = v.trim().to_string();
                crate::filters::check_name(&name).with_context(at)?;
                case.filters.push(name);
                continue;
            }
            if let Some(v) = bare.strip_prefix("stdin:") {
                case.stdin = Some(v.trim().to_string());
                continue;
            }
            if let Some(v) = bare.strip_prefix("env:") {
                case.env.push(parse_env(v).with_context(at)?);
                continue;
            }
            in_header = false;
            if case.chart != ChartSource::Snippet {
                bail!("{}: unexpected line in a chart-folder case: {bare:?}", at());
            }
            case.files.push((SNIPPET_FILE.to_string(), String::new()));
        }
        match case.files.last_mut() {
            Some((_, content)) => {
                content.push_str(bare);
                content.push('\n');
            }
            None => bail!("{}: text outside any file", at()),
        }
    }
    Ok(cases)
}

/// Every case under `testdata/` (`cases/**/*.cases`, `charts/*.cases`, `examples/*.cases`), in
/// path order; `filters` are path prefixes relative to `testdata/` (empty = all).
pub fn discover(testdata: &Path, filters: &[String]) -> Result<Vec<Case>> {
    let mut files = Vec::new();
    collect(testdata, &testdata.join("cases"), true, &mut files)?;
    collect(testdata, &testdata.join("charts"), false, &mut files)?;
    collect(testdata, &testdata.join("examples"), false, &mut files)?;
    files.sort();
    let root = testdata.parent().unwrap_or(testdata);
    let mut all = Vec::new();
    for rel in files {
        if !filters.is_empty() && !filters.iter().any(|f| rel.starts_with(f.as_str())) {
            continue;
        }
        let suite = rel.trim_end_matches(".cases").to_string();
        let chart = match suite.split_once('/') {
            Some(("charts", name)) => ChartSource::Folder(root.join("testdata/charts").join(name)),
            Some(("examples", name)) => {
                ChartSource::Folder(root.join("examples/charts").join(name))
            }
            _ => ChartSource::Snippet,
        };
        let text = fs::read_to_string(testdata.join(&rel))?;
        all.extend(parse_cases(&suite, &text, chart)?);
    }
    Ok(all)
}

/// Adds the `.cases` files in `dir` (and below, if `recursive`) as paths relative to `base`.
fn collect(base: &Path, dir: &Path, recursive: bool, out: &mut Vec<String>) -> Result<()> {
    if !dir.is_dir() {
        return Ok(());
    }
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            if recursive {
                collect(base, &path, true, out)?;
            }
        } else if path.extension().is_some_and(|e| e == "cases") {
            let rel = path.strip_prefix(base).unwrap_or(&path);
            out.push(rel.to_string_lossy().replace('\\', "/"));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_headers_files_and_snippet_bodies() {
        let text = "comment\n=== a\nargs: --set 'x=1 2' {chart}\nfilter: pem\n--- values.yaml\nx: 0\n--- /extra.yaml\ny: 1\n=== b\nv: {{ 1 }}\n\n";
        let cases = parse_cases("cases/s/f", text, ChartSource::Snippet).unwrap();
        assert_eq!(cases.len(), 2);
        assert_eq!(cases[0].id, "cases/s/f:a");
        assert_eq!(cases[0].args, vec!["--set", "x=1 2", "{chart}"]);
        assert_eq!(cases[0].argv(), vec!["template", "--set", "x=1 2", "t"]);
        assert_eq!(cases[0].references, vec![DEFAULT_REFERENCE]);
        assert_eq!(cases[0].filters, vec!["pem"]);
        assert_eq!(
            cases[0].files,
            vec![
                ("values.yaml".into(), "x: 0\n".into()),
                ("/extra.yaml".into(), "y: 1\n".into())
            ]
        );
        assert_eq!(
            cases[1].files,
            vec![(SNIPPET_FILE.into(), "v: {{ 1 }}\n\n".into())]
        );
        assert_eq!(cases[1].argv(), vec!["template", "t"]);
    }

    #[test]
    fn chart_placeholder_inside_an_argument_still_appends_the_chart() {
        let text = "=== env\nargs: -f {chart}/values/dev.yaml\n";
        let dir = PathBuf::from("/x/examples/charts/platform");
        let cases = parse_cases("examples/platform", text, ChartSource::Folder(dir)).unwrap();
        assert_eq!(
            cases[0].argv(),
            vec!["template", "-f", "platform/values/dev.yaml", "platform"]
        );
    }

    #[test]
    fn files_name_their_references_and_cases_their_command() {
        let text =
            "# recorded by both\nreferences: helm-4.1.4 helm-3.17.2\n=== a\ncommand: template\n";
        let cases = parse_cases("s", text, ChartSource::Snippet).unwrap();
        let ids: Vec<String> = cases[0].references.iter().map(|r| r.id()).collect();
        assert_eq!(ids, vec!["helm-4.1.4", "helm-3.17.2"]);
        assert_eq!(cases[0].command.name, "template");
        assert!(parse_cases("s", "references: helm-9\n=== a\n", ChartSource::Snippet).is_err());
        assert!(parse_cases("s", "=== a\ncommand: nope\n", ChartSource::Snippet).is_err());
    }

    #[test]
    fn a_file_names_the_default_command_of_its_cases() {
        let text = "command: lint\n=== a\n=== b\ncommand: template\n";
        let cases = parse_cases("s", text, ChartSource::Snippet).unwrap();
        assert_eq!(cases[0].argv(), vec!["lint", "t"]);
        assert_eq!(cases[1].command.name, "template");
        assert!(parse_cases("s", "command: nope\n=== a\n", ChartSource::Snippet).is_err());
    }

    #[test]
    fn rejects_duplicates_bad_names_and_unknown_filters() {
        assert!(parse_cases("s", "=== a\n=== a\n", ChartSource::Snippet).is_err());
        assert!(parse_cases("s", "=== a b\n", ChartSource::Snippet).is_err());
        assert!(parse_cases("s", "=== a\nfilter: nope\n", ChartSource::Snippet).is_err());
        assert!(parse_cases("s", "=== a\n--- ../x\n", ChartSource::Snippet).is_err());
    }

    #[test]
    fn archive_members_become_archives_and_times_are_fixed() {
        assert_eq!(
            archive_member("charts/s-1.0.0.tgz/s/Chart.yaml"),
            Some(("charts/s-1.0.0.tgz", "s/Chart.yaml"))
        );
        assert_eq!(archive_member("/repo/broken.tgz"), None);
        let text = "=== a\n--- /repo/a-1.0.0.tgz/a/Chart.yaml\nname: a\n--- /repo/broken.tgz\nx\n--- values.yaml\n";
        let cases = parse_cases("s", text, ChartSource::Snippet).unwrap();
        let work = tempfile::tempdir().unwrap();
        cases[0].materialise(work.path()).unwrap();
        let archive = fs::read(work.path().join("repo/a-1.0.0.tgz")).unwrap();
        let listing = crate::archive::describe(&archive).unwrap();
        assert!(listing.contains(" 1600000000 8 a/Chart.yaml "), "{listing}");
        assert_eq!(
            fs::read_to_string(work.path().join("repo/broken.tgz")).unwrap(),
            "x\n"
        );
        let mtime = |p: &str| {
            fs::metadata(work.path().join(p))
                .unwrap()
                .modified()
                .unwrap()
        };
        // In path order: repo/a-1.0.0.tgz, repo/broken.tgz, t/Chart.yaml, t/values.yaml.
        assert_eq!(mtime("repo/a-1.0.0.tgz"), fixed_time(0));
        assert_eq!(mtime("t/values.yaml"), fixed_time(3));
    }

    #[test]
    fn env_lines_and_executable_files() {
        let text = "env: A=1\n=== a\nenv: B={work}/p=q\n--- /p/run.sh +x\n#!/bin/sh\n--- /p/x.yaml\n=== b\n";
        let cases = parse_cases("s", text, ChartSource::Snippet).unwrap();
        assert_eq!(
            cases[0].env,
            vec![("A".into(), "1".into()), ("B".into(), "{work}/p=q".into())]
        );
        assert_eq!(cases[1].env, vec![("A".into(), "1".into())]);
        assert_eq!(cases[0].executables, vec!["/p/run.sh".to_string()]);
        assert_eq!(cases[0].files[0].0, "/p/run.sh");
        assert!(parse_cases("s", "=== a\nenv: nothing\n", ChartSource::Snippet).is_err());

        let work = tempfile::tempdir().unwrap();
        cases[0].materialise(work.path()).unwrap();
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &str| {
            fs::metadata(work.path().join(p))
                .unwrap()
                .permissions()
                .mode()
        };
        assert_eq!(mode("p/run.sh") & 0o111, 0o111);
        assert_eq!(mode("p/x.yaml") & 0o111, 0);
    }
}
