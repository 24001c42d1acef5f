//! Git repositories built by tests with the real `git` (the library under test reads them
//! with gix): fixed identities and dates so that ids and logs are the same on every run.

use std::path::{Path, PathBuf};
use std::process::Command;

pub struct Git {
    pub dir: PathBuf,
}

impl Git {
    /// A new repository on branch `main` in `dir`.
    pub fn init(dir: &Path) -> Git {
        std::fs::create_dir_all(dir).unwrap();
        let git = Git {
            dir: dir.to_path_buf(),
        };
        git.run(&["init", "-q", "-b", "main"]);
        git
    }

    /// `git clone` of `from` into `dir`.
    pub fn clone(from: &Path, dir: &Path) -> Git {
        let out = base_command(from.parent().unwrap())
            .args(["clone", "-q"])
            .arg(from)
            .arg(dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        Git {
            dir: dir.to_path_buf(),
        }
    }

    pub fn run(&self, args: &[&str]) -> String {
        let out = base_command(&self.dir).args(args).output().unwrap();
        assert!(
            out.status.success(),
            "git {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    pub fn write(&self, path: &str, text: &str) {
        let full = self.dir.join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    }

    pub fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.dir.join(path)).unwrap()
    }

    /// Adds everything and commits with `message`.
    pub fn commit_all(&self, message: &str) -> String {
        self.run(&["add", "-A"]);
        self.run(&["commit", "-q", "-m", message]);
        self.run(&["rev-parse", "HEAD"])
    }

    /// A chart folder with a Chart.yaml (and `deps`, as `name=repository` pairs), a values
    /// file and one template.
    pub fn chart(&self, dir: &str, name: &str, version: &str, deps: &[(&str, &str, &str)]) {
        let mut yaml = format!("apiVersion: v2\nname: {name}\nversion: {version}\n");
        if !deps.is_empty() {
            yaml.push_str("dependencies:\n");
            for (dep, constraint, repository) in deps {
                yaml.push_str(&format!(
                    "  - name: {dep}\n    version: \"{constraint}\"\n    repository: {repository}\n"
                ));
            }
        }
        self.write(&format!("{dir}/Chart.yaml"), &yaml);
        self.write(&format!("{dir}/values.yaml"), &format!("name: {name}\n"));
        self.write(
            &format!("{dir}/templates/cm.yaml"),
            "kind: ConfigMap\nmetadata:\n  name: {{ .Chart.Name }}\n",
        );
    }
}

fn base_command(dir: &Path) -> Command {
    let mut c = Command::new("git");
    c.current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .env("GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z");
    c
}
