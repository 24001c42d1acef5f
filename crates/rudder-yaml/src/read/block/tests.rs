use proptest::prelude::*;

use super::{differential, full_tree, head_tree};
use crate::read::head::SIMPLE_HEAD;

/// Whether the head reader takes `doc`, checking it agrees with the full reader.
fn agrees(doc: &str) -> bool {
    differential(doc).unwrap_or_else(|e| panic!("{e}"));
    head_tree(doc, SIMPLE_HEAD).is_some()
}

/// The same for whole trees.
fn agrees_fully(doc: &str) -> bool {
    differential(doc).unwrap_or_else(|e| panic!("{e}"));
    full_tree(doc).is_some()
}

#[test]
fn reads_an_ordinary_manifest() {
    let doc = "\
# a comment
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels:
    app.kubernetes.io/name: web
  annotations:
    helm.sh/hook: pre-install,pre-upgrade
    \"helm.sh/hook-weight\": \"-5\"
    note: 'it''s # not a comment'
spec:
  template:
    spec:
      containers:
      - name: web
        image: \"nginx:1.25\"   # pinned
        args:
          - --port=8080
          - -v
        command:
        -
        - sh
        env:
        - name: A
          value:
      volumes: []
";
    assert!(agrees(doc));
    assert!(agrees_fully(doc));
}

#[test]
fn skips_block_scalars() {
    for doc in [
        "kind: ConfigMap\ndata:\n  a: |\n    x: y\n\n    - z\n  b: >-\n      folded\n    # text\n",
        "kind: A\nscript: |+ # keep\n  #!/bin/sh\n  echo \"$X\"\n\nother: 1\n",
        "kind: A\nlist:\n- |\n  text\n- b\n",
        "kind: A\nlist:\n- k: |\n    text\n  j: 2\n",
        "kind: A\nempty: |\nnext: 1\n",
        "kind: A\nx: |\n  a\n  \t tabs inside\n",
    ] {
        assert!(agrees(doc), "{doc:?}");
    }
}

#[test]
fn reads_empty_and_null_heads() {
    for doc in [
        "",
        "# only a comment\n\n",
        "kind:\nmetadata:\n",
        "kind: ~\nmetadata:\n  name:\n  annotations:\n",
        "metadata: x\n",
        "kind: 12\napiVersion: yes\n",
        "kind: A\nkind: B\n",
        "kind: {a: 1}\n",
        "kind: [a]\n",
        "metadata:\n  annotations: {a: b, 'c': \"d\"}\n",
    ] {
        assert!(agrees(doc), "{doc:?}");
    }
}

#[test]
fn leaves_the_rest_to_the_full_reader() {
    for doc in [
        "a: &x 1\nb: *x\n",
        "a: !!str 1\n",
        "a: b: c\n",
        "a:\n  b: 1\n c: 2\n",
        "- a\n",
        "plain\n",
        "a:\tb\n",
        "a: .inf\n",
        "a: -.Inf\n",
        "null: 1\n",
        "a:\n  18446744073709551615: x\n",
        "<<: {a: 1}\n",
        "a: 1\n---\nb: 2\n",
        "a: |2\n   x\n",
        "a: |\n  \n    x\n",
        "a: |\n \tx\n",
        "a: |\n    x\n  \ty\n",
        "metadata:\n- a\n",
        "'caf\u{e9}': x\n",
        "a: x\u{2028}y\n",
        "a: x\u{85}y\n",
        "a: \u{feff}x\n",
        "a: h\u{10ffc3}\n",
        "a: b\r\n",
        "? a\n: b\n",
        "a: - b\n",
        "a:\n- - b\n",
        "kind: |\n  A\n",
    ] {
        assert!(head_tree(doc, SIMPLE_HEAD).is_none(), "{doc:?}");
    }
}

#[test]
fn reads_plain_scalars_over_lines_and_values_on_their_own_line() {
    for doc in [
        "a: b\n  c\n",
        "kind:\n  Deployment\n",
        "kind: Cu\n stom\n\n  Resource\nmetadata:\n  name: x\n",
        "metadata:\n  annotations:\n    {}\n  name: n\n",
        "spec:\n  description: a long\n    sentence - with no key:x\n\n\n    and more  \n  next: 1\n",
        "x:\n- a\n  b\n- c\n",
        "a:\n- x\n  y\nb: 2\n",
        "a:\n  - b\n    c\n  -\n    d\n     e\n",
        "a:\n  [x, y]\nb: 1\n",
        "a: b\n  - c\n",
        "a: b\n  [c]\n  {d}\n",
        "a: b\n\n\n",
        "a: caf\u{e9} \u{201c}x\u{201d} \u{1f642}\n  na\u{ef}ve\nb: '\u{3b1}\n  \u{3b2}'\n",
        "a: 'x: y,\n  it''s\n\n   z  '\nb: 1\n",
        "a: '\n  '\n",
        "a: \"multi\n  line\"\n",
        "a:\n  'x\n   y' # c\nb: \"p\n  q \"\n",
        "a: \"esc\\n\"\n",
        "a: \"x\\\n  y\"\n",
        "a: \"x \\\n\n   y\\ \n  \\tz\"\n",
        "metadata:\n  annotations:\n    a: \"\\x41\\u00e9\\U0001F600\\N\\_\\L\\P\\0\\e\"\n    b: \"q\\\"\\'\\\\ \\\n      r\"\n",
        "kind: \"K\\u0069nd\"\nspec:\n  d: \"long\\n\\tline\n    next\\n\\n\n\n    last.\"\n",
    ] {
        assert!(agrees(doc), "{doc:?}");
        assert!(agrees_fully(doc), "{doc:?}");
    }
    for doc in [
        "a: b # c\n  d\n",
        "a: b\n  c: d\n",
        "a: b\n  c:\n",
        "a: b\n  c #d\n",
        "a: b\n# c\n  d\n",
        "a:\n  {}\n  b: 1\n",
        "a:\n  |\n    x\n",
        "a: 'x\ny'\n",
        "a: 'x\n  y' z\n",
        "a: 'x\n  y': z\n",
        "a: \"\\q\"\n",
        "a: \"\\uD800\"\n",
        "a: \"\\/\"\n",
        "a: \"x\\\n  y\" z\n",
    ] {
        assert!(head_tree(doc, SIMPLE_HEAD).is_none(), "{doc:?}");
    }
}

#[test]
fn reads_literal_block_scalars_whole() {
    for doc in [
        "a: |\n  x\n  y\n",
        "a: |-\n  x\n\n  y\n\n\nb: 1\n",
        "a: |+\n  x\n\n\nb: 1\n",
        "a: |+\n\n",
        "a: |\n\n  x\n",
        "a: |\n    deep\n  \n      deeper\n    \n",
        "a: |\n  x\n  \t tab\n# end\nb: |-\n  last",
        "l:\n- |\n  item\n- k: |\n    v\n  j: 2\n",
        "a:\n  b: |\n    x\n  c: []\n  d: {}\n",
    ] {
        assert!(agrees_fully(doc), "{doc:?}");
    }
    // Folded scalars are left to the full reader.
    assert!(full_tree("a: >\n  x\n").is_none());
}

/// Keys and one-line values manifests use, then ones outside the fast reader's subset.
const KEYS: &[&str] = &[
    "kind",
    "apiVersion",
    "metadata",
    "name",
    "annotations",
    "labels",
    "spec",
    "a",
    "b",
    "app.kubernetes.io/name",
    "helm.sh/hook",
    "\"helm.sh/hook-weight\"",
    "'q'",
    "yes",
    "1",
];
const ODD_KEYS: &[&str] = &[
    "null",
    "18446744073709551615",
    "0xFFFFFFFFFFFFFFFF",
    "Kind",
    "METADATA",
    "NAME",
    "<<",
    "? k",
    "k\"x",
    "-k",
    "\u{e4}",
    "'it''s'",
    "'\u{212a}ind'",
    "\"a\\b\"",
];
const VALUES: &[&str] = &[
    "[a, b]",
    "[\"\", 'x', --flag=1, /p]",
    "{cpu: 50m, memory: 64Mi}",
    "{'a': \"b\", c d: e f}",
    "[ ]",
    "{}",
    "[]",
    "Deployment",
    "v1",
    "web",
    "'q'",
    "\"dq\"",
    "'it''s'",
    "a#b",
    "x # c",
    "~",
    "1.5",
    "0x10",
    "yes",
    "1e400",
    "-1",
    "http://x:8080/y",
    "pre-install,post-delete",
    "\"5\"",
    "# comment",
    "'#'",
    "\"a: b\"",
    "-x",
    "a b  ",
    "<<",
    "/p",
    "$x",
    "=",
];
const ODD_VALUES: &[&str] = &[
    "[a, [b]]",
    "[a,]",
    "[a,,b]",
    "{a}",
    "{a: b: c}",
    "[http://x]",
    "[a #c]",
    "[a#b]",
    "{~: x}",
    "{null: x}",
    "{18446744073709551615: x}",
    "[.inf]",
    "[- a]",
    "[\"a]\"]",
    "{a: [b]}",
    "[a}",
    "[a] x",
    "[a, b",
    "{\"k\": \"v\\n\"}",
    ".inf",
    "-.Inf",
    ".nan",
    "a: b",
    "b:",
    "-",
    "- x",
    "[a]",
    "{a: 1}",
    "&x y",
    "*x",
    "!!str z",
    "\"esc\\n\"",
    "\"a\\'b\" # c",
    "\"x\\/y\"",
    "\"\\x4\"",
    "\"\\u00e9\\N\\L\\_\"",
    "\"\\uD800\"",
    "\"tail \\",
    "\"a\\tb  ",
    "\"end\\\\\"",
    "\"\\\"q\\\"\"",
    "a\tb",
    "caf\u{e9}",
    "\u{201c}q\u{201d}",
    "x\u{2028}y",
    "\u{85}",
    "\"open",
    "'open",
    "|2",
    "@x",
    "`x",
    "%x",
    "'a'b",
    "\"a\"b",
];
/// Whole lines a mutation inserts.
const LINES: &[&str] = &[
    "---",
    "...",
    "# c",
    "",
    "   ",
    "\tk: v",
    "- - x",
    "%YAML 1.1",
    "text",
];

/// Builds a document from a stream of choices: a mostly well-formed block structure, then
/// perhaps one mutation (a line re-indented, inserted, dropped or doubled).
struct Gen<'a> {
    choices: std::slice::Iter<'a, u8>,
    lines: Vec<String>,
}

impl Gen<'_> {
    fn pick(&mut self, n: usize) -> usize {
        self.choices.next().map_or(0, |&c| c as usize % n)
    }

    /// A usual word, or now and then an odd one.
    fn word(&mut self, usual: &[&'static str], odd: &[&'static str]) -> &'static str {
        match self.pick(24) {
            0 => odd[self.pick(odd.len())],
            _ => usual[self.pick(usual.len())],
        }
    }

    fn value(&mut self, indent: usize, depth: usize) -> String {
        match self.pick(if depth < 4 { 9 } else { 5 }) {
            0 | 1 => format!(" {}", self.word(VALUES, ODD_VALUES)),
            2 => String::new(),
            3 => {
                let first = format!(" {}", self.word(VALUES, ODD_VALUES));
                self.continuation(indent);
                first
            }
            4 => {
                let pad = indent + [1, 2, 0][self.pick(3)];
                let value = ["{}", "[]", "{a: b}"][self.pick(4) % 3];
                let value = match self.pick(2) {
                    0 => value,
                    _ => self.word(VALUES, ODD_VALUES),
                };
                self.lines.push(format!("{}{value}", " ".repeat(pad)));
                self.continuation(indent);
                String::new()
            }
            5 => {
                let deeper = 1 + self.pick(3);
                self.map(indent + deeper, depth + 1);
                String::new()
            }
            6 => {
                let deeper = [0, 2, 1][self.pick(3)];
                self.seq(indent + deeper, depth + 1);
                String::new()
            }
            7 => {
                let header = ["|", "|-", "|+", ">", "| # c", "|+ #"][self.pick(6)];
                for _ in 0..self.pick(5) {
                    let text = [
                        "text",
                        "",
                        "# not a comment",
                        "  more",
                        "a: b",
                        "   ",
                        "\tx",
                    ];
                    let text = text[self.pick(text.len())];
                    let pad = if text.is_empty() { 0 } else { indent + 2 };
                    self.lines.push(format!("{}{text}", " ".repeat(pad)));
                }
                format!(" {header}")
            }
            _ => " # comment".into(),
        }
    }

    /// Lines that may go on with a plain scalar begun above, at various depths.
    fn continuation(&mut self, indent: usize) {
        const TEXT: &[&str] = &[
            "more text",
            "\\tz\"",
            "more\\",
            "x\\q\"",
            "\\ spaced \\ \"",
            "",
            "  ",
            "- dash",
            "x: y",
            "end:",
            "# c",
            "a #b",
            "[x]",
            "{y}",
            "\"q\"",
            "-",
            "? k",
            "a\tb",
            "tail  ",
            "http://x",
            "&a *b !c",
        ];
        for _ in 0..self.pick(4) {
            let text = TEXT[self.pick(TEXT.len())];
            let pad = indent + [1, 2, 0, 3][self.pick(4)];
            self.lines.push(format!("{}{text}", " ".repeat(pad)));
        }
    }

    fn map(&mut self, indent: usize, depth: usize) {
        for _ in 0..=self.pick(4) {
            let at = self.lines.len();
            self.lines.push(String::new());
            let key = self.word(KEYS, ODD_KEYS);
            let value = self.value(indent, depth);
            self.lines[at] = format!("{}{key}:{value}", " ".repeat(indent));
        }
    }

    fn seq(&mut self, indent: usize, depth: usize) {
        for _ in 0..=self.pick(3) {
            let at = self.lines.len();
            self.lines.push(String::new());
            let item = match self.pick(3) {
                0 => {
                    let key = self.word(KEYS, ODD_KEYS);
                    let value = self.value(indent + 2, depth);
                    format!(" {key}:{value}")
                }
                _ => self.value(indent, depth),
            };
            self.lines[at] = format!("{}-{item}", " ".repeat(indent));
        }
    }

    fn mutate(&mut self) {
        if self.lines.is_empty() {
            return;
        }
        let at = self.pick(self.lines.len());
        match self.pick(8) {
            0 => self.lines[at].insert(0, ' '),
            1 if self.lines[at].starts_with(' ') => {
                self.lines[at].remove(0);
            }
            2 => {
                let line = LINES[self.pick(LINES.len())].to_string();
                self.lines.insert(at, line);
            }
            3 => {
                self.lines.remove(at);
            }
            4 => {
                let line = self.lines[at].clone();
                self.lines.insert(at, line);
            }
            _ => {}
        }
    }
}

fn generate(choices: &[u8]) -> String {
    let mut g = Gen {
        choices: choices.iter(),
        lines: Vec::new(),
    };
    g.map(0, 0);
    g.mutate();
    g.lines.iter().map(|l| format!("{l}\n")).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(20_000))]

    #[test]
    fn agrees_with_the_full_reader(choices in prop::collection::vec(any::<u8>(), 0..200)) {
        differential(&generate(&choices)).unwrap_or_else(|e| panic!("{e}"));
    }
}
