//! yamllint configuration files (`rules:` with `enable`, `disable` or a mapping of options and
//! `level`), checked as yamllint checks them and with its messages. chart-testing's default
//! `lintconf.yaml` is [`Config::chart_testing`].

use rudder_gotmpl::Value;

/// A finding's level.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    Warning,
    Error,
}

impl Level {
    pub fn name(self) -> &'static str {
        match self {
            Level::Warning => "warning",
            Level::Error => "error",
        }
    }
}

/// An option's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Opt {
    Int(i64),
    Bool(bool),
    Str(String),
    List(Vec<String>),
}

/// What an option accepts, and how yamllint names that in its error.
#[derive(Debug, Clone, Copy)]
pub enum Accepts {
    Int,
    Bool,
    /// A boolean or one of the words.
    BoolOr(&'static [&'static str]),
    /// An integer or one of the words.
    IntOr(&'static [&'static str]),
    /// One of the words.
    Word(&'static [&'static str]),
    /// A list of the words.
    ListOf(&'static [&'static str]),
}

/// An option of a rule: its name, what it accepts, its default.
pub type OptionSpec = (&'static str, Accepts, fn() -> Opt);

/// A rule yamllint has: its id, its options with their defaults, and whether rudder runs it.
pub struct RuleSpec {
    pub id: &'static str,
    pub options: &'static [OptionSpec],
    pub implemented: bool,
}

/// A rule as configured: its id, level and every option (defaults filled in).
#[derive(Debug, Clone, PartialEq)]
pub struct RuleConf {
    pub id: &'static str,
    pub level: Level,
    options: Vec<(&'static str, Opt)>,
}

impl RuleConf {
    fn get(&self, name: &str) -> Option<&Opt> {
        self.options
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v)
    }

    pub fn int(&self, name: &str) -> i64 {
        match self.get(name) {
            Some(Opt::Int(n)) => *n,
            Some(Opt::Bool(b)) => i64::from(*b),
            _ => -1,
        }
    }

    pub fn bool(&self, name: &str) -> bool {
        matches!(self.get(name), Some(Opt::Bool(true)))
    }

    /// The option when it is one of the words (not a boolean or a number).
    pub fn word(&self, name: &str) -> Option<&str> {
        match self.get(name) {
            Some(Opt::Str(s)) => Some(s),
            _ => None,
        }
    }

    pub fn opt(&self, name: &str) -> Option<&Opt> {
        self.get(name)
    }

    pub fn list(&self, name: &str) -> Vec<String> {
        match self.get(name) {
            Some(Opt::List(items)) => items.clone(),
            _ => Vec::new(),
        }
    }
}

/// The enabled rules, in the order the file lists them (the order yamllint reports in).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Config {
    pub rules: Vec<RuleConf>,
}

const TRUTHY_1_1: &[&str] = &[
    "YES", "Yes", "yes", "NO", "No", "no", "TRUE", "True", "true", "FALSE", "False", "false", "ON",
    "On", "on", "OFF", "Off", "off",
];

const SPACES_INSIDE: &[OptionSpec] = &[
    ("forbid", Accepts::BoolOr(&["non-empty"]), || {
        Opt::Bool(false)
    }),
    ("min-spaces-inside", Accepts::Int, || Opt::Int(0)),
    ("max-spaces-inside", Accepts::Int, || Opt::Int(0)),
    ("min-spaces-inside-empty", Accepts::Int, || Opt::Int(-1)),
    ("max-spaces-inside-empty", Accepts::Int, || Opt::Int(-1)),
];

/// Every yamllint 1.38 rule. Those rudder does not run may only be disabled.
pub const RULES: &[RuleSpec] = &[
    RuleSpec {
        id: "anchors",
        options: &[],
        implemented: false,
    },
    RuleSpec {
        id: "braces",
        options: SPACES_INSIDE,
        implemented: true,
    },
    RuleSpec {
        id: "brackets",
        options: SPACES_INSIDE,
        implemented: true,
    },
    RuleSpec {
        id: "colons",
        options: &[
            ("max-spaces-before", Accepts::Int, || Opt::Int(0)),
            ("max-spaces-after", Accepts::Int, || Opt::Int(1)),
        ],
        implemented: true,
    },
    RuleSpec {
        id: "commas",
        options: &[
            ("max-spaces-before", Accepts::Int, || Opt::Int(0)),
            ("min-spaces-after", Accepts::Int, || Opt::Int(1)),
            ("max-spaces-after", Accepts::Int, || Opt::Int(1)),
        ],
        implemented: true,
    },
    RuleSpec {
        id: "comments",
        options: &[
            ("require-starting-space", Accepts::Bool, || Opt::Bool(true)),
            ("ignore-shebangs", Accepts::Bool, || Opt::Bool(true)),
            ("min-spaces-from-content", Accepts::Int, || Opt::Int(2)),
        ],
        implemented: true,
    },
    RuleSpec {
        id: "comments-indentation",
        options: &[],
        implemented: false,
    },
    RuleSpec {
        id: "document-end",
        options: &[("present", Accepts::Bool, || Opt::Bool(true))],
        implemented: true,
    },
    RuleSpec {
        id: "document-start",
        options: &[("present", Accepts::Bool, || Opt::Bool(true))],
        implemented: true,
    },
    RuleSpec {
        id: "empty-lines",
        options: &[
            ("max", Accepts::Int, || Opt::Int(2)),
            ("max-start", Accepts::Int, || Opt::Int(0)),
            ("max-end", Accepts::Int, || Opt::Int(0)),
        ],
        implemented: true,
    },
    RuleSpec {
        id: "empty-values",
        options: &[],
        implemented: false,
    },
    RuleSpec {
        id: "float-values",
        options: &[],
        implemented: false,
    },
    RuleSpec {
        id: "hyphens",
        options: &[("max-spaces-after", Accepts::Int, || Opt::Int(1))],
        implemented: true,
    },
    RuleSpec {
        id: "indentation",
        options: &[
            ("spaces", Accepts::IntOr(&["consistent"]), || {
                Opt::Str("consistent".into())
            }),
            (
                "indent-sequences",
                Accepts::BoolOr(&["whatever", "consistent"]),
                || Opt::Bool(true),
            ),
            ("check-multi-line-strings", Accepts::Bool, || {
                Opt::Bool(false)
            }),
        ],
        implemented: true,
    },
    RuleSpec {
        id: "key-duplicates",
        options: &[("forbid-duplicated-merge-keys", Accepts::Bool, || {
            Opt::Bool(false)
        })],
        implemented: true,
    },
    RuleSpec {
        id: "key-ordering",
        options: &[],
        implemented: false,
    },
    RuleSpec {
        id: "line-length",
        options: &[
            ("max", Accepts::Int, || Opt::Int(80)),
            ("allow-non-breakable-words", Accepts::Bool, || {
                Opt::Bool(true)
            }),
            ("allow-non-breakable-inline-mappings", Accepts::Bool, || {
                Opt::Bool(false)
            }),
        ],
        implemented: true,
    },
    RuleSpec {
        id: "new-line-at-end-of-file",
        options: &[],
        implemented: true,
    },
    RuleSpec {
        id: "new-lines",
        options: &[("type", Accepts::Word(&["unix", "dos", "platform"]), || {
            Opt::Str("unix".into())
        })],
        implemented: true,
    },
    RuleSpec {
        id: "octal-values",
        options: &[],
        implemented: false,
    },
    RuleSpec {
        id: "quoted-strings",
        options: &[],
        implemented: false,
    },
    RuleSpec {
        id: "trailing-spaces",
        options: &[],
        implemented: true,
    },
    RuleSpec {
        id: "truthy",
        options: &[
            ("allowed-values", Accepts::ListOf(TRUTHY_1_1), || {
                Opt::List(vec!["true".into(), "false".into()])
            }),
            ("check-keys", Accepts::Bool, || Opt::Bool(true)),
        ],
        implemented: true,
    },
];

/// chart-testing's `etc/lintconf.yaml` (its rules and options, as rudder's data).
pub const CHART_TESTING: &str = "rules:
  braces: {min-spaces-inside: 0, max-spaces-inside: 0, min-spaces-inside-empty: -1, max-spaces-inside-empty: -1}
  brackets: {min-spaces-inside: 0, max-spaces-inside: 0, min-spaces-inside-empty: -1, max-spaces-inside-empty: -1}
  colons: {max-spaces-before: 0, max-spaces-after: 1}
  commas: {max-spaces-before: 0, min-spaces-after: 1, max-spaces-after: 1}
  comments: {require-starting-space: true, min-spaces-from-content: 2}
  document-end: disable
  document-start: disable
  empty-lines: {max: 2, max-start: 0, max-end: 0}
  hyphens: {max-spaces-after: 1}
  indentation: {spaces: consistent, indent-sequences: whatever, check-multi-line-strings: false}
  key-duplicates: enable
  line-length: disable
  new-line-at-end-of-file: enable
  new-lines: {type: unix}
  trailing-spaces: enable
  truthy: {level: warning}
";

impl Config {
    /// chart-testing's default `lintconf.yaml`.
    pub fn chart_testing() -> Config {
        Config::parse(CHART_TESTING).unwrap_or_default()
    }

    /// Reads a yamllint configuration file's text; errors in yamllint's words.
    pub fn parse(text: &str) -> Result<Config, String> {
        let doc = rudder_yaml::parse_document(text).map_err(|e| format!("invalid config: {e}"))?;
        let Some(map) = doc.as_map() else {
            return Err("invalid config: not a mapping".into());
        };
        let map = map.borrow();
        for key in map.keys() {
            match key.as_str() {
                "rules" | "yaml-files" | "locale" => {}
                other => {
                    return Err(format!(
                        "invalid config: rudder does not read yamllint's {other:?} setting"
                    ))
                }
            }
        }
        let mut config = Config::default();
        let rules = match map.get("rules") {
            None | Some(Value::Nil) => return Ok(config),
            Some(rules) => rules.clone(),
        };
        let Some(rules) = rules.as_map() else {
            return Err("invalid config: rules should be a mapping".into());
        };
        for (id, conf) in rules.borrow().iter() {
            let Some(spec) = RULES.iter().find(|r| r.id == id) else {
                return Err(format!("invalid config: no such rule: \"{id}\""));
            };
            if let Some(rule) = rule_conf(spec, conf)? {
                config.rules.push(rule);
            }
        }
        // The values read above are sorted; yamllint runs the rules in the file's order.
        let keys = key_order(text);
        config
            .rules
            .sort_by_key(|r| keys.iter().position(|k| k == r.id));
        Ok(config)
    }

    pub fn rule(&self, id: &str) -> Option<&RuleConf> {
        self.rules.iter().find(|r| r.id == id)
    }
}

/// The mapping keys of a YAML text (plain or quoted), in the order they are written.
fn key_order(text: &str) -> Vec<String> {
    let buffer: Vec<char> = text.chars().chain(['\0']).collect();
    let tokens = super::scanner::scan(&buffer).tokens;
    tokens
        .windows(2)
        .filter(|pair| pair[0].kind == super::scanner::Kind::Key)
        .map(|pair| pair[1].value.clone())
        .collect()
}

/// yamllint's `validate_rule_conf`: `None` when the rule is disabled.
fn rule_conf(spec: &RuleSpec, conf: &Value) -> Result<Option<RuleConf>, String> {
    let id = spec.id;
    let entries: Vec<(String, Value)> = match conf {
        Value::Bool(false) => return Ok(None),
        Value::String(s) if &**s == "disable" => return Ok(None),
        Value::String(s) if &**s == "enable" => Vec::new(),
        Value::Map(map) => map
            .borrow()
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        _ => {
            return Err(format!(
            "invalid config: rule \"{id}\": should be either \"enable\", \"disable\" or a mapping"
        ))
        }
    };
    if !spec.implemented {
        return Err(format!(
            "invalid config: rudder does not implement the rule \"{id}\" (disable it)"
        ));
    }
    let mut rule = RuleConf {
        id,
        level: Level::Error,
        options: Vec::new(),
    };
    for (key, value) in &entries {
        if key == "level" {
            rule.level = match value.as_str() {
                Some("error") => Level::Error,
                Some("warning") => Level::Warning,
                _ => return Err("invalid config: level should be \"error\" or \"warning\"".into()),
            };
            continue;
        }
        if key == "ignore" || key == "ignore-from-file" {
            return Err(format!(
                "invalid config: rudder does not read yamllint's {key:?} setting (rule \"{id}\")"
            ));
        }
        let Some((name, accepts, _)) = spec.options.iter().find(|(n, _, _)| n == key) else {
            return Err(format!(
                "invalid config: unknown option \"{key}\" for rule \"{id}\""
            ));
        };
        rule.options
            .push((name, option(id, name, *accepts, value)?));
    }
    for (name, _, default) in spec.options {
        if rule.get(name).is_none() {
            rule.options.push((name, default()));
        }
    }
    Ok(Some(rule))
}

/// An option's value checked against what it accepts.
fn option(rule: &str, name: &str, accepts: Accepts, value: &Value) -> Result<Opt, String> {
    let number = match value {
        Value::Float(f) if f.fract() == 0.0 => Some(*f as i64),
        Value::Int(n) | Value::Int64(n) => Some(*n),
        Value::Bool(b) => Some(i64::from(*b)),
        _ => None,
    };
    let word = value.as_str();
    let python_words = |words: &[&str]| {
        words
            .iter()
            .map(|w| format!("'{w}'"))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let ok = match accepts {
        Accepts::Int => number.map(Opt::Int),
        Accepts::Bool => match value {
            Value::Bool(b) => Some(Opt::Bool(*b)),
            _ => None,
        },
        Accepts::BoolOr(words) => match value {
            Value::Bool(b) => Some(Opt::Bool(*b)),
            _ => word
                .filter(|w| words.contains(w))
                .map(|w| Opt::Str(w.into())),
        },
        Accepts::IntOr(words) => match (value, number) {
            (Value::Bool(_), _) => None,
            (_, Some(n)) => Some(Opt::Int(n)),
            _ => word
                .filter(|w| words.contains(w))
                .map(|w| Opt::Str(w.into())),
        },
        Accepts::Word(words) => word
            .filter(|w| words.contains(w))
            .map(|w| Opt::Str(w.into())),
        Accepts::ListOf(words) => value.as_list().and_then(|items| {
            items
                .items
                .iter()
                .map(|item| {
                    item.as_str()
                        .filter(|w| words.contains(w))
                        .map(str::to_string)
                })
                .collect::<Option<Vec<_>>>()
                .map(Opt::List)
        }),
    };
    ok.ok_or_else(|| match accepts {
        Accepts::Int => format!("invalid config: option \"{name}\" of \"{rule}\" should be int"),
        Accepts::Bool => format!("invalid config: option \"{name}\" of \"{rule}\" should be bool"),
        Accepts::BoolOr(words) => format!(
            "invalid config: option \"{name}\" of \"{rule}\" should be in (<class 'bool'>, {})",
            python_words(words)
        ),
        Accepts::IntOr(words) => format!(
            "invalid config: option \"{name}\" of \"{rule}\" should be in (<class 'int'>, {})",
            python_words(words)
        ),
        Accepts::Word(words) => format!(
            "invalid config: option \"{name}\" of \"{rule}\" should be in ({})",
            python_words(words)
        ),
        Accepts::ListOf(words) => format!(
            "invalid config: option \"{name}\" of \"{rule}\" should only contain values in [{}]",
            python_words(words)
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chart_testings_config() {
        let config = Config::chart_testing();
        let ids: Vec<&str> = config.rules.iter().map(|r| r.id).collect();
        assert_eq!(
            ids,
            [
                "braces",
                "brackets",
                "colons",
                "commas",
                "comments",
                "empty-lines",
                "hyphens",
                "indentation",
                "key-duplicates",
                "new-line-at-end-of-file",
                "new-lines",
                "trailing-spaces",
                "truthy"
            ]
        );
        let truthy = config.rule("truthy").unwrap();
        assert_eq!(truthy.level, Level::Warning);
        assert_eq!(truthy.list("allowed-values"), ["true", "false"]);
        let indentation = config.rule("indentation").unwrap();
        assert_eq!(indentation.word("spaces"), Some("consistent"));
        assert_eq!(indentation.word("indent-sequences"), Some("whatever"));
        assert!(config.rule("comments").unwrap().bool("ignore-shebangs"));
        let ordered = Config::parse("rules: {truthy: enable, braces: enable}\n").unwrap();
        assert_eq!(ordered.rules[0].id, "truthy");
    }

    #[test]
    fn errors_in_yamllints_words() {
        let error = |text: &str| Config::parse(text).unwrap_err();
        assert_eq!(
            error("rules: {nope: enable}\n"),
            "invalid config: no such rule: \"nope\""
        );
        assert_eq!(
            error("rules: {colons: {max: 1}}\n"),
            "invalid config: unknown option \"max\" for rule \"colons\""
        );
        assert_eq!(
            error("rules: {empty-lines: {max: x}}\n"),
            "invalid config: option \"max\" of \"empty-lines\" should be int"
        );
        assert_eq!(
            error("rules: {indentation: {spaces: some}}\n"),
            "invalid config: option \"spaces\" of \"indentation\" should be in (<class 'int'>, 'consistent')"
        );
        assert_eq!(
            error("rules: {truthy: {level: loud}}\n"),
            "invalid config: level should be \"error\" or \"warning\""
        );
        assert_eq!(error("- a\n"), "invalid config: not a mapping");
        assert!(error("rules: {key-ordering: enable}\n").contains("does not implement"));
        assert!(Config::parse("rules: {key-ordering: disable}\n")
            .unwrap()
            .rules
            .is_empty());
    }
}
