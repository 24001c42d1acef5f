//! `rudder version`: rudder's version and the Helm behaviour it reproduces; `--template` renders
//! a Go template over the build information as `helm version --template` does.

use std::rc::Rc;

use clap::Args;
use rudder_gotmpl::{ExecOptions, FuncMap, Object, Templates, Value};

/// What `rudder version` prints after the program's name (with the Helm release whose
/// behaviour rudder reproduces); `rudder --version` prints the same.
pub const VERSION_LINE: &str = concat!(
    "v",
    env!("CARGO_PKG_VERSION"),
    " (compatible with helm v4.1.4)"
);

/// The Kubernetes client version helm 4.1.4 reports (the API rudder's defaults follow).
const KUBE_CLIENT_VERSION: &str = "v1.35";

#[derive(Args, Debug)]
pub struct VersionArgs {
    /// Print the version number only
    #[arg(long)]
    pub short: bool,
    /// Template for the version string format (fields: .Version, .GitCommit, .GitTreeState,
    /// .GoVersion, .KubeClientVersion)
    #[arg(long)]
    pub template: Option<String>,
}

/// helm's `version.BuildInfo`, with rudder's values (rudder is not built from Go or git).
#[derive(Debug)]
struct BuildInfo;

impl Object for BuildInfo {
    fn type_name(&self) -> &str {
        "version.BuildInfo"
    }

    fn field(&self, name: &str) -> Option<Value> {
        let value = match name {
            "Version" => format!("v{}", env!("CARGO_PKG_VERSION")),
            "GitCommit" | "GitTreeState" | "GoVersion" => String::new(),
            "KubeClientVersion" => KUBE_CLIENT_VERSION.into(),
            _ => return None,
        };
        Some(Value::string(value))
    }

    fn format_v(&self) -> String {
        format!("{{v{} {KUBE_CLIENT_VERSION}}}", env!("CARGO_PKG_VERSION"))
    }
}

pub fn run(args: &VersionArgs) -> anyhow::Result<()> {
    let version = env!("CARGO_PKG_VERSION");
    if let Some(template) = &args.template {
        // Like helm: a plain Go template (no function library) named `_`, over the build info.
        let mut set = Templates::new("_", Rc::new(FuncMap::new()));
        set.parse("_", template.as_str())
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let data = Value::Object(Rc::new(BuildInfo));
        let text = set
            .execute("_", &data, &ExecOptions::default())
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        print!("{text}");
    } else if args.short {
        println!("v{version}");
    } else {
        println!("rudder {VERSION_LINE}");
    }
    Ok(())
}
