//! Reading values as helm does (compat-notes B1–B3), verified with helm v4.1.4.

use super::*;

fn json(text: &str) -> String {
    crate::to_json(&parse_values(text).unwrap()).unwrap()
}

#[test]
fn numbers_bools_and_keys() {
    assert_eq!(
        json("a: 1\nb: 1e6\nc: 0x10\nd: 012\ne: 2024-01-02\nf: on\n"),
        r#"{"a":1,"b":1000000,"c":16,"d":10,"e":"2024-01-02","f":true}"#
    );
    assert_eq!(json("on: 1\ny: 2\nn: 3\n"), r#"{"false":3,"true":2}"#);
    assert_eq!(json(""), "{}");
    assert_eq!(json("\u{feff}a: 1\n"), r#"{"a":1}"#);
}

#[test]
fn anchors_merges_and_documents() {
    assert_eq!(
        json("base: &b {p: 1, q: 2}\nd:\n  <<: *b\n  q: 3\n"),
        r#"{"base":{"p":1,"q":2},"d":{"p":1,"q":3}}"#
    );
    assert_eq!(
        json("a: {p: 1}\n---\na: {q: 2}\nb: 3\n"),
        r#"{"a":{"p":1,"q":2},"b":3}"#
    );
}

#[test]
fn errors_and_limits() {
    assert_eq!(
        parse_values("a: .inf\n").unwrap_err().to_string(),
        "cannot unmarshal yaml document: error converting YAML to JSON: json: unsupported value: +Inf"
    );
    let bomb = "a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]\n";
    assert!(parse_values(bomb)
        .unwrap_err()
        .to_string()
        .contains("excessive aliasing"));
}

/// helm 4's `SimpleHead` (helm 3's is `releaseutil.SimpleHead`).
const HELM4_HEAD: GoStruct = GoStruct {
    package: "util",
    name: "SimpleHead",
};

#[test]
fn manifest_heads() {
    let h = parse_manifest_head(
        "kind: Pod\nmetadata:\n  name: x\n  annotations:\n    helm.sh/hook: test\n",
        HELM4_HEAD,
    )
    .unwrap();
    assert_eq!(h.kind, "Pod");
    assert_eq!(h.annotations.unwrap()["helm.sh/hook"], "test");
    assert_eq!(
        parse_manifest_head("- a\n", HELM4_HEAD).unwrap_err().to_string(),
        "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type util.SimpleHead"
    );
}

// Errors know where they are in the file: libyaml's place of the problem, counted from the
// start of the values file's document that failed.
#[test]
fn errors_know_their_line_and_column() {
    let e = parse_values("a: 1\nb: [x\nc: 2\n").unwrap_err();
    assert_eq!(
        e.to_string(),
        "cannot unmarshal yaml document: error converting YAML to JSON: yaml: line 2: did not find expected ',' or ']'"
    );
    assert_eq!(e.position(), Some((3, Some(1))));
    let e = parse_values("a: 1\n---\nb: 2\n\tc: 3\n").unwrap_err();
    assert_eq!(
        e.to_string(),
        "cannot unmarshal yaml document: error converting YAML to JSON: yaml: line 2: found a tab character that violates indentation"
    );
    assert_eq!(e.location("c/values.yaml").to_string(), "c/values.yaml:4:0");
    let e = parse_values("a: 1\n--- x\n").unwrap_err();
    assert_eq!(e.position(), Some((2, None)));
    let e = parse_manifest_head("kind: [a]\nz: .inf\n", HELM4_HEAD).unwrap_err();
    assert_eq!(e.location("t.yaml").to_string(), "t.yaml");
}

/// Tags followed by `,` each cost a re-read, so a document may have a bounded number of them.
#[test]
fn comma_tags_are_bounded() {
    let list = |n: usize| format!("a: [{}]\n", vec!["!!str, x"; n].join(", "));
    let within = parse_values(&list(super::tree::MAX_TAG_REWRITES - 1)).unwrap();
    let items = within.as_map().unwrap().borrow()["a"]
        .as_list()
        .unwrap()
        .items
        .len();
    assert_eq!(items, super::tree::MAX_TAG_REWRITES - 1);
    assert!(parse_values(&list(super::tree::MAX_TAG_REWRITES + 1)).is_err());
}

// sigs.k8s.io/yaml's YAML -> JSON conversion and helm's `SimpleHead`, verified with helm v4.1.4
// (testdata/cases/yaml-read/manifests.cases).

fn head(doc: &str) -> ManifestHead {
    parse_manifest_head(doc, HELM4_HEAD).unwrap_or_else(|e| panic!("{doc:?}: {e}"))
}

fn head_err(doc: &str) -> String {
    let e = parse_manifest_head(doc, HELM4_HEAD)
        .unwrap_err()
        .to_string();
    e.strip_prefix("error converting YAML to JSON: ")
        .or_else(|| e.strip_prefix("error unmarshaling JSON: while decoding JSON: json: "))
        .unwrap_or(&e)
        .to_string()
}

fn kind(doc: &str) -> String {
    head(doc).kind
}

#[test]
fn float32_formatting() {
    for (f, text) in [
        (1.5, "1.5"),
        (0.1, "0.1"),
        (1.23456789012345, "1.2345679"),
        (100000.0, "100000"),
        (1e6, "1e+06"),
        (16777217.0, "1.6777216e+07"),
        (123456.7, "123456.7"),
        (0.0001, "0.0001"),
        (0.00001, "1e-05"),
        (-2.5e-10, "-2.5e-10"),
        (1e300, "+Inf"),
        (-1e300, "-Inf"),
        (f64::NAN, "NaN"),
        (0.0, "0"),
        (-0.0, "-0"),
        (1e38, "1e+38"),
    ] {
        assert_eq!(format_float32(f), text, "{f}");
    }
}

#[test]
fn scalars_borrowed_or_resolved_alike() {
    for s in [
        "abc",
        "yes",
        "Yes",
        "YES",
        "y",
        "n",
        "no",
        "nope",
        "true",
        "truth",
        "False",
        "falsey",
        "on",
        "Off",
        "oops",
        "null",
        "Null",
        "nil",
        "~",
        "<<",
        ".5",
        ".inf",
        "-.Inf",
        "+.INF",
        ".NaN",
        "/path",
        "$x",
        "0x10",
        "012",
        "1_000",
        "-5",
        "+5",
        "2024-01-02",
        "12:30",
        "1e400",
        "é",
        "tRUE",
    ] {
        let want = match resolve::resolve(s, true, None).unwrap() {
            Scalar::Null => GoScalar::Null,
            Scalar::Bool(b) => GoScalar::Bool(b),
            Scalar::Int(i) => GoScalar::Int(i),
            Scalar::Uint(u) => GoScalar::Uint(u),
            Scalar::Float(f) => GoScalar::Float(f),
            Scalar::Str(s) => GoScalar::Str(s.into()),
            Scalar::Merge => GoScalar::Str("<<".into()),
        };
        match (go_scalar(s, true, None).unwrap(), want) {
            (GoScalar::Float(a), GoScalar::Float(b)) if a.is_nan() && b.is_nan() => {}
            (got, want) => assert_eq!(got, want, "{s}"),
        }
    }
    // Go's ParseFloat fails on an overflowing `.` float, so it stays text.
    assert_eq!(
        go_scalar(".1e400", true, None).unwrap(),
        GoScalar::Str(".1e400".into())
    );
    assert_eq!(
        go_scalar(".1e400", true, Some("!!float")).unwrap_err(),
        "cannot decode !!str `.1e400` as a !!float"
    );
}

#[test]
fn json_keys() {
    fn key(s: &str) -> Result<Cow<'_, str>, BadKey> {
        json_key(go_scalar(s, true, None).unwrap())
    }
    assert_eq!(key("yes").unwrap(), "true");
    assert_eq!(key("0x10").unwrap(), "16");
    assert_eq!(key("0.1").unwrap(), "0.1");
    assert_eq!(key("1.0").unwrap(), "1");
    assert_eq!(key(".inf").unwrap(), ".inf");
    assert_eq!(key("1e300").unwrap(), ".inf");
    assert_eq!(key("-.inf").unwrap(), "-.inf");
    assert_eq!(key(".nan").unwrap(), ".nan");
    assert_eq!(key("~"), Err(BadKey::Null));
    assert_eq!(key("18446744073709551615"), Err(BadKey::Uint(u64::MAX)));
}

#[test]
fn field_names_fold_like_go() {
    assert!(json_name_eq("kind", "kind"));
    assert!(json_name_eq("KIND", "kind"));
    assert!(json_name_eq("\u{212a}ind", "kind"));
    assert!(json_name_eq("annotation\u{17f}", "annotations"));
    assert!(!json_name_eq("k\u{130}nd", "kind"));
    assert!(!json_name_eq("kinds", "kind"));
    assert!(!json_name_eq("kin", "kind"));
}

#[test]
fn non_finite_floats_fail_the_document() {
    assert_eq!(
        head_err("kind: A\ndata:\n  a: .inf\n"),
        "json: unsupported value: +Inf"
    );
    assert_eq!(
        head_err("kind: A\na: [1, -.Inf]\n"),
        "json: unsupported value: -Inf"
    );
    assert_eq!(
        head_err("kind: A\na: !!float .nan\n"),
        "json: unsupported value: NaN"
    );
    assert_eq!(head_err(".inf\n"), "json: unsupported value: +Inf");
    // json.Marshal sorts keys: the first in key order is reported.
    assert_eq!(
        head_err("kind: A\nzz: .inf\naa: .nan\nmm: -.inf\n"),
        "json: unsupported value: NaN"
    );
    assert_eq!(
        head_err("kind: A\nb: .nan\na:\n  z: -.inf\n"),
        "json: unsupported value: -Inf"
    );
    // Labels are no head field; a list under an annotation is not converted either.
    assert_eq!(
        head_err("kind: A\nmetadata:\n  labels: {a: .inf}\n"),
        "json: unsupported value: +Inf"
    );
    assert_eq!(
        head_err("kind: A\nmetadata:\n  annotations: {a: [.inf]}\n"),
        "json: unsupported value: +Inf"
    );
    // Replaced values and overridden merges are never converted.
    head("kind: A\ndata: {a: .inf}\ndata: {a: b}\n");
    head("kind: A\nd:\n  <<: {a: .inf}\n  a: 1\n");
    head("kind: A\nd:\n  !!merge <<: {a: .inf}\n  a: 1\n");
    head("kind: A\nd:\n  <<: [{a: 1}, {a: .inf}]\n");
    assert_eq!(
        head_err("kind: A\nd:\n  <<: [{a: .inf}, {a: 1}]\n"),
        "json: unsupported value: +Inf"
    );
    assert_eq!(
        head_err("kind: A\nd:\n  \"<<\": {a: .inf}\n  a: 1\n"),
        "json: unsupported value: +Inf"
    );
    // Text, not floats.
    head("kind: A\na: \".inf\"\nb: !!str .nan\nc: 1e400\nd: .1e400\n");
}

#[test]
fn head_fields_convert_scalars_to_text() {
    assert_eq!(kind("kind: 1.50\n"), "1.5");
    assert_eq!(kind("kind: 0x10\n"), "16");
    assert_eq!(kind("kind: 012\n"), "10");
    assert_eq!(kind("kind: yes\n"), "true");
    assert_eq!(kind("kind: off\n"), "false");
    assert_eq!(kind("kind: ~\n"), "");
    assert_eq!(kind("kind: 1e6\n"), "1e+06");
    assert_eq!(kind("kind: 1e300\n"), "+Inf");
    assert_eq!(kind("kind: .inf\n"), "+Inf");
    assert_eq!(kind("kind: -.inf\n"), "-Inf");
    assert_eq!(kind("kind: .nan\n"), "NaN");
    assert_eq!(kind("kind: 1e400\n"), "1e400");
    assert_eq!(kind("kind: 16777217.0\n"), "1.6777216e+07");
    assert_eq!(kind("kind: 12345678901234567890\n"), "12345678901234567890");
    assert_eq!(kind("kind: 2024-01-02\n"), "2024-01-02");
    assert_eq!(kind("kind: !!binary WmV0YQ==\n"), "Zeta");
    assert_eq!(kind("kind: \"1.50\"\n"), "1.50");
    let h = head(
        "metadata:\n  name: 012\n  annotations:\n    helm.sh/hook: yes\n    helm.sh/hook-weight: 0x10\n    w: .inf\n    none: ~\n    1: x\n",
    );
    assert_eq!(h.name, "10");
    let a = h.annotations.unwrap();
    assert_eq!(a["helm.sh/hook"], "true");
    assert_eq!(a["helm.sh/hook-weight"], "16");
    assert_eq!(a["w"], "+Inf");
    assert_eq!(a["none"], "");
    assert_eq!(a["1"], "x");
}

#[test]
fn head_fields_are_found_like_go_decodes_json() {
    // Case-insensitive; JSON keys in sorted order, so `kind` is applied after `KIND`.
    assert_eq!(kind("Kind: Zeta\n"), "Zeta");
    assert_eq!(kind("kind: Beta\nKIND: Zeta\n"), "Beta");
    assert_eq!(kind("\u{212a}ind: Zeta\n"), "Zeta");
    assert_eq!(kind("k\u{130}nd: Zeta\n"), "");
    // A repeated key: the last value replaces the whole earlier one.
    assert_eq!(kind("kind: Zeta\nkind: Beta\n"), "Beta");
    let h = head("metadata:\n  name: a\n  annotations: {h: x}\nmetadata:\n  name: b\n");
    assert_eq!((h.name.as_str(), h.annotations), ("b", None));
    // Case variants of one field fill the same struct; a later null resets it.
    let h = head("Metadata:\n  annotations: {h: x}\nmetadata:\n  name: m\n");
    assert_eq!(h.name, "m");
    assert_eq!(h.annotations.unwrap()["h"], "x");
    assert_eq!(
        head("Metadata:\n  annotations: {h: x}\nmetadata: ~\n"),
        ManifestHead::default()
    );
    let h = head("metadata:\n  ANNOTATIONS: {h: x}\n  Annotations: {a: y}\n");
    assert_eq!(h.annotations.unwrap().len(), 2);
    assert_eq!(
        head("metadata:\n  Annotations: {h: x}\n  annotations: ~\n").annotations,
        None
    );
    // Merge keys.
    assert_eq!(kind("base: &b {kind: Zeta}\n<<: *b\n"), "Zeta");
    assert_eq!(kind("<<: [{kind: Beta}, {kind: Zeta}]\n"), "Beta");
    assert_eq!(kind("<<: {kind: Beta}\nkind: Zeta\n"), "Zeta");
    let h = head("h: &h {helm.sh/hook: test}\nmetadata:\n  annotations:\n    <<: *h\n");
    assert_eq!(h.annotations.unwrap()["helm.sh/hook"], "test");
    // Empty documents and roots.
    assert_eq!(head("# only a comment\n"), ManifestHead::default());
    assert_eq!(head("~\n"), ManifestHead::default());
    assert_eq!(head("{}\n"), ManifestHead::default());
}

#[test]
fn head_type_errors() {
    let simple = "Go value of type util.SimpleHead";
    assert_eq!(
        head_err("- a\n"),
        format!("cannot unmarshal array into {simple}")
    );
    assert_eq!(
        head_err("text\n"),
        format!("cannot unmarshal string into {simple}")
    );
    assert_eq!(
        head_err("1.5\n"),
        format!("cannot unmarshal number into {simple}")
    );
    assert_eq!(
        head_err("true\n"),
        format!("cannot unmarshal bool into {simple}")
    );
    let field = |f: &str, t: &str| format!("Go struct field {f} of type {t}");
    assert_eq!(
        head_err("kind: [a]\n"),
        format!(
            "cannot unmarshal array into {}",
            field("SimpleHead.kind", "string")
        )
    );
    assert_eq!(
        head_err("metadata: 5\nkind: {a: 1}\napiVersion: [x]\n"),
        format!(
            "cannot unmarshal array into {}",
            field("SimpleHead.apiVersion", "string")
        )
    );
    assert_eq!(
        head_err("kind: {a: 1}\nKind: [x]\n"),
        format!(
            "cannot unmarshal array into {}",
            field("SimpleHead.kind", "string")
        )
    );
    assert_eq!(
        head_err("metadata: true\n"),
        format!(
            "cannot unmarshal bool into Go struct field SimpleHead.metadata of type {}",
            head::METADATA_TYPE
        )
    );
    assert_eq!(
        head_err("metadata:\n  name: {a: b}\n"),
        format!(
            "cannot unmarshal object into {}",
            field(".metadata.name", "string")
        )
    );
    assert_eq!(
        head_err("metadata:\n  annotations: 5\n"),
        format!(
            "cannot unmarshal number into {}",
            field(".metadata.annotations", "map[string]string")
        )
    );
    assert_eq!(
        head_err("metadata:\n  annotations: {zz: [1], aa: {x: 1}}\n"),
        format!(
            "cannot unmarshal object into {}",
            field(".metadata.annotations", "string")
        )
    );
    // A replaced value is never decoded.
    assert_eq!(kind("kind: [a]\nkind: Pod\n"), "Pod");
}

#[test]
fn conversion_errors_and_their_order() {
    let nil_key = "unsupported map key of type: %!s(<nil>), key: <nil>, value: ";
    assert_eq!(head_err("kind: A\nd:\n  ~: 1\n"), format!("{nil_key}1"));
    assert_eq!(
        head_err("kind: A\nd:\n  ~: 1\n  null: x\n"),
        format!("{nil_key}\"x\"")
    );
    assert_eq!(
        head_err("kind: A\nd:\n  ~: {a: 1, b: [x, 2]}\n"),
        format!("{nil_key}map[interface {{}}]interface {{}}{{\"a\":1, \"b\":[]interface {{}}{{\"x\", 2}}}}")
    );
    assert_eq!(
        head_err("kind: A\nd:\n  18446744073709551615: x\n"),
        "unsupported map key of type: uint64, key: 0xffffffffffffffff, value: \"x\""
    );
    head("kind: A\nd: {~: 1}\nd: {a: b}\n");
    assert_eq!(
        head_err("kind: A\nd:\n  ? [a]\n  : 1\n"),
        "yaml: invalid map key: []interface {}{\"a\"}"
    );
    assert_eq!(
        head_err("kind: A\nd: {? [a] : 1}\nd: {}\n"),
        "yaml: invalid map key: []interface {}{\"a\"}"
    );
    let merge = "yaml: map merge requires map or sequence of maps as the value";
    assert_eq!(head_err("d:\n  <<: 1\n"), merge);
    assert_eq!(head_err("d:\n  <<: ~\n"), merge);
    assert_eq!(head_err("d:\n  <<: [{a: 1}, 2]\n"), merge);
    // Syntax, then go-yaml's decoding (document order), then bad keys, then NaN/infinities,
    // then types.
    assert_eq!(
        head_err("a: .inf\nb: [x\n"),
        "yaml: line 2: did not find expected ',' or ']'"
    );
    assert_eq!(
        head_err("~: 1\nb: !!int x\n"),
        "yaml: cannot decode !!str `x` as a !!int"
    );
    assert_eq!(
        head_err("a: !!int x\n? [a]\n: 1\n"),
        "yaml: cannot decode !!str `x` as a !!int"
    );
    assert_eq!(
        head_err("? [a]\n: 1\na: !!int x\n"),
        "yaml: invalid map key: []interface {}{\"a\"}"
    );
    assert_eq!(head_err("a: {~: 1}\nb: {<<: 1}\n"), merge);
    assert_eq!(head_err("a: .inf\nb: {~: 1}\n"), format!("{nil_key}1"));
    assert_eq!(
        head_err("kind: [a]\nz: .inf\n"),
        "json: unsupported value: +Inf"
    );
}

#[test]
fn values_convert_like_manifests() {
    let err = |text: &str| {
        parse_values(text)
            .unwrap_err()
            .to_string()
            .trim_start_matches("cannot unmarshal yaml document: error converting YAML to JSON: ")
            .to_string()
    };
    assert_eq!(json("a: .inf\na: 1\n"), r#"{"a":1}"#);
    assert_eq!(
        err("a: .inf\nb: !!int x\n"),
        "yaml: cannot decode !!str `x` as a !!int"
    );
    assert_eq!(err("z: .nan\na: .inf\n"), "json: unsupported value: +Inf");
    assert_eq!(
        err("18446744073709551615: x\n"),
        "unsupported map key of type: uint64, key: 0xffffffffffffffff, value: \"x\""
    );
    assert_eq!(
        json("0.1: a\n1e300: b\n16777217.0: c\n"),
        r#"{".inf":"b","0.1":"a","1.6777216e+07":"c"}"#
    );
    assert_eq!(
        json("d:\n  <<: [{a: 1}, {a: 2, b: 3}]\n  b: 4\n"),
        r#"{"d":{"a":1,"b":4}}"#
    );
    assert_eq!(json("-0.0: a\n0.0: b\n"), r#"{"0":"b"}"#);
}

/// go-yaml's `\'` escape, which libyaml refuses, costs one re-read per scalar however many it
/// holds (here in a flow collection, which the full reader reads).
#[test]
fn quote_escapes_are_rewritten_a_scalar_at_a_time() {
    let many = "it\\'s ".repeat(super::tree::MAX_TAG_REWRITES * 2);
    let doc = format!("a: {{b: \"{many}\", c: \"\\\\'\\'\"}}\n");
    let values = parse_values(&doc).unwrap();
    let a = values.as_map().unwrap().borrow()["a"].clone();
    let a = a.as_map().unwrap().borrow().clone();
    assert_eq!(
        a["b"].as_str().unwrap(),
        "it's ".repeat(super::tree::MAX_TAG_REWRITES * 2)
    );
    assert_eq!(a["c"].as_str().unwrap(), "\\''");
}
