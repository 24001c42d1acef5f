//! `--post-render`: random YAML manifests full of comments, sent through helm's post-renderer
//! with a plugin that only copies, so what comes back is kyaml's reading and writing alone.
//! Layouts are drawn to reach yaml.v3's comment rules: head, line and foot comments at the
//! entry's indentation, deeper and shallower, after keys, dashes, flow brackets and block
//! scalar headers, around blank lines, separators and document ends, and around the
//! `metadata.annotations` kyaml adds and removes. Some manifests are a resource whose path
//! annotation names a `.json` file, which kyaml writes as JSON: values of every kind yaml.v3
//! decodes and encoding/json encodes (or refuses).

use std::path::Path;

use anyhow::Result;

use super::gen::Random;

/// The plugin that copies its input.
pub const PLUGIN: &str = "apiVersion: v1\nname: copy\ntype: postrenderer/v1\nruntime: subprocess\nversion: 0.1.0\nruntimeConfig:\n  platformCommand:\n  - command: cat\n";

pub const ARGS: &[&str] = &["template", "t", "--post-renderer", "copy"];

const COMMENTS: &[&str] = &[
    "# c",
    "#c",
    "#",
    "# two  words",
    "# x: y",
    "#- z",
    "# trailing  ",
    "# é ✓",
    "#\t- tab",
];
const SCALARS: &[&str] = &[
    "v",
    "1",
    "true",
    "~",
    "\"q\"",
    "'s'",
    "a b",
    "x#y",
    "''",
    "\"\"",
    "-1.5",
    "null",
    "a:b",
    "é",
    "\"multi\n  line\"",
];
/// Annotations kyaml and helm read, set or clear.
const ANNOTATIONS: &[&str] = &[
    "x",
    "config.kubernetes.io/index",
    "internal.config.kubernetes.io/index",
    "config.kubernetes.io/path",
    "internal.config.kubernetes.io/seqindent",
    "config.k8s.io/id",
    "postrenderer.helm.sh/postrender-filename",
];
const KEYS: &[&str] = &[
    "a",
    "b",
    "name",
    "k1",
    "\"q k\"",
    "spec",
    "items",
    // Longer than the 128 characters of a simple key yaml.v3 writes.
    "\"a long key, a long key, a long key, a long key, a long key, a long key, a long key, a long key, a long key, a long key, a long key\"",
];

/// Scalars as yaml.v3 decodes them into Go values and encoding/json writes them: integers at
/// the limits of int64 and uint64, floats at the edges of Go's `e` format, what cannot be
/// encoded, strings to escape, YAML 1.1 forms that v3 reads as strings, timestamps valid and
/// not, tags and `!!binary`.
const JSON_SCALARS: &[&str] = &[
    "0",
    "-0",
    "7",
    "-12",
    "+3",
    "0x1F",
    "0o17",
    "0777",
    "1_000",
    "09",
    "9223372036854775807",
    "-9223372036854775808",
    "9223372036854775808",
    "18446744073709551615",
    "18446744073709551616",
    "-9223372036854775809",
    "1.5",
    "1.0",
    "-0.0",
    ".5",
    "1e3",
    "1e20",
    "1e21",
    "1e-6",
    "1e-7",
    "5e-324",
    "1e400",
    "123456789.123456789",
    "+.5e2",
    "12e03",
    "true",
    "False",
    "yes",
    "on",
    "n",
    "~",
    "null",
    "",
    "x",
    "'1'",
    "\"true\"",
    "'~'",
    "\"<a&b>\"",
    "\"\\u2028\\u2029\"",
    "\"tab\\tq\\\"\"",
    "\"\\x01\\e\"",
    "é ✓",
    "'it''s'",
    "a b",
    "2001-12-14",
    "2001-12-14t21:59:43.10-05:00",
    "2001-12-14 21:59:43.10",
    "2002-1-2T3:4:5Z",
    "2024-02-30",
    "2001-12-14T21:59:43,5Z",
    "2001-12-14T21:59:43+05:60",
    "!!str 12",
    "!!float 1",
    "!!int \"12\"",
    "!custom x",
    "!!binary aGVsbG8gPHg+",
    "!!binary /w==",
    "!!null ''",
    "!!timestamp 2001-01-01",
];
/// Scalars encoding/json or yaml.v3 refuse, drawn rarely so most manifests encode.
const JSON_FAILING: &[&str] = &[
    ".inf",
    "-.Inf",
    ".NaN",
    "!!int x",
    "!!binary 'a b'",
    "2001-12-14T21:59:43+24:00",
];
/// Keys of nested mappings: strings, and (rarely) others, which make a
/// `map[interface{}]interface{}`.
const JSON_KEYS: &[&str] = &[
    "a", "b", "Z", "é", "\"\"", "'1'", "\"<k>\"", "'10'", "\"9\"",
];
const JSON_ODD_KEYS: &[&str] = &["1", "true", "~", "1.5", "!k x", "2001-01-01"];
const JSON_PATHS: &[&str] = &[
    "x.json",
    "a/b/x.json",
    "x.json/",
    ".json",
    "'x.yaml.json'",
    "x.JSON",
    "x.yaml",
];

struct Writer<'r> {
    r: &'r mut Random,
    out: String,
    anchors: usize,
}

impl Writer<'_> {
    fn chance(&mut self, percent: usize) -> bool {
        self.r.below(100) < percent
    }

    fn comment(&mut self) -> &'static str {
        self.r.pick(COMMENTS)
    }

    fn line(&mut self, indent: usize, text: &str) {
        self.out.push_str(&" ".repeat(indent));
        self.out.push_str(text);
        self.out.push('\n');
    }

    /// Blank lines and comment lines around an entry at `indent`, at that indentation or
    /// others.
    fn comments_around(&mut self, indent: usize) {
        if self.chance(20) {
            self.out.push('\n');
        }
        if !self.chance(35) {
            return;
        }
        for _ in 0..=self.r.below(3) {
            let at = match self.r.below(6) {
                0 => indent + 2,
                1 => indent.saturating_sub(2),
                2 => indent + 1,
                3 => 0,
                _ => indent,
            };
            let comment = self.comment();
            self.line(at, comment);
            if self.chance(15) {
                self.out.push('\n');
            }
        }
    }

    /// ` # comment` at the end of a line, sometimes.
    fn trailing(&mut self) -> String {
        match self.r.below(200) {
            0..=59 => format!(" {}", self.comment()),
            60..=68 => format!("   {}", self.comment()),
            69..=71 => format!("\t{}", self.comment()),
            // Past the 512 characters yaml.v3 looks ahead for a comment.
            72 => format!("{}{}", " ".repeat(520), self.comment()),
            _ => String::new(),
        }
    }

    fn scalar(&mut self) -> String {
        let mut value = self.r.pick(SCALARS).to_string();
        if self.chance(8) {
            self.anchors += 1;
            value = format!("&a{} {value}", self.anchors);
        } else if self.anchors > 0 && self.chance(5) {
            value = format!("*a{}", 1 + self.r.below(self.anchors));
        } else if self.chance(4) {
            value = format!("!!str {value}");
        }
        value
    }

    fn flow(&mut self, indent: usize) -> String {
        let multiline = self.chance(30);
        let (open, close) = if self.chance(50) {
            ("[", "]")
        } else {
            ("{", "}")
        };
        let items: Vec<String> = (0..self.r.below(4))
            .map(|i| match open {
                "[" => self.r.pick(&["a", "1", "'x'", "[b]"]).to_string(),
                _ => format!("k{i}: {}", self.r.pick(&["a", "1", "{}"])),
            })
            .collect();
        if !multiline {
            return format!("{open}{}{close}", items.join(", "));
        }
        let mut text = format!("{open}{}\n", self.trailing());
        for item in &items {
            let trailing = self.trailing();
            text.push_str(&format!("{}{item},{trailing}\n", " ".repeat(indent + 2)));
            if self.chance(20) {
                let comment = self.comment();
                text.push_str(&format!("{}{comment}\n", " ".repeat(indent + 2)));
            }
        }
        text.push_str(&format!("{}{close}", " ".repeat(indent)));
        text
    }

    /// The value after `key:` (or after `- `), ending its last line.
    fn value(&mut self, indent: usize, depth: usize) {
        let choice = if depth > 3 {
            self.r.below(4)
        } else {
            self.r.below(11)
        };
        match choice {
            9 => {
                // A scalar on the next line, after comments.
                let trailing = self.trailing();
                self.out.push_str(&format!("{trailing}\n"));
                self.comments_around(indent + 2);
                let scalar = self.scalar();
                let trailing = self.trailing();
                self.line(indent + 2, &format!("{scalar}{trailing}"));
            }
            10 => {
                // An anchored collection, or an alias.
                if self.anchors > 0 && self.chance(50) {
                    let (n, trailing) = (1 + self.r.below(self.anchors), self.trailing());
                    self.out.push_str(&format!(" *a{n}{trailing}\n"));
                } else {
                    let (n, trailing) = (self.anchors + 1, self.trailing());
                    let tag = self.r.pick(&["", "", " !!map", " !custom"]);
                    self.out.push_str(&format!(" &a{n}{tag}{trailing}\n"));
                    self.mapping(indent + 2, depth + 1);
                    // Defined once complete: an alias inside would make it contain itself.
                    self.anchors = n;
                }
            }
            0 | 1 => {
                let (scalar, trailing) = (self.scalar(), self.trailing());
                self.out.push_str(&format!(" {scalar}{trailing}\n"));
                if trailing.is_empty()
                    && self.chance(5)
                    && !scalar.starts_with(['&', '*', '!', '"', '\''])
                {
                    // A plain scalar continued on the next line.
                    self.line(indent + 2, "continued");
                }
            }
            2 => {
                let (flow, trailing) = (self.flow(indent), self.trailing());
                self.out.push_str(&format!(" {flow}{trailing}\n"));
            }
            3 => {
                let header = self.r.pick(&["|", ">", "|-", "|+", ">-", "|2", ">+"]);
                let trailing = self.trailing();
                self.out.push_str(&format!(" {header}{trailing}\n"));
                for _ in 0..=self.r.below(3) {
                    let text =
                        self.r
                            .pick(&["text", "more text", "# not a comment", "", "  indented"]);
                    self.line(indent + 2, text);
                }
                if self.chance(20) {
                    self.out.push('\n');
                }
            }
            4 => {
                // Nothing: a null, maybe with a comment.
                let trailing = self.trailing();
                self.out.push_str(&format!("{trailing}\n"));
            }
            5 | 6 => {
                let trailing = self.trailing();
                self.out.push_str(&format!("{trailing}\n"));
                self.comments_around(indent + 2);
                self.mapping(indent + 2, depth + 1);
            }
            _ => {
                let trailing = self.trailing();
                self.out.push_str(&format!("{trailing}\n"));
                self.comments_around(indent);
                let items = if self.chance(50) { indent } else { indent + 2 };
                self.sequence(items, depth + 1);
            }
        }
    }

    fn mapping(&mut self, indent: usize, depth: usize) {
        for i in 0..=self.r.below(3) {
            if i > 0 {
                self.comments_around(indent);
            }
            if self.chance(4) {
                // An explicit key.
                let (key, trailing) = (self.r.pick(KEYS), self.trailing());
                self.line(indent, &format!("? {key}{trailing}"));
                self.comments_around(indent);
                self.out.push_str(&format!("{}:", " ".repeat(indent)));
                self.value(indent, depth);
                continue;
            }
            let key = self.r.pick(KEYS);
            self.out.push_str(&format!("{}{key}:", " ".repeat(indent)));
            self.value(indent, depth);
        }
    }

    fn sequence(&mut self, indent: usize, depth: usize) {
        for i in 0..=self.r.below(3) {
            if i > 0 {
                self.comments_around(indent);
            }
            self.out.push_str(&format!("{}-", " ".repeat(indent)));
            match self.r.below(5) {
                0 => {
                    // A mapping starting on the dash's line.
                    let key = self.r.pick(KEYS);
                    self.out.push_str(&format!(" {key}:"));
                    self.value(indent + 2, depth + 1);
                    if self.chance(50) {
                        self.comments_around(indent + 2);
                        self.mapping(indent + 2, depth + 1);
                    }
                }
                1 => {
                    // The dash alone, maybe with a comment, the content below.
                    let trailing = self.trailing();
                    self.out.push_str(&format!("{trailing}\n"));
                    self.comments_around(indent + 2);
                    if self.chance(50) {
                        self.mapping(indent + 2, depth + 1);
                    } else {
                        let scalar = self.scalar();
                        self.line(indent + 2, &scalar);
                    }
                }
                2 if depth < 4 => {
                    self.out.push_str(" - x\n");
                    self.sequence(indent + 2, depth + 1);
                }
                _ => self.value(indent, depth),
            }
        }
    }

    /// A resource annotated with a path, most often a `.json` one, and values of every kind.
    fn json_resource(&mut self) {
        self.line(0, "kind: J");
        self.line(0, "metadata:");
        self.line(2, "annotations:");
        let path = self.r.pick(JSON_PATHS);
        let key = match self.r.below(4) {
            0 => "internal.config.kubernetes.io/path",
            _ => "config.kubernetes.io/path",
        };
        self.line(4, &format!("{key}: {path}"));
        for _ in 0..=self.r.below(4) {
            let key = self.json_key(0);
            self.out.push_str(&key);
            self.json_value(0, 0);
        }
    }

    /// A key at `depth` 0 (the resource's, read as strings whatever they are) or deeper.
    fn json_key(&mut self, depth: usize) -> String {
        let key = match self.chance(6) {
            true => self.r.pick(JSON_ODD_KEYS),
            false => self.r.pick(JSON_KEYS),
        };
        format!("{}{key}:", " ".repeat(depth * 2))
    }

    fn json_scalar(&mut self) -> String {
        let scalar = match self.chance(3) {
            true => self.r.pick(JSON_FAILING),
            false => self.r.pick(JSON_SCALARS),
        };
        if self.chance(10) {
            self.anchors += 1;
            return format!("&a{} {scalar}", self.anchors);
        }
        if self.anchors > 0 && self.chance(8) {
            return format!("*a{}", 1 + self.r.below(self.anchors));
        }
        scalar.to_string()
    }

    /// The value after a key at `depth`, ending its last line.
    fn json_value(&mut self, depth: usize, nesting: usize) {
        let indent = depth * 2;
        let choice = if nesting > 2 { 0 } else { self.r.below(8) };
        match choice {
            0..=2 => {
                let scalar = self.json_scalar();
                self.out.push_str(&format!(
                    " {scalar}
"
                ));
            }
            3 => {
                // A flow sequence of scalars.
                let items: Vec<String> = (0..self.r.below(4)).map(|_| self.json_scalar()).collect();
                self.out.push_str(&format!(
                    " [{}]
",
                    items.join(", ")
                ));
            }
            4 => {
                let header = self.r.pick(&["|", ">", "|-", "|+"]);
                self.out.push_str(&format!(
                    " {header}
"
                ));
                for _ in 0..=self.r.below(2) {
                    let text = self.r.pick(&["text <b>", "more", "", "  indented"]);
                    self.line(indent + 2, text);
                }
            }
            5 => {
                // A block sequence.
                self.out.push('\n');
                for _ in 0..=self.r.below(2) {
                    self.out.push_str(&format!("{}-", " ".repeat(indent + 2)));
                    self.json_value(depth + 1, nesting + 1);
                }
            }
            6 if self.anchors > 0 && self.chance(50) => {
                // A mapping merging an anchored one.
                let n = 1 + self.r.below(self.anchors);
                self.out.push('\n');
                self.line(indent + 2, &format!("<<: *a{n}"));
                let key = self.json_key(depth + 1);
                self.out.push_str(&key);
                self.json_value(depth + 1, nesting + 1);
            }
            _ => {
                // A block mapping, sometimes anchored.
                let anchor = match self.chance(30) {
                    true => format!(" &a{}", self.anchors + 1),
                    false => String::new(),
                };
                self.out.push_str(&format!("{anchor}\n"));
                for _ in 0..=self.r.below(2) {
                    let key = self.json_key(depth + 1);
                    self.out.push_str(&key);
                    self.json_value(depth + 1, nesting + 1);
                }
                if !anchor.is_empty() {
                    self.anchors += 1;
                }
            }
        }
    }

    /// A resource: `kind` first, sometimes a `metadata` with annotations, then entries. Now
    /// and then a `List` of resources, or a document of comments only.
    fn resource(&mut self) {
        self.comments_around(0);
        if self.chance(4) {
            let comment = self.comment();
            self.line(0, comment);
            return;
        }
        if self.chance(6) {
            self.line(0, "kind: List");
            self.comments_around(0);
            let trailing = self.trailing();
            self.line(0, &format!("items:{trailing}"));
            for _ in 0..=self.r.below(2) {
                self.comments_around(0);
                let trailing = self.trailing();
                self.line(0, &format!("- kind: I{trailing}"));
                self.mapping(2, 2);
            }
            return;
        }
        let trailing = self.trailing();
        self.out.push_str(&format!("kind: K{trailing}\n"));
        match self.r.below(10) {
            0..=3 => {
                self.comments_around(0);
                let trailing = self.trailing();
                self.out.push_str(&format!("metadata:{trailing}\n"));
                self.comments_around(2);
                self.line(2, "name: n");
                if self.chance(60) {
                    self.comments_around(2);
                    let trailing = self.trailing();
                    self.line(2, &format!("annotations:{trailing}"));
                    for _ in 0..=self.r.below(2) {
                        self.comments_around(4);
                        let (key, value) = (
                            self.r.pick(ANNOTATIONS),
                            self.r.pick(&["y", "'3'", "a.yaml", "wide", "~"]),
                        );
                        let trailing = self.trailing();
                        self.line(4, &format!("{key}: {value}{trailing}"));
                    }
                }
                self.comments_around(2);
            }
            4 => {
                let value = self.r.pick(&[
                    "{}",
                    "~",
                    "{name: n}",
                    "{annotations: {}}",
                    "{annotations: {x: y}}",
                ]);
                let trailing = self.trailing();
                self.out.push_str(&format!("metadata: {value}{trailing}\n"));
            }
            _ => {}
        }
        if self.chance(85) {
            self.comments_around(0);
            self.mapping(0, 0);
        }
        self.comments_around(0);
    }
}

/// A manifest of one to three resources.
pub fn manifest(r: &mut Random) -> String {
    let mut w = Writer {
        r,
        out: String::new(),
        anchors: 0,
    };
    if w.chance(25) {
        w.json_resource();
        return w.out;
    }
    if w.chance(10) {
        let trailing = w.trailing();
        w.out.push_str(&format!("---{trailing}\n"));
    }
    let documents = 1 + w.r.below(3);
    for i in 0..documents {
        if i > 0 {
            if w.chance(15) {
                w.out.push_str("...\n");
                w.comments_around(0);
            }
            let trailing = w.trailing();
            w.out.push_str(&format!("---{trailing}\n"));
        }
        w.anchors = 0;
        w.resource();
    }
    if w.chance(3) {
        // kyaml reads Windows line breaks too.
        return w.out.replace('\n', "\r\n");
    }
    w.out
}

pub fn write_chart(work: &Path, manifest: &str) -> Result<()> {
    let chart = work.join("t");
    std::fs::create_dir_all(chart.join("templates"))?;
    std::fs::create_dir_all(work.join("plugins/copy"))?;
    std::fs::write(work.join("plugins/copy/plugin.yaml"), PLUGIN)?;
    std::fs::write(
        chart.join("Chart.yaml"),
        "apiVersion: v2\nname: t\nversion: 0.1.0\n",
    )?;
    std::fs::write(chart.join("templates/a.yaml"), manifest)?;
    Ok(())
}

/// The smallest manifest found that still `disagrees`: lines removed one at a time, then
/// comments shortened to `#`.
pub fn reduce(manifest: &str, mut disagrees: impl FnMut(&str) -> Result<bool>) -> Result<String> {
    let mut lines: Vec<String> = manifest.lines().map(str::to_string).collect();
    let text = |lines: &[String]| lines.iter().map(|l| format!("{l}\n")).collect::<String>();
    let mut shrunk = true;
    while shrunk {
        shrunk = false;
        for i in (0..lines.len()).rev() {
            let mut candidate = lines.clone();
            candidate.remove(i);
            if disagrees(&text(&candidate))? {
                lines = candidate;
                shrunk = true;
            }
        }
        for i in 0..lines.len() {
            let Some(at) = lines[i].find('#') else {
                continue;
            };
            if lines[i][at..] == *"#" {
                continue;
            }
            let mut candidate = lines.clone();
            candidate[i] = format!("{}#", &lines[i][..at]);
            if disagrees(&text(&candidate))? {
                lines = candidate;
                shrunk = true;
            }
        }
    }
    Ok(text(&lines))
}

/// One `.cases` case of a manifest: `---` lines printed by the template, as the case format
/// reads a `--- ` line as a file.
pub fn case(name: &str, manifest: &str) -> String {
    let template: String = manifest
        .lines()
        .map(|l| match l.strip_prefix("---") {
            Some(rest) => format!("{{{{ \"---\" }}}}{rest}\n"),
            None => format!("{l}\n"),
        })
        .collect();
    format!("=== {name}\nargs: --post-renderer copy\n--- /plugins/copy/plugin.yaml\n{PLUGIN}--- templates/a.yaml\n{template}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn manifests_vary_and_reduce() {
        let mut r = super::super::gen::generator(3);
        let all: Vec<String> = (0..20).map(|_| manifest(&mut r)).collect();
        assert_ne!(all[0], all[1]);
        assert!(all.iter().any(|m| m.contains("kind: K")));
        assert!(all.iter().any(|m| m.contains("kind: J")));
        let small = reduce("kind: K\na: 1 # long comment\nb: 2\n", |m| {
            Ok(m.contains("a: 1 #"))
        })
        .unwrap();
        assert_eq!(small, "a: 1 #\n");
        assert!(case("x", "---\nkind: K\n").contains("{{ \"---\" }}\nkind: K\n"));
    }
}
