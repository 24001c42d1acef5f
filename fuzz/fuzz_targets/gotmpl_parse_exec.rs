//! Parses and executes arbitrary template text: no panic, no hang (a step budget bounds
//! execution), whatever the input. Run with `cargo fuzz run gotmpl_parse_exec` in `fuzz/`.

#![no_main]

use std::rc::Rc;

use libfuzzer_sys::fuzz_target;
use rudder_gotmpl::{ExecOptions, Func, FuncError, FuncMap, Map, Templates, Ty, Value};

/// Data shaped like a small chart context, so field chains have something to walk.
fn data() -> Value {
    let mut inner = Map::new();
    inner.insert(
        "b".into(),
        Value::list(vec![Value::Int(1), Value::str("x")]),
    );
    inner.insert("n".into(), Value::Float(1.5));
    let mut values = Map::new();
    values.insert("a".into(), Value::map(inner));
    values.insert("s".into(), Value::str("text"));
    values.insert("nil".into(), Value::Nil);
    let mut top = Map::new();
    top.insert("Values".into(), Value::map(values));
    Value::map(top)
}

/// Functions that run templates from inside a template, like helm's `include` and `tpl`.
fn funcs() -> FuncMap {
    let mut f = FuncMap::new();
    f.insert(
        "include",
        Func::contextual(&[Ty::String, Ty::Any], None, |ctx, a| {
            ctx.execute_template(a[0].as_str().unwrap_or_default(), &a[1])
                .map(Value::string)
                .map_err(FuncError::from_template)
        }),
    );
    f.insert(
        "tpl",
        Func::contextual(&[Ty::String, Ty::Any], None, |ctx, a| {
            ctx.parse_and_execute("gotpl", a[0].as_str().unwrap_or_default(), &a[1])
                .map(Value::string)
                .map_err(FuncError::from_template)
        }),
    );
    f
}

fuzz_target!(|input: &[u8]| {
    let Ok(text) = std::str::from_utf8(input) else {
        return;
    };
    // A helper file and a main file, like a chart's `_helpers.tpl` and a manifest.
    let (helpers, main) = text.split_once('\u{0}').unwrap_or(("", text));
    let mut set = Templates::new("t", Rc::new(funcs()));
    if set.parse("h", helpers).is_err() || set.parse("t", main).is_err() {
        return;
    }
    let opts = ExecOptions {
        max_steps: Some(100_000),
    };
    if let Ok(out) = set.execute("t", &data(), &opts) {
        // Output is bounded by the step budget times the largest single write.
        assert!(out.len() <= 64 * 1024 * 1024);
    }
});
