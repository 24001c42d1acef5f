//! A subprocess plugin's command: the `platformCommand` entry for this OS and architecture,
//! with `$VAR`s expanded as Go's `os.Expand` does and the extra arguments appended.

use rudder_gotmpl::Value;

/// One `platformCommand` entry.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct PlatformCommand {
    /// `os`: a Go GOOS (`linux`, `darwin`); empty for any.
    pub os: String,
    /// `arch`: a Go GOARCH (`amd64`, `arm64`); empty for any.
    pub arch: String,
    /// The program, then arguments, separated by single spaces.
    pub command: String,
    pub args: Vec<String>,
}

/// No entry applies to this platform.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("no plugin command is applicable")]
pub struct PrepareError;

impl PlatformCommand {
    pub(crate) fn parse_list(list: &Value) -> Result<Vec<PlatformCommand>, String> {
        let Some(list) = list.as_list() else {
            return Err("`platformCommand` is not a list".into());
        };
        list.items.iter().map(PlatformCommand::parse).collect()
    }

    fn parse(entry: &Value) -> Result<PlatformCommand, String> {
        let Value::Map(fields) = entry else {
            return Err("a `platformCommand` entry is not a mapping".into());
        };
        let fields = fields.borrow();
        let text = |key: &str| match fields.get(key) {
            None | Some(Value::Nil) => Ok(String::new()),
            Some(Value::String(s)) => Ok(s.to_string()),
            Some(_) => Err(format!("`platformCommand.{key}` is not a string")),
        };
        let args = match fields.get("args") {
            None | Some(Value::Nil) => Vec::new(),
            Some(Value::List(items)) => items
                .items
                .iter()
                .map(|a| match a {
                    Value::String(s) => Ok(s.to_string()),
                    _ => Err("`platformCommand.args` holds a non-string".to_string()),
                })
                .collect::<Result<_, _>>()?,
            Some(_) => return Err("`platformCommand.args` is not a list".into()),
        };
        Ok(PlatformCommand {
            os: text("os")?,
            arch: text("arch")?,
            command: text("command")?,
            args,
        })
    }
}

/// The program and its arguments for `goos`/`goarch`: an entry naming both wins at once;
/// else the first naming only the OS; else the first naming neither.
pub(crate) fn prepare(
    commands: &[PlatformCommand],
    goos: &str,
    goarch: &str,
    extra_args: &[String],
    env: &dyn Fn(&str) -> String,
) -> Result<(String, Vec<String>), PrepareError> {
    let chosen = select(commands, goos, goarch).ok_or(PrepareError)?;
    let mut parts = chosen.command.split(' ');
    let program = parts.next().unwrap_or_default();
    if program.is_empty() {
        return Err(PrepareError);
    }
    let args = parts
        .chain(chosen.args.iter().map(String::as_str))
        .map(|a| expand(a, env))
        .chain(extra_args.iter().cloned())
        .collect();
    Ok((expand(program, env), args))
}

fn select<'c>(
    commands: &'c [PlatformCommand],
    goos: &str,
    goarch: &str,
) -> Option<&'c PlatformCommand> {
    let same = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    if let Some(exact) = commands
        .iter()
        .find(|c| same(&c.os, goos) && same(&c.arch, goarch))
    {
        return Some(exact);
    }
    let candidates = commands
        .iter()
        .filter(|c| c.arch.is_empty() && (c.os.is_empty() || same(&c.os, goos)));
    let mut any_os = None;
    for c in candidates {
        if !c.os.is_empty() {
            return Some(c);
        }
        any_os.get_or_insert(c);
    }
    any_os
}

/// Go's `os.Expand`: `$NAME` and `${NAME}` replaced by `env(NAME)`; `$` followed by neither
/// stays; `${` without `}` and `${}` are dropped.
pub(crate) fn expand(text: &str, env: &dyn Fn(&str) -> String) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let (name, width) = shell_name(after);
        if name.is_empty() && width == 0 {
            out.push('$');
        } else if !name.is_empty() {
            out.push_str(&env(name));
        }
        rest = &after[width..];
    }
    out.push_str(rest);
    out
}

/// Go's `getShellName`: the variable name after a `$` and how many bytes it took.
fn shell_name(s: &str) -> (&str, usize) {
    let special = |b: u8| b"*#$@!?-".contains(&b) || b.is_ascii_digit();
    let bytes = s.as_bytes();
    if bytes.first() == Some(&b'{') {
        if bytes.len() > 2 && special(bytes[1]) && bytes[2] == b'}' {
            return (&s[1..2], 3);
        }
        return match s[1..].find('}') {
            Some(0) => ("", 2),
            Some(end) => (&s[1..end + 1], end + 2),
            None => ("", 1),
        };
    }
    if bytes.first().is_some_and(|&b| special(b)) {
        return (&s[..1], 1);
    }
    let len = bytes
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric() || **b == b'_')
        .count();
    (&s[..len], len)
}

/// This machine's Go GOOS and GOARCH.
pub(crate) fn go_platform() -> (&'static str, &'static str) {
    let os = match std::env::consts::OS {
        "macos" => "darwin",
        other => other,
    };
    let arch = match std::env::consts::ARCH {
        "x86_64" => "amd64",
        "aarch64" => "arm64",
        "x86" => "386",
        "powerpc64" => "ppc64",
        "loongarch64" => "loong64",
        other => other,
    };
    (os, arch)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cmd(os: &str, arch: &str, command: &str) -> PlatformCommand {
        PlatformCommand {
            os: os.into(),
            arch: arch.into(),
            command: command.into(),
            args: vec!["$X".into()],
        }
    }

    fn env(name: &str) -> String {
        match name {
            "X" => "x".into(),
            "1" => "one".into(),
            _ => String::new(),
        }
    }

    #[test]
    fn expands_as_go_does() {
        assert_eq!(expand("$X/${X}/$1/${1}/$", &env), "x/x/one/one/$");
        assert_eq!(expand("a$-b${}c${X", &env), "abcX");
        assert_eq!(expand("$$ $Y.", &env), " .");
        assert_eq!(expand("${X Y}", &env), "");
    }

    #[test]
    fn chooses_the_platform_entry_as_helm_does() {
        let list = [
            cmd("", "", "any"),
            cmd("linux", "", "os"),
            cmd("linux", "amd64", "exact"),
            cmd("", "amd64", "arch-only"),
        ];
        assert_eq!(select(&list, "linux", "amd64").unwrap().command, "exact");
        assert_eq!(select(&list, "LINUX", "arm64").unwrap().command, "os");
        assert_eq!(select(&list, "darwin", "arm64").unwrap().command, "any");
        assert_eq!(select(&list[3..], "linux", "arm64"), None);
    }

    #[test]
    fn splits_the_command_and_appends_the_extra_arguments() {
        let (program, args) = prepare(
            &[cmd("", "", "$X/run.sh -v")],
            "linux",
            "amd64",
            &["a,b".into()],
            &env,
        )
        .unwrap();
        assert_eq!(program, "x/run.sh");
        assert_eq!(args, ["-v", "x", "a,b"]);
        assert_eq!(
            prepare(&[cmd("", "", "")], "linux", "amd64", &[], &env),
            Err(PrepareError)
        );
    }
}
