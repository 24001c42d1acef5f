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
        parse_values("a: .inf\n").unwrap_err().0,
        "cannot unmarshal yaml document: error converting YAML to JSON: json: unsupported value: +Inf"
    );
    let bomb = "a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]\n";
    assert!(parse_values(bomb)
        .unwrap_err()
        .0
        .contains("excessive aliasing"));
}

#[test]
fn manifest_heads() {
    let h = parse_manifest_head(
        "kind: Pod\nmetadata:\n  name: x\n  annotations:\n    helm.sh/hook: test\n",
    )
    .unwrap();
    assert_eq!(h.kind, "Pod");
    assert_eq!(h.annotations.unwrap()["helm.sh/hook"], "test");
    assert_eq!(
        parse_manifest_head("- a\n").unwrap_err(),
        "error unmarshaling JSON: while decoding JSON: json: cannot unmarshal array into Go value of type util.SimpleHead"
    );
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
