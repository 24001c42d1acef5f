use super::*;

struct NoRemote;

impl Loader for NoRemote {
    fn load(&self, url: &str) -> Result<Value, String> {
        Err(format!("no loader for {url}"))
    }
}

fn run(schema: &str, doc: &str) -> String {
    let doc = crate::json::parse(doc.as_bytes()).unwrap();
    match validate(schema.as_bytes(), &doc, &NoRemote) {
        Ok(()) => String::new(),
        Err(e) => e.to_string(),
    }
}

#[test]
fn messages_and_fields() {
    let schema = r#"{"required":["port"],"properties":{"port":{"type":"integer","minimum":1},"n":{"properties":{"s":{"enum":["a","b"]}}}}}"#;
    assert_eq!(run(schema, "{}"), "- (root): port is required\n");
    assert_eq!(
        run(schema, r#"{"port":0}"#),
        "- port: Must be greater than or equal to 1\n"
    );
    assert_eq!(
        run(schema, r#"{"port":1.5}"#),
        "- port: Invalid type. Expected: integer, given: number\n"
    );
    assert_eq!(
        run(schema, r#"{"port":1,"n":{"s":"c"}}"#),
        "- n.s: n.s must be one of the following: \"a\", \"b\"\n"
    );
}

#[test]
fn any_of_reports_the_best_branch() {
    let schema = r#"{"anyOf":[{"type":"string"},{"type":"object","required":["a","b"]}]}"#;
    assert_eq!(
        run(schema, r#"{"a":1}"#),
        "- (root): Must validate at least one schema (anyOf)\n- (root): b is required\n"
    );
}

#[test]
fn draft_4_exclusive_minimum_is_a_flag() {
    let d4 = r#"{"$schema":"http://json-schema.org/draft-04/schema#","properties":{"n":{"minimum":1,"exclusiveMinimum":true}}}"#;
    assert_eq!(run(d4, r#"{"n":1}"#), "- n: Must be greater than 1\n");
    let bad = r#"{"$schema":"http://json-schema.org/draft-07/schema#","properties":{"n":{"minimum":1,"exclusiveMinimum":true}}}"#;
    assert_eq!(
        run(bad, "{}"),
        "Invalid type. Expected: number, given: exclusiveMinimum"
    );
}

#[test]
fn references() {
    let schema = r##"{"properties":{"a":{"$ref":"#/definitions/p"},"b":{"$ref":"#/definitions/nope"},"c":{"$ref":"other.json"}}}"##;
    assert_eq!(run(schema, "{}"), "Object has no key 'definitions'");
    let relative = r#"{"properties":{"c":{"$ref":"other.json"}}}"#;
    assert_eq!(
        run(relative, "{}"),
        "Reference /other.json must be canonical"
    );
    let ok = r##"{"definitions":{"p":{"type":"string"}},"properties":{"a":{"$ref":"#/definitions/p"}}}"##;
    assert_eq!(
        run(ok, r#"{"a":1}"#),
        "- a: Invalid type. Expected: string, given: integer\n"
    );
}

#[test]
fn reference_loops_stop() {
    assert_eq!(
        run(r##"{"$ref":"#"}"##, "{}"),
        "fatal error: stack overflow"
    );
    assert_eq!(
        run(r##"{"allOf":[{"$ref":"#"}]}"##, "{}"),
        "fatal error: stack overflow"
    );
}
