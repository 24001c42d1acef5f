//! Parse arbitrary `--set` and `--set-json` arguments: no panic.

use rudder_chart::strvals::{parse_into, Mode};
use rudder_gotmpl::Value;

/// The target's body: `data` is the fuzzer's input.
pub fn run(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for mode in [Mode::Typed, Mode::String, Mode::Json] {
        let v = Value::empty_map();
        let _ = parse_into(text, v.as_map().expect("a map"), mode, &|_| {
            Ok(String::new())
        });
    }
}
