//! Parser error texts, as helm v4.1.4 reports them (`parse error at (...)` keeps the last
//! `: `-separated part, so the full Go text is checked here).

use super::{lex, Names, Parse, ParseError};

fn parse(name: &str, text: &str, has: &dyn Fn(&str) -> bool) -> Result<Parse, ParseError> {
    super::parse(name, text.into(), lex(text), has, &mut Names::default())
}

fn err(text: &str) -> String {
    parse("t", text, &|f| f == "upper").unwrap_err().to_string()
}

#[test]
fn parse_errors_match_go() {
    assert_eq!(err("{{ if }}"), "template: t:1: missing value for if");
    assert_eq!(err("{{ end }}"), "template: t:1: unexpected {{end}}");
    assert_eq!(
        err("{{ nosuch }}"),
        "template: t:1: function \"nosuch\" not defined"
    );
    assert_eq!(err("{{ $x }}"), "template: t:1: undefined variable \"$x\"");
    assert_eq!(
        err("{{ break }}"),
        "template: t:1: {{break}} outside {{range}}"
    );
    assert_eq!(err("{{ if .x }}"), "template: t:1: unexpected EOF");
    assert_eq!(
        err("{{ 1 | 2 }}"),
        "template: t:1: non executable command in pipeline stage 2"
    );
    assert_eq!(
        err("{{ true.x }}"),
        "template: t:1: unexpected . after term \"true\""
    );
    assert_eq!(
        err("{{ /* c */ }}"),
        "template: t:1: unexpected \"/\" in command"
    );
    assert_eq!(
        err("{{ range $a, $b, $c := .x }}{{ end }}"),
        "template: t:1: too many declarations in range"
    );
    assert_eq!(
        err("{{ define \"a\" }}x{{ end }}{{ define \"a\" }}y{{ end }}"),
        "template: t:1: template: multiple definition of template \"a\""
    );
    assert_eq!(
        err("a\n{{ .x\n"),
        "template: t:3: unclosed action started at t:2"
    );
    // Lines are counted from the offset of the item the parser stopped at.
    assert_eq!(err("a\n\nb {{ end }}"), "template: t:3: unexpected {{end}}");
    assert_eq!(
        err("{{ if .x }}\n{{ else }}\n{{ else }}\n"),
        "template: t:3: expected end; found {{else}}"
    );
}

#[test]
fn defines_and_blocks_become_trees() {
    let text = "{{ define \"a\" }}A{{ end }}{{ block \"b\" . }}B{{ end }}";
    let trees = parse("f", text, &|_| false).unwrap();
    let names: Vec<&str> = trees.trees.iter().map(|t| t.name.as_str()).collect();
    assert_eq!(names, vec!["a", "b", "f"]);
}

/// Text nodes point into the template's source instead of holding a copy: the nodes of a large
/// umbrella's templates are a visible share of its peak memory.
#[test]
fn a_text_node_is_a_range_of_the_source() {
    use super::ast::{text_of, Node};
    assert_eq!(std::mem::size_of::<Node>(), 16);
    let source = "a: {{- 1 }}  \n  b {{ 2 -}}\n c\n";
    let parsed = parse("t", source, &|_| false).unwrap();
    let texts: Vec<&str> = parsed.trees[0]
        .root
        .nodes
        .iter()
        .filter_map(|n| match n {
            Node::Text { pos, len } => Some(text_of(source, *pos, *len)),
            _ => None,
        })
        .collect();
    assert_eq!(texts, ["a:", "  \n  b ", "c\n"]);
}
