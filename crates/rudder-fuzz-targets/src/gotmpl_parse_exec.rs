//! Parses and executes arbitrary template text with the full function library, plus `include`-
//! and `tpl`-like functions that nest executions: no panic, no hang, no unbounded memory (a step
//! budget bounds execution). The input may hold a helpers file before a NUL byte.
//! `.Values.self` is `.Values` itself, so inputs meet maps that contain themselves; run with
//! `-dict=gotmpl.dict` (in `fuzz/`) to reach merges, `set` and serialisers of such maps sooner,
//! and with `-detect_leaks=0`. Such a map is a reference cycle, which a one-shot process lets
//! the operating system reclaim: each run breaks the one it built, but cycles a template makes
//! (`set .Values "x" .Values`) stay, so LeakSanitizer's check at exit is turned off too.

use std::rc::Rc;

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
    values.insert("m".into(), Value::empty_map());
    let values = Value::map(values);
    if let Value::Map(m) = &values {
        let _ = m.insert("self".into(), values.clone());
    }
    let mut top = Map::new();
    top.insert("Values".into(), values);
    Value::map(top)
}

/// Helm's functions plus ones that run templates from inside a template.
fn funcs() -> FuncMap {
    let mut f = rudder_funcs::helm_funcs();
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

/// The target's body: `input` is the fuzzer's input.
pub fn run(input: &[u8]) {
    let Ok(text) = std::str::from_utf8(input) else {
        return;
    };
    let (helpers, main) = text.split_once('\u{0}').unwrap_or(("", text));
    let mut set = Templates::new("t", Rc::new(funcs()));
    if set.parse("h", helpers).is_err() || set.parse("t", main).is_err() {
        return;
    }
    let opts = ExecOptions {
        max_steps: Some(20_000),
    };
    let data = data();
    let _ = set.execute("t", &data, &opts);
    if let Value::Map(top) = &data {
        if let Some(Value::Map(values)) = top.borrow().get("Values") {
            values.borrow_mut().remove("self");
        }
    }
}
