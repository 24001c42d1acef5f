//! Executor behaviour; expected texts were taken from helm v4.1.4 (`helm template` on probe
//! charts), which reports Go's `text/template` messages verbatim.

use std::rc::Rc;

use crate::{Error, ExecOptions, FuncMap, Templates, Value};

fn set(text: &str) -> Result<Templates, Error> {
    let mut t = Templates::new("t", Rc::new(FuncMap::new()));
    t.parse("t", text)?;
    Ok(t)
}

fn run_with(text: &str, data: &Value, opts: &ExecOptions) -> Result<String, String> {
    set(text)
        .and_then(|t| t.execute("t", data, opts))
        .map_err(|e| e.to_string())
}

fn run(text: &str) -> Result<String, String> {
    run_with(text, &Value::Nil, &ExecOptions::default())
}

#[test]
fn deep_control_nesting_runs_on_a_small_stack() {
    // Go has no limit on nested control structures; helm renders 50000 nested ifs.
    let n = 50_000;
    let text = format!("{}x{}", "{{ if 1 }}".repeat(n), "{{ end }}".repeat(n));
    assert_eq!(run(&text).unwrap(), "x");
    let text = format!("{}x{}", "{{ with 1 }}".repeat(n), "{{ end }}".repeat(n));
    assert_eq!(run(&text).unwrap(), "x");
    let text = format!(
        "{{{{ if 0 }}}}{}y{{{{ end }}}}",
        "{{ else if 0 }}".repeat(n)
    );
    assert_eq!(run(&text).unwrap(), "");
}

#[test]
fn paren_depth_limit_is_gos() {
    // helm: 9999 nested parens render `1`; 20000 fail with Go's maxStackDepth message.
    let ok = format!("{{{{ {}1{} }}}}", "(".repeat(9_999), ")".repeat(9_999));
    assert_eq!(run(&ok).unwrap(), "1");
    let deep = format!("{{{{ {}1{} }}}}", "(".repeat(20_000), ")".repeat(20_000));
    assert_eq!(
        run(&deep).unwrap_err(),
        "template: t:1: max expression depth exceeded"
    );
}

#[test]
fn long_pipelines_and_recursion_limit() {
    let text = format!("{{{{ 1 {} }}}}", "| print ".repeat(50_000));
    assert_eq!(run(&text).unwrap(), "1");
    // helm: `exceeded maximum template depth (100000)` at the recursive call.
    let err =
        run(r#"{{ define "r" }}{{ template "r" . }}{{ end }}{{ template "r" . }}"#).unwrap_err();
    assert_eq!(
        err,
        "template: t:1:28: executing \"r\" at <{{template \"r\" .}}>: \
         exceeded maximum template depth (100000)"
    );
}

#[test]
fn step_budget_stops_runaway_templates() {
    let opts = ExecOptions {
        max_steps: Some(1_000),
    };
    let err = run_with("{{ range 1000000 }}x{{ end }}", &Value::Nil, &opts).unwrap_err();
    assert!(err.ends_with("execution step budget exhausted"), "{err}");
    assert_eq!(
        run_with("{{ range 3 }}x{{ end }}", &Value::Nil, &opts).unwrap(),
        "xxx"
    );
}

#[test]
fn escapers_print_nil_as_no_value() {
    // helm: `{{ html nil 1 }}` → `&lt;no value&gt;1` (Go's printableValue of nil).
    assert_eq!(run("{{ html nil 1 }}").unwrap(), "&lt;no value&gt;1");
    assert_eq!(
        run("{{ js nil nil }}").unwrap(),
        "\\u003Cno value\\u003E\\u003Cno value\\u003E"
    );
    assert_eq!(run("{{ urlquery nil }}").unwrap(), "%3Cno+value%3E");
    // print keeps Go's `<nil>`.
    assert_eq!(run("{{ print nil nil }}").unwrap(), "<nil> <nil>");
}

#[test]
fn step_budget_bounds_memory() {
    let opts = ExecOptions {
        max_steps: Some(10_000),
    };
    // Doubling a string 60 times would need 2^60 bytes; the budget charges for result size.
    let text = r#"{{ $x := "ab" }}{{ range 60 }}{{ $x = print $x $x }}{{ end }}{{ len $x }}"#;
    let err = run_with(text, &Value::Nil, &opts).unwrap_err();
    assert!(err.ends_with("execution step budget exhausted"), "{err}");
    // helm: Go caps printf widths at a million (`%!(BADWIDTH)`, a lost verb for literals).
    assert_eq!(
        run(r#"{{ printf "%*d|" 99999999999 1 }}"#).unwrap(),
        "%!(BADWIDTH)1|"
    );
    assert_eq!(
        run(r#"{{ printf "%99999999999999999999d|" 1 }}"#).unwrap(),
        "%!(NOVERB)%!(EXTRA int=1)"
    );
    assert_eq!(
        run(r#"{{ printf "%.*d|" 99999999999 1 }}"#).unwrap(),
        "%!(BADPREC)1|"
    );
}

#[test]
fn range_else_break_and_continue_follow_go() {
    // helm prints `12`: the inner range absorbs a break from its else branch.
    assert_eq!(
        run("{{ range 2 }}{{ range 0 }}{{ else }}{{ break }}{{ end }}{{ . }}{{ end }}").unwrap(),
        "01"
    );
    // helm prints `13` for the list form: a continue there continues the outer range.
    assert_eq!(
        run("{{ range 3 }}{{ range 0 }}{{ else }}{{ if eq . 1 }}{{ continue }}{{ end }}{{ end }}{{ . }}{{ end }}")
            .unwrap(),
        "02"
    );
    // Ranging over a huge integer is lazy.
    assert_eq!(
        run("{{ range 1000000000 }}{{ break }}{{ end }}done").unwrap(),
        "done"
    );
}

#[test]
fn huge_float_precisions_do_not_panic() {
    // helm: lengths 70007 and 70003; Go pads exact expansions with zeros.
    assert_eq!(
        run(r#"{{ printf "%.70000e|" 1.5 | len }} {{ printf "%.70000f|" 1.5 | len }}"#).unwrap(),
        "70007 70003"
    );
    assert_eq!(
        run(r#"{{ printf "%.1100f" 5e-324 | len }}"#).unwrap(),
        "1102"
    );
}

#[test]
fn nested_executions_are_bounded() {
    use crate::{Func, FuncError, Ty};
    // A function that runs the same template again, forever (like a runaway `tpl`).
    let mut funcs = FuncMap::new();
    funcs.insert(
        "again",
        Func::contextual(&[Ty::Any], None, |ctx, a| {
            ctx.execute_template("t", &a[0])
                .map(Value::string)
                .map_err(FuncError::from_template)
        }),
    );
    let mut t = Templates::new("t", Rc::new(funcs));
    t.parse("t", "{{ again . }}").unwrap();
    let err = t
        .execute("t", &Value::Nil, &ExecOptions::default())
        .unwrap_err()
        .to_string();
    assert!(
        err.ends_with("template: exceeded maximum nesting of template executions (1500)"),
        "{}",
        &err[err.len().saturating_sub(200)..]
    );
}

/// A table registered later replaces a same-named function, and its signature is checked
/// as a closure's is.
#[test]
fn builtin_tables_register_and_replace() {
    use crate::{Builtin, FuncResult, Ty};
    fn first(a: &[Value]) -> FuncResult {
        Ok(a[0].clone())
    }
    fn count(a: &[Value]) -> FuncResult {
        Ok(Value::Int(a.len() as i64))
    }
    let mut funcs = FuncMap::new();
    funcs.register(&[Builtin::new("pick", &[Ty::String], first)]);
    funcs.register(&[Builtin::variadic("pick", &[Ty::String], Ty::Any, count)]);
    let mut t = Templates::new("t", Rc::new(funcs));
    t.parse("t", r#"{{ pick "a" 1 2 }}"#).unwrap();
    t.parse("bad", "{{ pick 1 }}").unwrap();
    let opts = ExecOptions::default();
    assert_eq!(t.execute("t", &Value::Nil, &opts).unwrap(), "3");
    let err = t
        .execute("bad", &Value::Nil, &opts)
        .unwrap_err()
        .to_string();
    assert!(err.ends_with("expected string; found 1"), "{err}");
}

#[test]
fn float_binary_and_hex_verbs() {
    // helm: `0x1.8p+00|0X1.8P+00|0x1.800p+00|0x1p+01|6755399441055744p-52`.
    assert_eq!(
        run(r#"{{ printf "%x|%X|%.3x|%.0x|%b" 1.5 1.5 1.5 1.5 1.5 }}"#).unwrap(),
        "0x1.8p+00|0X1.8P+00|0x1.800p+00|0x1p+01|6755399441055744p-52"
    );
    // helm: `0x0p+00|-0x1.6p+01|0x1.249ad2594c37dp+332|0p-1074|-2024p-1074`.
    assert_eq!(
        run(r#"{{ printf "%x|%x|%x|%b|%b" 0.0 -2.75 1e100 0.0 -1e-320 }}"#).unwrap(),
        "0x0p+00|-0x1.6p+01|0x1.249ad2594c37dp+332|0p-1074|-2024p-1074"
    );
    // helm: `0x1p-1074|0x1.0p+01|0x1.08p+00|0x1.7e43c8800759cp+996`.
    assert_eq!(
        run(r#"{{ printf "%x|%.1x|%.2x|%x" 5e-324 1.96875 1.03125 1e300 }}"#).unwrap(),
        "0x1p-1074|0x1.0p+01|0x1.08p+00|0x1.7e43c8800759cp+996"
    );
}

#[test]
fn builtins_and_control_flow_match_helm() {
    // Generated from `helm template` (v4.1.4) runs of each text as `templates/t.yaml`; error
    // texts are Go's (helm's multi-line form folded back into Go's single line).
    assert_eq!(
        run("# {{ and 1 0 2 }}|{{ or 0 \"\" 3 }}|{{ and 1 2 }}|{{ or 0 \"\" }}|{{ not 0 }}")
            .unwrap(),
        "# 0|3|2||true"
    );
    assert_eq!(run("# {{ eq 1 2 1 }}|{{ ne \"a\" \"b\" }}|{{ lt 1 2 }}|{{ le 2 2 }}|{{ gt \"b\" \"a\" }}|{{ ge 1.5 2.5 }}").unwrap(), "# true|true|true|true|true|false");
    assert_eq!(
        run("# {{ eq nil nil }}|{{ eq 'a' 97 }}|{{ lt -1 (len \"\") }}").unwrap(),
        "# true|true|true"
    );
    assert_eq!(run("# {{ index \"abc\" 1 }}|{{ len \"héllo\" }}|{{ print 1 2 \"a\" 3 \"b\" }}|{{ println 1 \"a\" }}").unwrap(), "# 98|6|1 2a3b|1 a\n");
    assert_eq!(
        run("# {{ printf \"%5.2f|%-4d|%x|%q|%v|%T\" 3.14159 7 255 \"hi\" nil 1.0 }}").unwrap(),
        "#  3.14|7   |ff|\"hi\"|<nil>|float64"
    );
    assert_eq!(
        run("# {{ printf \"%d %s\" }}|{{ printf \"%d\" 1 2 }}|{{ printf \"%!\" }}").unwrap(),
        "# %!d(MISSING) %!s(MISSING)|1%!(EXTRA int=2)|%!!(MISSING)"
    );
    assert_eq!(run("# {{ 1e6 }} {{ 1e21 }} {{ 0.000012345 }} {{ 100000.5 }} {{ -0.0 }} {{ 0x1F }} {{ 0o17 }} {{ 017 }} {{ 1_000 }} {{ 'a' }} {{ 1i }}").unwrap(), "# 1e+06 1e+21 1.2345e-05 100000.5 -0 31 15 15 1000 97 (0+1i)");
    assert_eq!(run("# {{ $x := 1 }}{{ range $i, $v := 3 }}{{ end }}").unwrap_err(), "template: t:1:34: executing \"t\" at <3>: can't use 3 to iterate over more than one variable");
    assert_eq!(
        run("# {{ range $i, $e := \"ab\" }}{{ end }}").unwrap_err(),
        "template: t:1:21: executing \"t\" at <\"ab\">: range can't iterate over ab"
    );
    assert_eq!(run("# {{ if 0 }}a{{ else if \"\" }}b{{ else with 3 }}{{ . }}{{ end }}|{{ with $x := 0 }}{{ else }}{{ $x }}{{ end }}").unwrap_err(), "template: t:1: unexpected <with> in input");
    assert_eq!(run("# {{ define \"d\" }}[{{ . }}]{{ end }}{{ template \"d\" 5 }}{{ block \"b\" \"x\" }}<{{ . }}>{{ end }}").unwrap(), "# [5]<x>");
    assert_eq!(run("# {{ $x := 0 }}{{ range 5 }}{{ $x = . }}{{ if eq . 3 }}{{ break }}{{ end }}{{ end }}{{ $x }}").unwrap(), "# 3");
    assert_eq!(
        run("# a  {{- 1 -}}  b {{- /* c */ -}} c {{-3}}").unwrap(),
        "# a1bc -3"
    );
    assert_eq!(
        run("# {{ html \"<a&'\\\">\" }}|{{ js \"a'b\\\"<>&=\\n\" }}|{{ urlquery \"a b/é\" }}")
            .unwrap(),
        "# &lt;a&amp;&#39;&#34;&gt;|a\\'b\\\"\\u003C\\u003E\\u0026\\u003D\\u000A|a+b%2F%C3%A9"
    );
    assert_eq!(run("# {{ len nil }}").unwrap_err(), "template: t:1:5: executing \"t\" at <len nil>: error calling len: reflect: call of reflect.Value.Type on zero Value");
    assert_eq!(run("# {{ index nil 1 }}").unwrap_err(), "template: t:1:5: executing \"t\" at <index nil 1>: error calling index: index of untyped nil");
    assert_eq!(run("# {{ eq 1 1.0 }}").unwrap_err(), "template: t:1:5: executing \"t\" at <eq 1 1.0>: error calling eq: incompatible types for comparison: int and float64");
    assert_eq!(run("# {{ lt true false }}").unwrap_err(), "template: t:1:5: executing \"t\" at <lt true false>: error calling lt: invalid type for comparison");
    assert_eq!(run("# {{ template \"nope\" }}").unwrap_err(), "template: t:1:14: executing \"t\" at <{{template \"nope\"}}>: template \"nope\" not defined");
    assert_eq!(
        run("# {{ nil }}").unwrap_err(),
        "template: t:1:5: executing \"t\" at <nil>: nil is not a command"
    );
    assert_eq!(
        run("# {{ 1 2 }}").unwrap_err(),
        "template: t:1:5: executing \"t\" at <1>: can't give argument to non-function 1"
    );
    assert_eq!(run("# {{ printf }}").unwrap_err(), "template: t:1:5: executing \"t\" at <printf>: wrong number of args for printf: want at least 1 got 0");
}

#[test]
fn sharp_flag_on_floats() {
    // helm: `1.00000|1|1.000000e+00|1.00|1.000000|1.|1.e+00`.
    assert_eq!(
        run(r#"{{ printf "%#g|%#v|%#e|%#.3g|%#f|%#.0f|%#.0e" 1.0 1.0 1.0 1.0 1.0 1.0 1.0 }}"#)
            .unwrap(),
        "1.00000|1|1.000000e+00|1.00|1.000000|1.|1.e+00"
    );
    // helm: `0x1.0000p+00|0x1.00p+00|0X1.8P+00|4503599627370496p-52`.
    assert_eq!(
        run(r#"{{ printf "%#x|%#.2x|%#X|%#b" 1.0 1.0 1.5 1.0 }}"#).unwrap(),
        "0x1.0000p+00|0x1.00p+00|0X1.8P+00|4503599627370496p-52"
    );
    // helm: `100000.|1.00000e+06|0.000100000`.
    assert_eq!(
        run(r#"{{ printf "%#g|%#g|%#g" 100000.0 1e6 0.0001 }}"#).unwrap(),
        "100000.|1.00000e+06|0.000100000"
    );
}

#[test]
fn printf_flags_follow_go() {
    // helm: `000ab|é    |   日本|日本|    x|`.
    assert_eq!(
        run(r#"{{ printf "%05s|%-5s|%5s|%.2s|%5.1s|" "ab" "é" "日本" "日本語" "xyz" }}"#).unwrap(),
        "000ab|é    |   日本|日本|    x|"
    );
    // helm: `A|�|U+1F600|U+1F600 '😀'|'A'|'�'`.
    assert_eq!(
        run(r#"{{ printf "%c|%c|%U|%#U|%q|%q" 65 -1 0x1F600 0x1F600 65 0x110000 }}"#).unwrap(),
        "A|\u{FFFD}|U+1F600|U+1F600 '😀'|'A'|'\u{FFFD}'"
    );
    // helm: ` 12.00|%!d(float64=12) 2|%!d(BADINDEX)|%!d(BADINDEX)|%!d(BADINDEX)`.
    assert_eq!(
        run(r#"{{ printf "%[3]*.[2]*[1]f|%[1]d %d|%[5]d|%[0]d|%[x]d" 12.0 2 6 }}"#).unwrap(),
        " 12.00|%!d(float64=12) 2|%!d(BADINDEX)|%!d(BADINDEX)|%!d(BADINDEX)"
    );
}
