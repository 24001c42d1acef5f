//! JSON read as Go's `encoding/json` decodes into `interface{}`: numbers are float64.

use rudder_gotmpl::{Map, Value};

/// Parses JSON text; the error is Go's message where it is a common one.
pub fn parse_json(text: &str) -> Result<Value, String> {
    let v: serde_json::Value = serde_json::from_str(text).map_err(|e| go_json_error(text, &e))?;
    Ok(convert(v))
}

fn convert(v: serde_json::Value) -> Value {
    match v {
        serde_json::Value::Null => Value::Nil,
        serde_json::Value::Bool(b) => Value::Bool(b),
        serde_json::Value::Number(n) => Value::Float(n.as_f64().unwrap_or_default()),
        serde_json::Value::String(s) => Value::string(s),
        serde_json::Value::Array(items) => Value::list(items.into_iter().map(convert).collect()),
        serde_json::Value::Object(obj) => {
            let m: Map = obj.into_iter().map(|(k, v)| (k, convert(v))).collect();
            Value::map(m)
        }
    }
}

fn go_json_error(text: &str, e: &serde_json::Error) -> String {
    if text.trim().is_empty() || e.is_eof() {
        return "unexpected end of JSON input".into();
    }
    // Go names the offending character and what it was looking for.
    let offset = text
        .lines()
        .take(e.line().saturating_sub(1))
        .map(|l| l.len() + 1)
        .sum::<usize>()
        + e.column().saturating_sub(1);
    // serde_json's column may point inside a multi-byte character: step back to its start.
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let c = text.as_bytes().get(offset).copied().unwrap_or(b' ');
    // What Go's scanner was in the middle of, from what serde_json expected there.
    let message = e.to_string();
    let context = if message.starts_with("expected `,` or `]`") {
        "after array element"
    } else if message.starts_with("expected `,` or `}`") {
        "after object key:value pair"
    } else if message.starts_with("expected `:`") {
        "after object key"
    } else if message.starts_with("key must be a string") {
        "looking for beginning of object key string"
    } else if offset == 0
        || text[..offset].trim().is_empty()
        || message.starts_with("expected value")
        || message.starts_with("trailing comma")
    {
        "looking for beginning of value"
    } else {
        "after top-level value"
    };
    format!("invalid character {} {context}", go_char(c))
}

/// Go's `quoteChar`: the offending byte (the first of a multi-byte character) as the rune of
/// its value, quoted as `strconv.Quote` quotes it but between single quotes.
fn go_char(c: u8) -> String {
    match c {
        b'\'' => "'\\''".into(),
        b'"' => "'\"'".into(),
        c => {
            let quoted = rudder_gotmpl::fmt::quote(&char::from(c).to_string());
            format!("'{}'", &quoted[1..quoted.len() - 1])
        }
    }
}

#[cfg(test)]
mod tests {
    /// Found by fuzzing: an error column inside a multi-byte character.
    #[test]
    fn error_inside_a_multibyte_character() {
        assert!(super::parse_json("\"ct\\u\u{43f}\u{3a4}\n---[-\nt\nt\\t\n").is_err());
    }
}
