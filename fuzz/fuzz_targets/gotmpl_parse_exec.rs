//! Parse arbitrary template text and execute it with the full function library and a step
//! budget: no panic, no hang, no unbounded memory.
#![no_main]

use std::rc::Rc;

use libfuzzer_sys::fuzz_target;
use rudder_gotmpl::{ExecOptions, Templates, Value};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let mut set = Templates::new("fuzz", Rc::new(rudder_funcs::helm_funcs()));
    if set.parse("t", text).is_err() {
        return;
    }
    let mut values = rudder_gotmpl::Map::new();
    values.insert("a".into(), Value::list(vec![Value::Float(1.0), Value::str("x")]));
    values.insert("m".into(), Value::empty_map());
    let opts = ExecOptions { max_steps: Some(20_000) };
    let _ = set.execute("t", &Value::map(values), &opts);
});
