//! Random charts in Bitnami's format: nested values of every kind (strings with `|`,
//! backticks, line breaks and wide characters, empty strings, nulls, numbers in YAML's
//! forms, booleans, lists of strings and of maps, empty collections, keys with dots), each
//! documented with `@param`, `@skip`, `@extra` and every modifier, in sections with
//! descriptions, now and then wrongly (undocumented keys, unknown keys, unknown modifiers).

/// A small seeded generator (xorshift64*), so a failing case can be replayed by its seed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// The names a config gives the comment prefix, tags and modifiers.
pub struct Words {
    pub prefix: &'static str,
    pub param: &'static str,
    pub section: &'static str,
    pub start: &'static str,
    pub end: &'static str,
    pub skip: &'static str,
    pub extra: &'static str,
    pub array: &'static str,
    pub object: &'static str,
    pub string: &'static str,
    pub nullable: &'static str,
    pub default: &'static str,
    pub title: &'static str,
}

pub const DEFAULT_WORDS: Words = Words {
    prefix: "##",
    param: "@param",
    section: "@section",
    start: "@descriptionStart",
    end: "@descriptionEnd",
    skip: "@skip",
    extra: "@extra",
    array: "array",
    object: "object",
    string: "string",
    nullable: "nullable",
    default: "default",
    title: "Parameters",
};

/// A config of its own, written to config.json by [`config_json`].
pub const CUSTOM_WORDS: Words = Words {
    prefix: "#%",
    param: "@value",
    section: "@group",
    start: "@textStart",
    end: "@textEnd",
    skip: "@ignore",
    extra: "@more",
    array: "list",
    object: "map",
    string: "text",
    nullable: "maybe",
    default: "fallback",
    title: "Values",
};

pub fn config_json(w: &Words) -> String {
    format!(
        r#"{{"comments": {{"format": "{}"}}, "tags": {{"param": "{}", "section": "{}", "descriptionStart": "{}", "descriptionEnd": "{}", "skip": "{}", "extra": "{}"}}, "modifiers": {{"array": "{}", "object": "{}", "string": "{}", "nullable": "{}", "default": "{}"}}, "regexp": {{"paramsSectionTitle": "{}"}}}}"#,
        w.prefix,
        w.param,
        w.section,
        w.start,
        w.end,
        w.skip,
        w.extra,
        w.array,
        w.object,
        w.string,
        w.nullable,
        w.default,
        w.title
    )
}

enum Value {
    Scalar(String),
    Null,
    Map(Vec<(String, Value)>),
    List(Vec<Value>),
}

const KEYS: &[&str] = &[
    "image",
    "tag",
    "replicaCount",
    "a",
    "b-c",
    "d_e",
    "Key1",
    "z",
    "enabled",
    "port",
    "name",
    "resources",
    "limits",
    "annotations",
    "env",
    "7",
    "10",
];

fn scalar(rng: &mut Rng) -> Value {
    let text = match rng.below(16) {
        0 => rng
            .pick(&[
                "017",
                "0x1F",
                "0o17",
                "1.5e3",
                "1e21",
                "-0.0",
                ".5",
                "12345678901234567890",
                "3.0",
                "1e-7",
            ])
            .to_string(),
        1 => rng.pick(&["true", "False", "yes", "off"]).to_string(),
        2 => rng.pick(&["\"\"", "''"]).to_string(),
        3 => "\"a | b\"".into(),
        4 => "\"`code` here\"".into(),
        5 => "\"line1\\nline2\"".into(),
        6 => "|\n  literal\n  block".into(),
        7 => "\"caf\u{e9} \u{1F600}\"".into(),
        8 => "\"quote \\\" and \\\\ back\"".into(),
        9 => rng.pick(&["0", "42", "-7", "3.14"]).to_string(),
        10 => "\"tab\\there\"".into(),
        _ => rng
            .pick(&[
                "nginx",
                "latest",
                "IfNotPresent",
                "x y",
                "docker.io/bitnami",
            ])
            .to_string(),
    };
    Value::Scalar(text)
}

fn value(rng: &mut Rng, depth: usize) -> Value {
    match rng.below(if depth > 2 { 6 } else { 10 }) {
        0 => Value::Null,
        1 => Value::List(Vec::new()),
        2 => Value::Map(Vec::new()),
        3 => Value::List(
            (0..1 + rng.below(3))
                .map(|_| Value::Scalar(format!("s{}", rng.below(9))))
                .collect(),
        ),
        6 | 7 => map(rng, depth + 1),
        8 => Value::List((0..1 + rng.below(2)).map(|_| map(rng, depth + 1)).collect()),
        9 => Value::List(vec![scalar(rng), scalar(rng)]),
        _ => scalar(rng),
    }
}

fn map(rng: &mut Rng, depth: usize) -> Value {
    let mut entries: Vec<(String, Value)> = Vec::new();
    for _ in 0..1 + rng.below(4) {
        let key = match rng.chance(5) {
            true => "x.io/y".to_string(),
            false => rng.pick(KEYS).to_string(),
        };
        if entries.iter().all(|(k, _)| *k != key) {
            let v = value(rng, depth);
            entries.push((key, v));
        }
    }
    Value::Map(entries)
}

fn write_yaml(v: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match v {
        Value::Map(entries) => {
            for (k, v) in entries {
                let key = if k.contains('.') || k.parse::<u32>().is_ok() {
                    format!("\"{k}\"")
                } else {
                    k.clone()
                };
                out.push_str(&format!("{pad}{key}:"));
                write_item(v, indent, out);
            }
        }
        Value::List(items) => {
            for item in items {
                out.push_str(&format!("{pad}-"));
                match item {
                    Value::Map(_) => {
                        let mut inner = String::new();
                        write_yaml(item, indent + 2, &mut inner);
                        out.push(' ');
                        out.push_str(inner.trim_start());
                    }
                    _ => write_item(item, indent, out),
                }
            }
        }
        _ => write_item(v, indent, out),
    }
}

/// What follows `key:` or `-`.
fn write_item(v: &Value, indent: usize, out: &mut String) {
    match v {
        Value::Null => out.push_str(" null\n"),
        Value::Scalar(s) if s.starts_with('|') => {
            let pad = " ".repeat(indent);
            out.push_str(&format!(" {}\n", s.replace('\n', &format!("\n{pad}"))));
        }
        Value::Scalar(s) => out.push_str(&format!(" {s}\n")),
        Value::Map(e) if e.is_empty() => out.push_str(" {}\n"),
        Value::List(i) if i.is_empty() => out.push_str(" []\n"),
        _ => {
            out.push('\n');
            write_yaml(v, indent + 2, out);
        }
    }
}

const WORDS: &[&str] = &[
    "Image tag",
    "pipe | inside",
    "`backticks`",
    "caf\u{e9}",
    "\u{1F600} wide",
    "plain",
    "",
    "trailing space ",
    "multiple   spaces",
    "a\\b",
];

struct Doc<'w> {
    w: &'w Words,
    lines: Vec<String>,
}

impl Doc<'_> {
    fn param(&mut self, rng: &mut Rng, path: &str, modifiers: &[&str]) {
        let mods = match modifiers.is_empty() {
            true => String::new(),
            false => format!(" [{}]", modifiers.join(", ")),
        };
        let description = rng.pick(WORDS);
        self.lines.push(format!(
            "{} {} {path}{mods} {description}",
            self.w.prefix, self.w.param
        ));
    }

    /// Documents `v` at `path`, as a careful maintainer would, with every form in turn.
    fn document(&mut self, rng: &mut Rng, path: &str, v: &Value) {
        let w = self.w;
        match v {
            Value::Map(entries) if !entries.is_empty() => {
                if rng.chance(8) {
                    self.lines.push(format!("{} {} {path}", w.prefix, w.skip));
                } else if rng.chance(8) {
                    self.param(rng, path, &[w.object]);
                } else {
                    for (k, v) in entries {
                        self.document(rng, &format!("{path}.{k}"), v);
                    }
                }
            }
            Value::List(items)
                if items
                    .iter()
                    .any(|i| !matches!(i, Value::Scalar(s) if s.starts_with('s')))
                    && !items.is_empty() =>
            {
                if rng.chance(20) {
                    self.param(rng, path, &[w.array]);
                    return;
                }
                for (i, item) in items.iter().enumerate() {
                    self.document(rng, &format!("{path}[{i}]"), item);
                }
            }
            Value::Null => match rng.below(4) {
                0 => self.param(rng, path, &[]),
                1 => self.param(rng, path, &[w.string, w.nullable]),
                _ => self.param(rng, path, &[w.nullable]),
            },
            _ => {
                let default = format!("{}: x y", w.default);
                let nothing: &[&str] = &[];
                let choices: [&[&str]; 8] = [
                    nothing,
                    nothing,
                    nothing,
                    &[w.string],
                    &[default.as_str()],
                    &[w.array, w.nullable],
                    &[default.as_str(), w.nullable],
                    &[w.nullable],
                ];
                let modifiers = choices[rng.below(choices.len())];
                self.param(rng, path, modifiers);
            }
        }
    }
}

/// A values file and a README for `seed`, in the config's words.
pub fn chart(seed: u64, w: &Words) -> (String, String) {
    let mut rng = Rng::new(seed);
    let Value::Map(top) = map(&mut rng, 0) else {
        unreachable!()
    };
    let mut out = String::new();
    let sections = 1 + rng.below(3);
    let mut doc = Doc {
        w,
        lines: Vec::new(),
    };
    for (i, (key, v)) in top.iter().enumerate() {
        if i == 0 || (i * sections / top.len().max(1)) != ((i - 1) * sections / top.len().max(1)) {
            out.push_str(&format!(
                "{} {} Section {i} | {}\n",
                w.prefix,
                w.section,
                rng.pick(WORDS)
            ));
            if rng.chance(40) {
                out.push_str(&format!(
                    "{} {} {}\n{} more text\n{}\n{} {}\n",
                    w.prefix,
                    w.start,
                    rng.pick(WORDS),
                    w.prefix,
                    w.prefix,
                    w.prefix,
                    w.end
                ));
            }
        }
        doc.lines.clear();
        doc.document(&mut rng, key, v);
        if rng.chance(4) && !doc.lines.is_empty() {
            let at = rng.below(doc.lines.len());
            doc.lines.remove(at);
        }
        if rng.chance(4) {
            doc.lines
                .push(format!("{} {} missing.{key} nowhere", w.prefix, w.param));
        }
        if rng.chance(3) {
            doc.lines.push(format!(
                "{} {} {key}.odd [bogus] unknown modifier",
                w.prefix, w.param
            ));
        }
        if rng.chance(10) {
            doc.lines.push(format!(
                "{} {} extra.{key} [array] documented elsewhere",
                w.prefix, w.extra
            ));
        }
        for line in &doc.lines {
            out.push_str(line);
            out.push('\n');
        }
        let mut one = String::new();
        write_yaml(
            &Value::Map(vec![(key.clone(), clone_value(v))]),
            0,
            &mut one,
        );
        out.push_str(&one);
        out.push('\n');
    }
    (out, readme(&mut rng, w))
}

fn clone_value(v: &Value) -> Value {
    match v {
        Value::Scalar(s) => Value::Scalar(s.clone()),
        Value::Null => Value::Null,
        Value::Map(e) => Value::Map(e.iter().map(|(k, v)| (k.clone(), clone_value(v))).collect()),
        Value::List(i) => Value::List(i.iter().map(clone_value).collect()),
    }
}

/// A README whose parameters section is empty, holds an old table, has text below its
/// tables, is the last section, sits at level three, or uses CRLF line breaks.
fn readme(rng: &mut Rng, w: &Words) -> String {
    let title = w.title;
    let text = match rng.below(6) {
        0 => format!("# Chart\n\n## {title}\n\n## License\n\nApache\n"),
        1 => format!("# Chart\n\n## {title}\n\n### Old\n\n| Name | Description | Value |\n| --- | --- | --- |\n| `a` | old | `1` |\n\nNote below the table.\n\n## License\n"),
        2 => format!("# Chart\n\nIntro\n\n## {title}\n\nSee below.\n\n| a | b |\n|---|---|\n"),
        3 => format!("# Chart\n\n### {title}\n\ntext\n\n### Next\n"),
        4 => format!("# Chart\r\n\r\n## {title}\r\n\r\n| x |\r\n\r\n## Upgrading\r\n"),
        _ => format!("## {title}\n"),
    };
    text
}
