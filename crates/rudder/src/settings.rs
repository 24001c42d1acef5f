//! helm's `EnvSettings`: the global flags, each falling back to its `HELM_*` environment
//! variable and then to helm's default (flag > environment > default), resolved once per
//! process so that every command reads the same values.

use std::path::{Path, PathBuf};

use clap::Args;
use rudder_chart::Helm;

/// The variable `--helm-version` falls back to (rudder's own: helm has no such setting).
const HELM_VERSION_VARIABLE: &str = "RUDDER_HELM_VERSION";

/// The flags every command takes, as helm names them (cobra's persistent flags). Each command
/// level gets its own copy of them (see `cli::pflag_style_all`) rather than clap's global
/// arguments, which clap copies into every subcommand, invoked or not.
#[derive(Args, Debug, Default, Clone)]
pub struct GlobalArgs {
    /// enable verbose output
    #[arg(long, num_args = 0..=1, require_equals = true,
          default_missing_value = "true", value_parser = parse_go_bool)]
    pub debug: Option<bool>,
    /// namespace scope for this request
    #[arg(short = 'n', long)]
    pub namespace: Option<String>,
    /// path to the kubeconfig file
    #[arg(long)]
    pub kubeconfig: Option<String>,
    /// name of the kubeconfig context to use
    #[arg(long = "kube-context")]
    pub kube_context: Option<String>,
    /// bearer token used for authentication
    #[arg(long = "kube-token")]
    pub kube_token: Option<String>,
    /// username to impersonate for the operation
    #[arg(long = "kube-as-user")]
    pub kube_as_user: Option<String>,
    /// group to impersonate for the operation, this flag can be repeated to specify multiple groups.
    #[arg(long = "kube-as-group")]
    pub kube_as_group: Vec<String>,
    /// the address and the port for the Kubernetes API server
    #[arg(long = "kube-apiserver")]
    pub kube_apiserver: Option<String>,
    /// the certificate authority file for the Kubernetes API server connection
    #[arg(long = "kube-ca-file")]
    pub kube_ca_file: Option<String>,
    /// server name to use for Kubernetes API server certificate validation
    #[arg(long = "kube-tls-server-name")]
    pub kube_tls_server_name: Option<String>,
    /// if true, the Kubernetes API server's certificate will not be checked for validity
    #[arg(long = "kube-insecure-skip-tls-verify", num_args = 0..=1,
          require_equals = true, default_missing_value = "true", value_parser = parse_go_bool)]
    pub kube_insecure_skip_tls_verify: Option<bool>,
    /// path to the registry config file
    #[arg(long = "registry-config")]
    pub registry_config: Option<String>,
    /// path to the file containing repository names and URLs
    #[arg(long = "repository-config")]
    pub repository_config: Option<String>,
    /// path to the directory containing cached repository indexes
    #[arg(long = "repository-cache")]
    pub repository_cache: Option<String>,
    /// path to the directory containing cached content (e.g. charts)
    #[arg(long = "content-cache")]
    pub content_cache: Option<String>,
    /// client-side default throttling limit
    #[arg(long = "burst-limit")]
    pub burst_limit: Option<i64>,
    /// queries per second used when communicating with the Kubernetes API, not including bursting
    #[arg(long)]
    pub qps: Option<f32>,
    /// use colored output (never, auto, always)
    #[arg(long, visible_alias = "colour")]
    pub color: Option<String>,
    /// the helm major version to reproduce: 4 (default) or 3 (helm 3.17.2's defaults, texts and order)
    #[arg(long = "helm-version")]
    pub helm_version: Option<String>,
}

/// Go's `strconv.ParseBool`.
pub fn parse_go_bool(s: &str) -> Result<bool, String> {
    match s {
        "1" | "t" | "T" | "TRUE" | "true" | "True" => Ok(true),
        "0" | "f" | "F" | "FALSE" | "false" | "False" => Ok(false),
        _ => Err(format!("strconv.ParseBool: parsing {s:?}: invalid syntax")),
    }
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColorMode {
    Never,
    Auto,
    Always,
}

impl ColorMode {
    fn parse(s: &str) -> Option<ColorMode> {
        match s {
            "never" => Some(ColorMode::Never),
            "auto" => Some(ColorMode::Auto),
            "always" => Some(ColorMode::Always),
            _ => None,
        }
    }
}

/// The resolved settings.
#[derive(Debug, Clone)]
pub struct Settings {
    /// `-n` or `HELM_NAMESPACE`; the kube config's namespace applies only when this is empty.
    namespace_override: String,
    pub debug: bool,
    pub kubeconfig: String,
    pub kube_context: String,
    pub kube_token: String,
    pub kube_as_user: String,
    pub kube_as_groups: Vec<String>,
    pub kube_apiserver: String,
    pub kube_ca_file: String,
    pub kube_tls_server_name: String,
    pub kube_insecure_skip_tls_verify: bool,
    pub registry_config: PathBuf,
    pub repository_config: PathBuf,
    pub repository_cache: PathBuf,
    pub content_cache: PathBuf,
    pub plugins_directory: PathBuf,
    pub max_history: i64,
    pub burst_limit: i64,
    pub qps: f32,
    pub color: ColorMode,
    /// `--helm-version` or `RUDDER_HELM_VERSION`: the helm whose behaviour commands reproduce.
    pub helm: Helm,
}

/// Where the environment comes from: the process's, or a map in tests.
pub trait Env {
    fn var(&self, name: &str) -> Option<String>;
}

/// The process environment.
pub struct ProcessEnv;

impl Env for ProcessEnv {
    fn var(&self, name: &str) -> Option<String> {
        std::env::var_os(name).map(|v| v.to_string_lossy().into_owned())
    }
}

impl Settings {
    /// Resolves the flags against the environment. Fails as helm does on a colour mode it
    /// does not know.
    pub fn resolve(flags: &GlobalArgs, env: &dyn Env) -> Result<Settings, String> {
        let get = |name: &str| env.var(name).unwrap_or_default();
        let or_path = |flag: &Option<String>, name: &str, default: PathBuf| match flag {
            Some(v) => PathBuf::from(v),
            None => env.var(name).map(PathBuf::from).unwrap_or(default),
        };
        let paths = HelmPaths::new(env);
        let color = match &flags.color {
            Some(c) => ColorMode::parse(c).ok_or_else(|| {
                format!("invalid color mode {c:?}: must be one of: never, auto, always")
            })?,
            None => env_color(env),
        };
        let helm = match flags
            .helm_version
            .clone()
            .or_else(|| env.var(HELM_VERSION_VARIABLE))
        {
            Some(v) => Helm::parse(&v)?,
            None => Helm::default(),
        };
        // helm parses its flags twice into the same list, so each given group counts twice.
        let kube_as_groups = if flags.kube_as_group.is_empty() {
            env_csv(&get("HELM_KUBEASGROUPS"))
        } else {
            [
                flags.kube_as_group.as_slice(),
                flags.kube_as_group.as_slice(),
            ]
            .concat()
        };
        Ok(Settings {
            namespace_override: flags
                .namespace
                .clone()
                .unwrap_or_else(|| get("HELM_NAMESPACE")),
            debug: flags
                .debug
                .unwrap_or_else(|| parse_go_bool(&get("HELM_DEBUG")).unwrap_or(false)),
            kubeconfig: flags
                .kubeconfig
                .clone()
                .unwrap_or_else(|| get("KUBECONFIG")),
            kube_context: flags
                .kube_context
                .clone()
                .unwrap_or_else(|| get("HELM_KUBECONTEXT")),
            kube_token: flags
                .kube_token
                .clone()
                .unwrap_or_else(|| get("HELM_KUBETOKEN")),
            kube_as_user: flags
                .kube_as_user
                .clone()
                .unwrap_or_else(|| get("HELM_KUBEASUSER")),
            kube_as_groups,
            kube_apiserver: flags
                .kube_apiserver
                .clone()
                .unwrap_or_else(|| get("HELM_KUBEAPISERVER")),
            kube_ca_file: flags
                .kube_ca_file
                .clone()
                .unwrap_or_else(|| get("HELM_KUBECAFILE")),
            kube_tls_server_name: flags
                .kube_tls_server_name
                .clone()
                .unwrap_or_else(|| get("HELM_KUBETLS_SERVER_NAME")),
            kube_insecure_skip_tls_verify: flags.kube_insecure_skip_tls_verify.unwrap_or_else(
                || {
                    env.var("HELM_KUBEINSECURE_SKIP_TLS_VERIFY")
                        .and_then(|v| parse_go_bool(&v).ok())
                        .unwrap_or(false)
                },
            ),
            registry_config: or_path(
                &flags.registry_config,
                "HELM_REGISTRY_CONFIG",
                paths.config(&["registry", "config.json"]),
            ),
            repository_config: or_path(
                &flags.repository_config,
                "HELM_REPOSITORY_CONFIG",
                paths.config(&["repositories.yaml"]),
            ),
            repository_cache: or_path(
                &flags.repository_cache,
                "HELM_REPOSITORY_CACHE",
                paths.cache(&["repository"]),
            ),
            content_cache: or_path(
                &flags.content_cache,
                "HELM_CONTENT_CACHE",
                paths.cache(&["content"]),
            ),
            plugins_directory: or_path(&None, "HELM_PLUGINS", paths.data(&["plugins"])),
            max_history: env_int(env, "HELM_MAX_HISTORY", 10),
            burst_limit: flags
                .burst_limit
                .unwrap_or_else(|| env_int(env, "HELM_BURST_LIMIT", 100)),
            qps: flags.qps.unwrap_or_else(|| {
                env.var("HELM_QPS")
                    .and_then(|v| v.parse::<f32>().ok())
                    .unwrap_or(0.0)
            }),
            color,
            helm,
        })
    }

    /// helm's `Namespace()`: `-n`/`HELM_NAMESPACE`, else the namespace of the kube config's
    /// context (`--kube-context` or the current one), else `default`.
    pub fn namespace(&self) -> String {
        if !self.namespace_override.is_empty() {
            return self.namespace_override.clone();
        }
        crate::kubeconfig::namespace(&self.kubeconfig, &self.kube_context)
            .unwrap_or_else(|| "default".to_string())
    }

    /// What `helm env` prints: every variable a plugin would see, by name.
    pub fn env_vars(&self, env: &dyn Env) -> Vec<(&'static str, String)> {
        let paths = HelmPaths::new(env);
        let show = |p: &Path| p.to_string_lossy().into_owned();
        let mut vars = vec![
            ("HELM_BIN", std::env::args().next().unwrap_or_default()),
            ("HELM_BURST_LIMIT", self.burst_limit.to_string()),
            ("HELM_CACHE_HOME", show(&paths.cache(&[]))),
            ("HELM_CONFIG_HOME", show(&paths.config(&[]))),
            ("HELM_CONTENT_CACHE", show(&self.content_cache)),
            ("HELM_DATA_HOME", show(&paths.data(&[]))),
            ("HELM_DEBUG", self.debug.to_string()),
            ("HELM_KUBEAPISERVER", self.kube_apiserver.clone()),
            ("HELM_KUBEASGROUPS", self.kube_as_groups.join(",")),
            ("HELM_KUBEASUSER", self.kube_as_user.clone()),
            ("HELM_KUBECAFILE", self.kube_ca_file.clone()),
            ("HELM_KUBECONTEXT", self.kube_context.clone()),
            (
                "HELM_KUBEINSECURE_SKIP_TLS_VERIFY",
                self.kube_insecure_skip_tls_verify.to_string(),
            ),
            (
                "HELM_KUBETLS_SERVER_NAME",
                self.kube_tls_server_name.clone(),
            ),
            ("HELM_KUBETOKEN", self.kube_token.clone()),
            ("HELM_MAX_HISTORY", self.max_history.to_string()),
            ("HELM_NAMESPACE", self.namespace()),
            ("HELM_PLUGINS", show(&self.plugins_directory)),
            ("HELM_QPS", format!("{:.2}", self.qps)),
            ("HELM_REGISTRY_CONFIG", show(&self.registry_config)),
            ("HELM_REPOSITORY_CACHE", show(&self.repository_cache)),
            ("HELM_REPOSITORY_CONFIG", show(&self.repository_config)),
        ];
        if !self.kubeconfig.is_empty() {
            vars.push(("KUBECONFIG", self.kubeconfig.clone()));
        }
        vars.sort_by_key(|(k, _)| *k);
        vars
    }
}

fn env_int(env: &dyn Env, name: &str, default: i64) -> i64 {
    env.var(name)
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// helm's `envCSV`: commas and spaces trimmed from the ends, then split on commas.
fn env_csv(v: &str) -> Vec<String> {
    let trimmed = v.trim_matches([',', ' ']);
    if trimmed.is_empty() {
        Vec::new()
    } else {
        trimmed.split(',').map(str::to_string).collect()
    }
}

/// `NO_COLOR` (non-empty) wins, then `HELM_COLOR` when it names a mode, else `auto`.
fn env_color(env: &dyn Env) -> ColorMode {
    if env.var("NO_COLOR").is_some_and(|v| !v.is_empty()) {
        return ColorMode::Never;
    }
    env.var("HELM_COLOR")
        .and_then(|v| ColorMode::parse(&v.to_lowercase()))
        .unwrap_or(ColorMode::Auto)
}

/// helm's `helmpath`: `HELM_*_HOME`, else the XDG variable plus `helm`, else the platform's
/// default plus `helm`.
struct HelmPaths {
    config: PathBuf,
    cache: PathBuf,
    data: PathBuf,
}

impl HelmPaths {
    fn new(env: &dyn Env) -> HelmPaths {
        let home = PathBuf::from(env.var("HOME").unwrap_or_default());
        let base = |helm_var: &str, xdg_var: &str, default: PathBuf| match env
            .var(helm_var)
            .filter(|v| !v.is_empty())
        {
            Some(v) => PathBuf::from(v),
            None => env
                .var(xdg_var)
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
                .unwrap_or(default)
                .join("helm"),
        };
        let (config, cache, data) = platform_homes(&home, env);
        HelmPaths {
            config: base("HELM_CONFIG_HOME", "XDG_CONFIG_HOME", config),
            cache: base("HELM_CACHE_HOME", "XDG_CACHE_HOME", cache),
            data: base("HELM_DATA_HOME", "XDG_DATA_HOME", data),
        }
    }

    fn config(&self, elems: &[&str]) -> PathBuf {
        join(&self.config, elems)
    }

    fn cache(&self, elems: &[&str]) -> PathBuf {
        join(&self.cache, elems)
    }

    fn data(&self, elems: &[&str]) -> PathBuf {
        join(&self.data, elems)
    }
}

fn join(base: &Path, elems: &[&str]) -> PathBuf {
    elems.iter().fold(base.to_path_buf(), |p, e| p.join(e))
}

/// The (config, cache, data) homes without XDG variables, per platform as helm's lazypath.
#[cfg(target_os = "macos")]
fn platform_homes(home: &Path, _env: &dyn Env) -> (PathBuf, PathBuf, PathBuf) {
    let library = home.join("Library");
    (library.join("Preferences"), library.join("Caches"), library)
}

#[cfg(windows)]
fn platform_homes(_home: &Path, env: &dyn Env) -> (PathBuf, PathBuf, PathBuf) {
    let appdata = PathBuf::from(env.var("APPDATA").unwrap_or_default());
    let temp = PathBuf::from(env.var("TEMP").unwrap_or_default());
    (appdata.clone(), temp, appdata)
}

#[cfg(not(any(target_os = "macos", windows)))]
fn platform_homes(home: &Path, _env: &dyn Env) -> (PathBuf, PathBuf, PathBuf) {
    (
        home.join(".config"),
        home.join(".cache"),
        home.join(".local").join("share"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    struct MapEnv(HashMap<&'static str, &'static str>);

    impl Env for MapEnv {
        fn var(&self, name: &str) -> Option<String> {
            self.0.get(name).map(|v| v.to_string())
        }
    }

    fn env(pairs: &[(&'static str, &'static str)]) -> MapEnv {
        MapEnv(pairs.iter().copied().collect())
    }

    #[test]
    fn flag_beats_environment_beats_default() {
        let e = env(&[
            ("HOME", "/h"),
            ("HELM_DEBUG", "1"),
            ("HELM_BURST_LIMIT", "7"),
        ]);
        let s = Settings::resolve(&GlobalArgs::default(), &e).unwrap();
        assert!(s.debug);
        assert_eq!(s.burst_limit, 7);
        assert_eq!(s.max_history, 10);
        assert_eq!(
            s.repository_config,
            PathBuf::from("/h/.config/helm/repositories.yaml")
        );
        let flags = GlobalArgs {
            debug: Some(false),
            burst_limit: Some(3),
            ..GlobalArgs::default()
        };
        let s = Settings::resolve(&flags, &e).unwrap();
        assert!(!s.debug);
        assert_eq!(s.burst_limit, 3);
    }

    #[test]
    fn helm_homes_then_xdg_then_platform() {
        let e = env(&[
            ("HOME", "/h"),
            ("HELM_CACHE_HOME", "/c"),
            ("XDG_CONFIG_HOME", "/x"),
        ]);
        let s = Settings::resolve(&GlobalArgs::default(), &e).unwrap();
        assert_eq!(s.repository_cache, PathBuf::from("/c/repository"));
        assert_eq!(
            s.registry_config,
            PathBuf::from("/x/helm/registry/config.json")
        );
    }

    #[test]
    fn environment_values_as_helm_reads_them() {
        let e = env(&[
            ("HELM_KUBEASGROUPS", " ,x,y, "),
            ("HELM_QPS", "abc"),
            ("NO_COLOR", "1"),
        ]);
        let s = Settings::resolve(&GlobalArgs::default(), &e).unwrap();
        assert_eq!(s.kube_as_groups, ["x", "y"]);
        assert_eq!(s.qps, 0.0);
        assert_eq!(s.color, ColorMode::Never);
        let flags = GlobalArgs {
            color: Some("foo".into()),
            ..GlobalArgs::default()
        };
        assert_eq!(
            Settings::resolve(&flags, &e).unwrap_err(),
            r#"invalid color mode "foo": must be one of: never, auto, always"#
        );
    }

    #[test]
    fn helm_version_from_flag_then_variable() {
        let e = env(&[("RUDDER_HELM_VERSION", "3")]);
        let s = Settings::resolve(&GlobalArgs::default(), &e).unwrap();
        assert_eq!(s.helm, Helm::V3);
        let flags = GlobalArgs {
            helm_version: Some("4".into()),
            ..GlobalArgs::default()
        };
        assert_eq!(Settings::resolve(&flags, &e).unwrap().helm, Helm::V4);
        let none = env(&[]);
        assert_eq!(
            Settings::resolve(&GlobalArgs::default(), &none)
                .unwrap()
                .helm,
            Helm::V4
        );
        let bad = env(&[("RUDDER_HELM_VERSION", "2")]);
        assert!(Settings::resolve(&GlobalArgs::default(), &bad).is_err());
    }
}
