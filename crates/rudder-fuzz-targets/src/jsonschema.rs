//! Compile arbitrary bytes as a JSON Schema and validate arbitrary JSON against it: no panic,
//! no hang (reference loops end in errors), no unbounded memory.

use rudder_jsonschema::{compile, parse, Loader, Value};

/// Remote documents resolve to nothing, `urn:`s to the permissive schema, as helm's would.
struct Offline;

impl Loader for Offline {
    fn load(&self, url: &str) -> Result<Value, String> {
        if url.starts_with("urn:") {
            Ok(Value::Bool(true))
        } else {
            Err("offline".into())
        }
    }
}

fn validate(data: &[u8]) {
    // The schema, a NUL byte, then the instance.
    let (schema, instance) = match data.iter().position(|b| *b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &b"{}"[..]),
    };
    let Ok(schema) = parse(schema) else { return };
    let Ok(instance) = parse(instance) else {
        return;
    };
    if let Ok(compiled) = compile("file:///values.schema.json", schema, &Offline) {
        let _ = compiled.validate(&instance).map_err(|e| e.to_string());
    }
}

/// The target's body: `data` is the fuzzer's input.
pub fn run(data: &[u8]) {
    // Nesting recurses; rudder validates on its render thread, which has a 1 GiB stack.
    let data = data.to_vec();
    std::thread::Builder::new()
        .stack_size(1 << 30)
        .spawn(move || validate(&data))
        .expect("spawn")
        .join()
        .expect("no panic");
}
