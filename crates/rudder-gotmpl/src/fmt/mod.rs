//! Go's `fmt` and `strconv` formatting of template values: `%v`, `Sprint`, `Sprintf`, quoting,
//! and the escapers behind the `html`, `js` and `urlquery` builtins.

mod escape;
mod float;
mod verbs;

pub use escape::{eval_args_string, html_escape, js_escape, url_query_escape};
pub use float::{format_float, format_float_v};
pub use rudder_gocompat::quote::{is_print, quote, quote_ascii, quote_with, unquote, unquote_char};
pub use verbs::{go_syntax_bytes, go_syntax_elem, sprintf};

/// The address printed for a pointer inside a container: Go prints the real one, which
/// differs from run to run; a fixed address in Go's heap range stands for it.
pub const POINTER_STAND_IN: u64 = 0xc000010000;

/// `%#v` of a pointer inside a container.
pub fn go_pointer(type_name: &str) -> String {
    format!("(*{type_name})({POINTER_STAND_IN:#x})")
}

use crate::value::Value;

/// Go's `fmt.Sprint` of one value (`%v`).
pub fn format_v(v: &Value) -> String {
    let mut out = String::new();
    write_v(&mut out, v, &mut Vec::new());
    out
}

/// Marks a map printed inside itself: Go recurses until its stack overflows and crashes.
const CYCLE: &str = "%!v(map contains itself)";

/// `inside` holds the maps being printed, to stop at one that contains itself.
fn write_v(out: &mut String, v: &Value, inside: &mut Vec<*const crate::value::MapCell>) {
    match v {
        Value::Nil => out.push_str("<nil>"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) | Value::Int64(i) => out.push_str(&i.to_string()),
        Value::Uint64(u) => out.push_str(&u.to_string()),
        Value::Float(f) => out.push_str(&format_float_v(*f)),
        Value::Complex(re, im) => {
            // The imaginary part always carries its sign.
            let im = format_float_v(*im);
            let sign = if im.starts_with(['-', '+']) { "" } else { "+" };
            out.push_str(&format!("({}{sign}{im}i)", format_float_v(*re)));
        }
        Value::String(s) => out.push_str(s),
        Value::Bytes(b) => write_byte_list(out, b),
        Value::List(l) => {
            out.push('[');
            for (i, item) in l.items.iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                write_elem(out, item, inside);
            }
            out.push(']');
        }
        Value::Map(m) => {
            let at = std::rc::Rc::as_ptr(m);
            if inside.contains(&at) {
                out.push_str(CYCLE);
                return;
            }
            inside.push(at);
            out.push_str("map[");
            for (i, (k, item)) in m.borrow().iter().enumerate() {
                if i > 0 {
                    out.push(' ');
                }
                out.push_str(k);
                out.push(':');
                write_elem(out, item, inside);
            }
            out.push(']');
            inside.pop();
        }
        Value::Object(o) => o.write_arg(out),
    }
}

/// `%v` of a byte slice, `[104 105 10]`, written straight into `out`: templates print whole
/// files this way (a chart's `.Files` turned into a dict key), megabytes at a time.
pub fn write_byte_list(out: &mut String, bytes: &[u8]) {
    out.reserve(bytes.len() * 4 + 2);
    out.push('[');
    // Digits gathered in a small buffer and appended a chunk at a time: a `push` per digit
    // was most of printing a chart's `.Files`.
    let mut chunk = [0u8; 4096];
    let mut n = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if n > chunk.len() - 4 {
            push_ascii(out, &chunk[..n]);
            n = 0;
        }
        if i > 0 {
            chunk[n] = b' ';
            n += 1;
        }
        if b >= 100 {
            chunk[n] = b'0' + b / 100;
            n += 1;
        }
        if b >= 10 {
            chunk[n] = b'0' + b / 10 % 10;
            n += 1;
        }
        chunk[n] = b'0' + b % 10;
        n += 1;
    }
    push_ascii(out, &chunk[..n]);
    out.push(']');
}

/// Appends digits and spaces, which are always valid UTF-8.
fn push_ascii(out: &mut String, ascii: &[u8]) {
    out.push_str(std::str::from_utf8(ascii).unwrap_or_default());
}

/// An element of a container: a pointer without a `String` method prints as its address.
fn write_elem(out: &mut String, v: &Value, inside: &mut Vec<*const crate::value::MapCell>) {
    match v {
        Value::Object(o) if o.prints_as_address() && o.address() == 0 => out.push_str("<nil>"),
        Value::Object(o) if o.prints_as_address() => out.push_str(&format!("{:#x}", o.address())),
        v => write_v(out, v, inside),
    }
}

fn is_string(v: &Value) -> bool {
    matches!(v, Value::String(_))
}

/// Go's `fmt.Sprint`: operands joined, with a space between two operands when neither is a
/// string.
pub fn sprint(args: &[Value]) -> String {
    let mut out = String::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 && !is_string(a) && !is_string(&args[i - 1]) {
            out.push(' ');
        }
        write_v(&mut out, a, &mut Vec::new());
    }
    out
}

/// Go's `fmt.Sprintln`: operands joined by spaces, then a newline.
pub fn sprintln(args: &[Value]) -> String {
    let mut out = String::new();
    for (i, a) in args.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        write_v(&mut out, a, &mut Vec::new());
    }
    out.push('\n');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v_of_collections() {
        let mut m = crate::value::Map::new();
        m.insert("b".into(), Value::Float(2.0));
        m.insert(
            "a".into(),
            Value::list(vec![Value::Int(1), Value::Nil, Value::str("x")]),
        );
        assert_eq!(format_v(&Value::map(m)), "map[a:[1 <nil> x] b:2]");
        assert_eq!(format_v(&Value::bytes(b"x: 1".to_vec())), "[120 58 32 49]");
    }

    #[test]
    fn sprint_spacing() {
        assert_eq!(sprint(&[Value::Int(1), Value::Int(2)]), "1 2");
        assert_eq!(
            sprint(&[Value::str("a"), Value::Int(1), Value::str("b")]),
            "a1b"
        );
        assert_eq!(sprintln(&[Value::str("a"), Value::Int(1)]), "a 1\n");
    }

    #[test]
    fn byte_lists_longer_than_one_chunk() {
        let bytes: Vec<u8> = (0..5000).map(|i| (i * 7 % 256) as u8).collect();
        let mut out = String::new();
        write_byte_list(&mut out, &bytes);
        assert_eq!(out, format!("{bytes:?}").replace(", ", " "));
    }
}
