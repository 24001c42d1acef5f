//! A hostile or broken repository: wrong digests, truncated, oversized and endless downloads,
//! redirect loops, an enormous index, archives that reach outside their folder. Each fails
//! with a clear error, and leaves `charts/`, the lock, the index cache and the content cache as
//! they were.

use std::fs;
use std::path::Path;

use sha2::{Digest, Sha256};

use crate::support::{chart, files, repository, rudder, ChartServer, Home, Options, Reply};

const CHARTS: &[(&str, &str)] = &[("a", "0.1.0"), ("b", "1.0.0")];

/// A served repository, a home where `myrepo` is added, and an umbrella `u` whose `charts/`
/// already holds an archive (which a failed update must keep).
struct Setup {
    _dir: tempfile::TempDir,
    www: std::path::PathBuf,
    server: ChartServer,
    home: Home,
}

fn setup() -> Setup {
    let dir = tempfile::tempdir().unwrap();
    let www = dir.path().join("www");
    repository(&www.join("charts"), CHARTS);
    let server = ChartServer::start(&www, Options::default());
    let home = Home::new(dir.path().join("home"));
    let deps = "dependencies:\n- name: a\n  version: 0.1.0\n  repository: '@myrepo'\n- name: b\n  version: 1.0.0\n  repository: '@myrepo'\n";
    chart(&home.dir, "u", "0.1.0", deps);
    fs::create_dir_all(home.dir.join("u/charts")).unwrap();
    fs::copy(
        www.join("charts/b-1.0.0.tgz"),
        home.dir.join("u/charts/old-0.0.1.tgz"),
    )
    .unwrap();
    let url = format!("{}/charts", server.url());
    let added = home.run(&rudder(), &["repo", "add", "myrepo", &url]);
    assert_eq!(added.0, 0, "{added:?}");
    Setup {
        _dir: dir,
        www,
        server,
        home,
    }
}

impl Setup {
    fn url(&self, file: &str) -> String {
        format!("{}/charts/{file}", self.server.url())
    }

    /// `dependency update u` fails with a message containing `expected`, and leaves every
    /// file of the home as it was (no temporary folder, no partial archive or cache entry).
    fn update_fails(&self, args: &[&str], expected: &str) {
        let mut all = vec!["dependency", "update", "u"];
        all.extend(args);
        self.fails(&all, expected);
    }

    /// `pull myrepo/a`, `pull myrepo/a --untar` and `template myrepo/a` fail as
    /// [`Setup::fails`] says.
    fn pull_fails(&self, expected: &str) {
        self.fails(&["pull", "myrepo/a"], expected);
        self.fails(&["pull", "myrepo/a", "--untar"], expected);
        self.fails(&["template", "myrepo/a"], expected);
    }

    /// rudder with `args` fails with a message containing `expected`, and leaves every
    /// file of the home as it was (no temporary folder, no partial archive or cache entry).
    fn fails(&self, all: &[&str], expected: &str) {
        // The cache may change: a refreshed index, archives that downloaded whole.
        let before = files(&self.home.dir, &["cache"]);
        let (code, out, err) = self.home.run(&rudder(), all);
        assert_eq!(code, 1, "stdout:\n{out}\nstderr:\n{err}");
        assert!(
            err.contains(expected),
            "expected {expected:?} in the error:\n{err}"
        );
        let after = files(&self.home.dir, &["cache"]);
        let names =
            |m: &std::collections::BTreeMap<String, Vec<u8>>| m.keys().cloned().collect::<Vec<_>>();
        assert_eq!(names(&before), names(&after), "files changed: {err}");
        assert!(before == after, "file contents changed: {err}");
        self.content_cache_is_sound();
    }

    /// Every file of the content cache holds the bytes its name says.
    fn content_cache_is_sound(&self) {
        for (name, bytes) in files(&self.home.content_cache(), &[]) {
            let sum: String = Sha256::digest(&bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            assert!(
                name.ends_with(&format!("{sum}.chart")),
                "{name} is not its digest"
            );
        }
    }

    /// Rewrites the served index with `edit`.
    fn edit_index(&self, edit: impl Fn(String) -> String) {
        let path = self.www.join("charts/index.yaml");
        let text = fs::read_to_string(&path).unwrap();
        fs::write(&path, edit(text)).unwrap();
    }
}

fn sha256_hex(path: &Path) -> String {
    Sha256::digest(fs::read(path).unwrap())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn a_digest_that_does_not_match() {
    let s = setup();
    let real = sha256_hex(&s.www.join("charts/a-0.1.0.tgz"));
    s.edit_index(|t| t.replace(&real, &"f".repeat(64)));
    s.update_fails(&[], "digest mismatch");
    s.pull_fails("digest mismatch");
}

#[test]
fn a_truncated_download() {
    let s = setup();
    let bytes = fs::read(s.www.join("charts/a-0.1.0.tgz")).unwrap();
    let half = bytes[..bytes.len() / 2].to_vec();
    s.server.reply(
        "/charts/a-0.1.0.tgz",
        Reply::Truncated {
            declared: bytes.len() as u64,
            body: half,
        },
    );
    s.update_fails(&[], &format!("could not download {}", s.url("a-0.1.0.tgz")));
    s.pull_fails(&format!("reading {}", s.url("a-0.1.0.tgz")));
}

#[test]
fn an_oversized_download() {
    let s = setup();
    s.server
        .reply("/charts/a-0.1.0.tgz", Reply::Zeros(200 << 20));
    s.update_fails(&[], "is larger than the 64 MiB rudder accepts");
    s.pull_fails("is larger than the 64 MiB rudder accepts");
}

#[test]
fn an_endless_download() {
    let s = setup();
    s.server.reply("/charts/b-1.0.0.tgz", Reply::Endless);
    s.update_fails(&[], "is larger than the 64 MiB rudder accepts");
}

#[test]
fn a_redirect_loop() {
    let s = setup();
    s.server.reply(
        "/charts/a-0.1.0.tgz",
        Reply::Redirect("/charts/a-0.1.0.tgz".into()),
    );
    s.update_fails(&[], "stopped after 10 redirects");
    s.pull_fails("stopped after 10 redirects");
}

#[test]
fn an_error_status() {
    let s = setup();
    s.server.reply("/charts/b-1.0.0.tgz", Reply::Status(500));
    s.update_fails(
        &[],
        &format!(
            "failed to fetch {} : 500 Internal Server Error",
            s.url("b-1.0.0.tgz")
        ),
    );
}

#[test]
fn an_enormous_index() {
    let s = setup();
    s.server
        .reply("/charts/index.yaml", Reply::Zeros(100 << 20));
    let cache = s.home.dir.join("cache/repository");
    let before = files(&cache, &[]);
    // The refresh fails (and says so); the cached index stays, and resolves the chart.
    let (code, out, err) = s.home.run(&rudder(), &["dependency", "update", "u"]);
    assert!(
        out.contains("is larger than the 64 MiB rudder accepts"),
        "{out}{err}"
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(before == files(&cache, &[]), "the index cache changed");
    // A repository whose index is endless is not added, and nothing is cached for it.
    s.server.reply("/charts/index.yaml", Reply::Endless);
    let (code, _, err) = s.home.run(&rudder(), &["repo", "add", "big", &s.url("")]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("is larger than the 64 MiB rudder accepts"),
        "{err}"
    );
    assert!(before == files(&cache, &[]), "the index cache changed");
}

/// A gzipped tar of `entries` (path, content), as a hostile archive.
fn tgz(entries: &[(&str, &str)]) -> Vec<u8> {
    let mut tar = tar::Builder::new(Vec::new());
    for (path, text) in entries {
        let mut header = tar::Header::new_gnu();
        header.set_size(text.len() as u64);
        header.set_mode(0o644);
        header.set_entry_type(tar::EntryType::Regular);
        // Written raw: the tar crate refuses `..` in set_path.
        let name = &mut header.as_old_mut().name;
        name[..path.len()].copy_from_slice(path.as_bytes());
        header.set_cksum();
        tar.append(&header, text.as_bytes()).unwrap();
    }
    let raw = tar.into_inner().unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    std::io::Write::write_all(&mut gz, &raw).unwrap();
    gz.finish().unwrap()
}

#[test]
fn an_archive_that_reaches_outside_its_folder() {
    let s = setup();
    let evil = tgz(&[
        ("a/Chart.yaml", "apiVersion: v2\nname: a\nversion: 0.1.0\n"),
        ("a/../../../evil.txt", "owned\n"),
    ]);
    let path = s.www.join("charts/a-0.1.0.tgz");
    let real = sha256_hex(&path);
    fs::write(&path, &evil).unwrap();
    let fake = sha256_hex(&path);
    s.edit_index(|t| t.replace(&real, &fake));
    s.update_fails(&[], "chart illegally references parent directory");
    s.pull_fails("chart illegally references parent directory");
    assert!(!s.home.dir.join("evil.txt").exists());
}

#[test]
fn a_download_url_that_names_a_parent_folder() {
    let s = setup();
    s.edit_index(|t| t.replace("- a-0.1.0.tgz", "- ..%2F..%2Fevil.tgz"));
    s.update_fails(&[], "no file name in the URL");
    s.pull_fails("no file name in the URL");
}

/// A chart archive in the content cache that is not what its name says is not used: it is
/// downloaded again.
#[test]
fn a_tampered_content_cache() {
    let s = setup();
    let (code, _, err) = s.home.run(&rudder(), &["dependency", "update", "u"]);
    assert_eq!(code, 0, "{err}");
    let digest = sha256_hex(&s.www.join("charts/a-0.1.0.tgz"));
    let cached = s
        .home
        .content_cache()
        .join(&digest[..2])
        .join(format!("{digest}.chart"));
    assert!(cached.is_file(), "not cached: {}", cached.display());
    // Replaced as cache writers replace files (helm's included): a new file renamed over.
    let tampered = cached.with_extension("new");
    fs::write(&tampered, b"tampered").unwrap();
    fs::rename(&tampered, &cached).unwrap();
    let (code, _, err) = s.home.run(&rudder(), &["dependency", "update", "u"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        sha256_hex(&s.home.dir.join("u/charts/a-0.1.0.tgz")),
        digest,
        "the archive in charts/ is the served one"
    );
}
