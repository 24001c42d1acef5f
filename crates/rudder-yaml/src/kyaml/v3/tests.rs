//! Round trips measured through helm 4.1.4's post-renderer with a plugin that only copies
//! (the documents carry no annotation here, so they come back as read).

use super::{decode_first, Encoder};

fn round_trip(text: &str) -> String {
    let node = decode_first(text).unwrap().unwrap();
    let mut encoder = Encoder::default();
    encoder.encode(&node, true).unwrap();
    encoder.finish()
}

#[test]
fn writes_as_kyaml_does() {
    let input = "a:\n    - x\n    -   y\n    -\n      - z\nb: {k: \"1\", l: 'two'}\nc: this is\n  continued\nd:\ne: |\n  line\n";
    let expected =
        "a:\n- x\n- y\n- - z\nb: {k: \"1\", l: 'two'}\nc: this is continued\nd:\ne: |\n  line\n";
    assert_eq!(round_trip(input), expected);
}

#[test]
fn long_lines_are_not_folded() {
    let long = format!("k: {}\n", ["word"; 40].join(" "));
    assert_eq!(round_trip(&long), long);
}

#[test]
fn comments_go_where_yaml_v3_puts_them() {
    let cases = [
        (
            "kind: A\n# before b\nb: 1\n\n# after blank\nc: 2\n# foot?\n\nd: 3\n",
            "kind: A\n# before b\nb: 1\n# after blank\nc: 2\n# foot?\n\nd: 3\n",
        ),
        (
            "kind: A\nm:\n  x:\n    y: 1\n  # foot x\nz: 1\n",
            "kind: A\nm:\n  x:\n    y: 1\n    # foot x\nz: 1\n",
        ),
        (
            "kind: A\nlist:\n  # head item\n  - a # lc a\n  - c: 1\n    # head d\n    d: 2\n",
            "kind: A\nlist:\n# head item\n- a # lc a\n- c: 1\n  # head d\n  d: 2\n",
        ),
        ("# c1\n\n# c2\nkind: A\n", "# c1\n\n# c2\nkind: A\n"),
        (
            "kind: A   # lc\nk: # key\n  x: 1\n",
            "kind: A # lc\nk: # key\n  x: 1\n",
        ),
        (
            "a: &x 1\nb: *x\nc: !!str 1\nd: !t x\n",
            "a: &x 1\nb: *x\nc: !!str 1\nd: !t x\n",
        ),
        (
            "kind: A\nh: [ # inside\n  a, # a\n  b ]\n",
            "kind: A\nh: [a, # a\n  b]\n",
        ),
    ];
    for (input, expected) in cases {
        assert_eq!(round_trip(input), expected, "{input}");
    }
}

#[test]
fn syntax_errors_read_as_yaml_v3_writes_them() {
    let cases = [
        (
            "not: [yaml\n",
            "yaml: line 1: did not find expected ',' or ']'",
        ),
        (
            "a: b: c\n",
            "yaml: mapping values are not allowed in this context",
        ),
        (
            "a: 1\nb: c: d\n",
            "yaml: line 2: mapping values are not allowed in this context",
        ),
        ("a: *x\n", "yaml: unknown anchor 'x' referenced"),
        ("a: \u{1}\n", "yaml: control characters are not allowed"),
    ];
    for (input, expected) in cases {
        assert_eq!(decode_first(input).unwrap_err(), expected, "{input:?}");
    }
}

#[test]
fn nesting_is_limited_as_in_yaml_v3_and_never_recursed() {
    // Deep documents are read and written without recursion (the tree is dropped with it:
    // a thread of its own, with room for that).
    let check = || {
        let deep = format!("a: {}{}\n", "[".repeat(10_000), "]".repeat(10_000));
        assert_eq!(round_trip(&deep), deep);
        let block: String = (0..3_000)
            .map(|i| format!("{}k:\n", " ".repeat(i)))
            .collect();
        assert!(round_trip(&block).starts_with("k:\n  k:\n    k:\n"));
        // Measured with helm 4.1.4: a failure on the first line has no line number.
        let deeper = format!("k: 1\na: {}\n", "[".repeat(10_001));
        assert_eq!(
            decode_first(&deeper).unwrap_err(),
            "yaml: line 2: exceeded max depth of 10000"
        );
    };
    std::thread::Builder::new()
        .stack_size(64 << 20)
        .spawn(check)
        .unwrap()
        .join()
        .unwrap();
}
