//! Random, well-formed template fragments over Sprig's and helm's functions and the kinds of
//! values a chart has: literals of every Go kind, `.Values` scalars, maps, lists and nulls,
//! `.Chart` (typed Go values such as `map[string]string` annotations), `.Release`, variables,
//! pipelines, `if`/`with`/`range`, `include` and `tpl`, and `printf` verbs. Functions whose
//! output is random or depends on the clock are left out, and so are `keys` and `values`,
//! whose order is Go's random map order.

pub use rudder_testkit::seeded::Seeded as Random;

/// The fragments of a seed: the seed is mixed so that small seeds start far apart.
pub fn generator(seed: u64) -> Random {
    Random::new(seed ^ 0x9E37_79B9_7F4A_7C15)
}

/// The values every fragment's chart has.
pub const VALUES: &str = "m: {x: 1, inner: {deep: v, n: null, e: \"\"}}\nel: []\nl: [1, 2, 3]\nbig: 9007199254740993\nS: \"Hello World\"\nmulti: \"line1\\nline2\"\nf: 1.5\nneg: -3\nt: true\nz: 0\nn: null\ns: [\"b\", \"a\", \"c\"]\n";

/// Chart.yaml of every fragment's chart (annotations make `.Chart.Annotations` a typed map).
pub const CHART_YAML: &str = "apiVersion: v2\nname: t\nversion: 0.1.0\nannotations:\n  a: b\n";

/// A helper template the fragments may include.
pub const HELPERS: &str =
    "{{- define \"h\" -}}{{ . }}{{- end -}}\n{{- define \"hv\" -}}{{ .Values.S }}{{- end -}}\n";

const STRINGS: &[&str] = &[
    "\"\"",
    "\"a\"",
    "\"Hello World\"",
    "\"a,b,,c\"",
    "\"héllo wörld ✓\"",
    "\"日本語\"",
    "\"🙂x\"",
    "\"ǅ\"",
    "\"  x  \"",
    "\"line1\\nline2\"",
    "\"1.5\"",
    "\"42\"",
    "\"-0\"",
    "\"true\"",
    "\"a.b.c\"",
    "\"%d\"",
    "\"x_y-z Q\"",
    "\"\\t\"",
    "\"1.2.3\"",
    "\">=1.0.0\"",
    "\"^1.2\"",
    "\"abc123\"",
];
const NUMBERS: &[&str] = &[
    "0", "1", "2", "-1", "3", "10", "1.5", "-2.5", "1e3", "0x10", "100",
];
/// Paths into the data. Not `$` itself: it holds `.Capabilities`, a pointer that Go prints as
/// its address, so a fragment that hashes or escapes `$`'s text has random output.
const PATHS: &[&str] = &[
    ".Values.m",
    ".Values.m.x",
    ".Values.m.inner",
    ".Values.m.inner.n",
    ".Values.m.inner.e",
    ".Values.el",
    ".Values.l",
    ".Values.big",
    ".Values.S",
    ".Values.multi",
    ".Values.f",
    ".Values.neg",
    ".Values.t",
    ".Values.z",
    ".Values.n",
    ".Values.s",
    ".Values.missing",
    ".Chart.Name",
    ".Chart.Annotations",
    ".Chart.Version",
    ".Release.Name",
    ".Release.Namespace",
    ".Release.IsInstall",
    ".Capabilities.KubeVersion.Major",
    "$.Release",
    ".Values",
];
const CONSTANTS: &[&str] = &[
    "nil",
    "true",
    "false",
    "(list)",
    "(dict)",
    "(list 1 \"a\" nil)",
    "(dict \"k\" 1 \"n\" nil)",
];

/// Functions by the number of arguments they are usually called with (others are tried too:
/// a wrong count is a case like any other).
const FUNCS: &[(&str, usize)] = &[
    ("upper", 1),
    ("lower", 1),
    ("title", 1),
    ("untitle", 1),
    ("trim", 1),
    ("trimAll", 2),
    ("trimPrefix", 2),
    ("trimSuffix", 2),
    ("nospace", 1),
    ("initials", 1),
    ("swapcase", 1),
    ("snakecase", 1),
    ("camelcase", 1),
    ("kebabcase", 1),
    ("trunc", 2),
    ("abbrev", 2),
    ("abbrevboth", 3),
    ("substr", 3),
    ("wrap", 2),
    ("wrapWith", 3),
    ("indent", 2),
    ("nindent", 2),
    ("replace", 3),
    ("repeat", 2),
    ("contains", 2),
    ("hasPrefix", 2),
    ("hasSuffix", 2),
    ("quote", 1),
    ("squote", 1),
    ("cat", 2),
    ("plural", 3),
    ("split", 2),
    ("splitList", 2),
    ("splitn", 3),
    ("join", 2),
    ("sortAlpha", 1),
    ("toString", 1),
    ("toStrings", 1),
    ("atoi", 1),
    ("int", 1),
    ("int64", 1),
    ("float64", 1),
    ("toDecimal", 1),
    ("add", 2),
    ("sub", 2),
    ("mul", 2),
    ("div", 2),
    ("mod", 2),
    ("add1", 1),
    ("max", 2),
    ("min", 2),
    ("addf", 2),
    ("subf", 2),
    ("mulf", 2),
    ("divf", 2),
    ("floor", 1),
    ("ceil", 1),
    ("round", 2),
    ("seq", 1),
    ("until", 1),
    ("untilStep", 3),
    ("list", 2),
    ("dict", 2),
    ("first", 1),
    ("last", 1),
    ("rest", 1),
    ("initial", 1),
    ("append", 2),
    ("prepend", 2),
    ("concat", 2),
    ("reverse", 1),
    ("uniq", 1),
    ("without", 2),
    ("has", 2),
    ("compact", 1),
    ("slice", 2),
    ("chunk", 2),
    ("pick", 2),
    ("omit", 2),
    ("hasKey", 2),
    ("get", 2),
    ("set", 3),
    ("unset", 2),
    ("merge", 2),
    ("mergeOverwrite", 2),
    ("deepCopy", 1),
    ("dig", 3),
    ("pluck", 2),
    ("default", 2),
    ("empty", 1),
    ("coalesce", 2),
    ("ternary", 3),
    ("toJson", 1),
    ("toPrettyJson", 1),
    ("toRawJson", 1),
    ("fromJson", 1),
    ("fromJsonArray", 1),
    ("toYaml", 1),
    ("toYamlPretty", 1),
    ("fromYaml", 1),
    ("fromYamlArray", 1),
    ("toToml", 1),
    ("b64enc", 1),
    ("b64dec", 1),
    ("b32enc", 1),
    ("sha1sum", 1),
    ("sha256sum", 1),
    ("adler32sum", 1),
    ("base", 1),
    ("dir", 1),
    ("ext", 1),
    ("clean", 1),
    ("isAbs", 1),
    ("kindOf", 1),
    ("typeOf", 1),
    ("kindIs", 2),
    ("typeIs", 2),
    ("deepEqual", 2),
    ("semver", 1),
    ("semverCompare", 2),
    ("regexMatch", 2),
    ("regexFind", 2),
    ("regexFindAll", 3),
    ("regexReplaceAll", 3),
    ("regexSplit", 3),
    ("urlquery", 1),
    ("urlParse", 1),
    ("urlJoin", 1),
    ("len", 1),
    ("index", 2),
    ("eq", 2),
    ("ne", 2),
    ("lt", 2),
    ("le", 2),
    ("gt", 2),
    ("ge", 2),
    ("and", 2),
    ("or", 2),
    ("not", 1),
    ("print", 2),
    ("println", 1),
    ("html", 1),
    ("js", 1),
    ("tpl", 2),
    ("include", 2),
    ("required", 2),
    ("toDate", 2),
    ("fail", 1),
];
const VERBS: &[&str] = &[
    "%v", "%+v", "%#v", "%T", "%q", "%d", "%s", "%x", "%5.2f", "%e", "%g", "%t", "%c", "%U",
    "%08.3f", "%-4d|", "%!",
];

/// One expression, at most `depth` calls deep.
pub fn expr(r: &mut Random, depth: usize) -> String {
    match r.below(if depth == 0 { 4 } else { 7 }) {
        0 => r.pick(STRINGS).to_string(),
        1 => r.pick(NUMBERS).to_string(),
        2 => r.pick(PATHS).to_string(),
        3 => r.pick(CONSTANTS).to_string(),
        4 => {
            let verb = r.pick(VERBS);
            format!("(printf \"{verb}\" {})", expr(r, depth - 1))
        }
        _ => call(r, depth),
    }
}

fn call(r: &mut Random, depth: usize) -> String {
    let (name, arity) = FUNCS[r.below(FUNCS.len())];
    let arity = match r.below(8) {
        0 => arity.saturating_sub(1),
        1 => arity + 1,
        _ => arity,
    };
    let args: Vec<String> = (0..arity).map(|_| expr(r, depth - 1)).collect();
    match (args.is_empty(), r.below(4)) {
        // The last argument piped in, as templates often do.
        (false, 0) => {
            let (last, rest) = args.split_last().expect("not empty");
            format!(
                "({last} | {name}{})",
                rest.iter().map(|a| format!(" {a}")).collect::<String>()
            )
        }
        _ => format!(
            "({name}{})",
            args.iter().map(|a| format!(" {a}")).collect::<String>()
        ),
    }
}

/// A fragment: one expression printed, sometimes under a control structure or through a
/// variable.
pub fn fragment(r: &mut Random) -> String {
    let e = expr(r, 3);
    match r.below(8) {
        0 => format!("{{{{ with {e} }}}}w={{{{ . }}}}{{{{ else }}}}none{{{{ end }}}}"),
        1 => format!("{{{{ range $i, $v := {e} }}}}[{{{{ $i }}}}={{{{ $v }}}}]{{{{ end }}}}"),
        2 => format!("{{{{ if {e} }}}}yes{{{{ else }}}}no{{{{ end }}}}"),
        3 => format!(
            "{{{{ $x := {e} }}}}{{{{ $x = {} }}}}{{{{ $x }}}}",
            expr(r, 1)
        ),
        _ => format!("{{{{ {e} }}}}"),
    }
}
