//! Go's `fmt.Sprintf` over template values: verbs, flags, width, precision, argument indexes
//! and Go's error forms (`%!d(string=x)`, `%!d(MISSING)`, `%!(EXTRA ...)`).

use super::{format_float, format_v, quote, quote_ascii, quote_with, POINTER_STAND_IN};
use crate::value::Value;

#[derive(Default, Clone, Copy)]
struct Spec {
    plus: bool,
    /// `%+v` (Go's plusV): structs that can name their fields print `Name:value`.
    plus_v: bool,
    minus: bool,
    sharp: bool,
    zero: bool,
    space: bool,
    width: Option<usize>,
    prec: Option<usize>,
}

/// `fmt.Sprintf(format, args...)`.
pub fn sprintf(format: &str, args: &[Value]) -> String {
    if args.iter().any(Value::contains_itself) {
        // Go recurses into such a map until it crashes; print the marker `%v` uses instead.
        let printable: Vec<Value> = args
            .iter()
            .map(|a| match a.contains_itself() {
                true => Value::string(super::format_v(a)),
                false => a.clone(),
            })
            .collect();
        return sprintf(format, &printable);
    }
    let mut out = String::new();
    let mut arg_num = 0usize;
    let mut reordered = false;
    let chars: Vec<char> = format.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '%' {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        i += 1;
        let mut spec = Spec::default();
        while i < chars.len() {
            match chars[i] {
                '+' => spec.plus = true,
                '-' => spec.minus = true,
                '#' => spec.sharp = true,
                '0' => spec.zero = true,
                ' ' => spec.space = true,
                _ => break,
            }
            i += 1;
        }
        // Argument index, width (or *), precision (or *).
        let mut bad_index = false;
        let mut take_index = |i: &mut usize, arg_num: &mut usize| {
            if *i < chars.len() && chars[*i] == '[' {
                reordered = true;
                // Go's parseArgNumber: `[n]` with decimal digits only; a malformed index
                // skips through its `]`, or just the `[` when there is no `]`.
                let close = chars[*i..].iter().position(|&c| c == ']');
                match close {
                    Some(c) => {
                        let inner = &chars[*i + 1..*i + c];
                        let (n, end) = parse_num(&chars[..*i + c], *i + 1);
                        match n {
                            Some(n) if end == *i + c && !inner.is_empty() => {
                                if n >= 1 && n <= args.len() {
                                    *arg_num = n - 1;
                                } else {
                                    bad_index = true;
                                }
                            }
                            _ => bad_index = true,
                        }
                        *i += c + 1;
                    }
                    None => {
                        bad_index = true;
                        *i += 1;
                    }
                }
            }
        };
        take_index(&mut i, &mut arg_num);
        if i < chars.len() && chars[i] == '*' {
            i += 1;
            match args.get(arg_num) {
                Some(Value::Int(n) | Value::Int64(n)) if !too_large(*n) => {
                    if *n < 0 {
                        spec.minus = true;
                    }
                    spec.width = Some(n.unsigned_abs() as usize);
                }
                _ => out.push_str("%!(BADWIDTH)"),
            }
            arg_num += 1;
        } else {
            let (width, next) = parse_num(&chars, i);
            spec.width = width;
            i = next;
        }
        if i < chars.len() && chars[i] == '.' {
            i += 1;
            take_index(&mut i, &mut arg_num);
            if i < chars.len() && chars[i] == '*' {
                i += 1;
                match args.get(arg_num) {
                    Some(Value::Int(n) | Value::Int64(n)) if *n >= 0 && !too_large(*n) => {
                        spec.prec = Some(*n as usize)
                    }
                    _ => out.push_str("%!(BADPREC)"),
                }
                arg_num += 1;
            } else {
                let (prec, next) = parse_num(&chars, i);
                spec.prec = Some(prec.unwrap_or(0));
                i = next;
            }
        }
        take_index(&mut i, &mut arg_num);
        let Some(&verb) = chars.get(i) else {
            out.push_str("%!(NOVERB)");
            break;
        };
        i += 1;
        if verb == '%' {
            out.push('%');
            continue;
        }
        if bad_index {
            out.push_str(&format!("%!{verb}(BADINDEX)"));
            continue;
        }
        let Some(arg) = args.get(arg_num) else {
            out.push_str(&format!("%!{verb}(MISSING)"));
            continue;
        };
        arg_num += 1;
        out.push_str(&format_top(verb, spec, arg));
    }
    if !reordered && arg_num < args.len() {
        out.push_str("%!(EXTRA ");
        let extra: Vec<String> = args[arg_num..]
            .iter()
            .map(|a| match a {
                Value::Nil => "<nil>".to_string(),
                a => format!("{}={}", a.go_type(), format_v(a)),
            })
            .collect();
        out.push_str(&extra.join(", "));
        out.push(')');
    }
    out
}

/// Go's `%!verb(type=value)`: the value printed as `%v` with the verb's flags, width and
/// precision.
fn bad_verb(verb: char, spec: Spec, arg: &Value) -> String {
    match arg {
        Value::Nil => format!("%!{verb}(<nil>)"),
        // While it reports an error, Go calls no `String` method: a struct shows its fields.
        Value::Object(o) => format!(
            "%!{verb}({}={})",
            arg.go_type(),
            format_object('v', spec, o.as_ref(), arg)
        ),
        // Go prints the value with `v` but keeps `+` and `#` as plain flags (not plusV/sharpV).
        a => format!("%!{verb}({}={})", a.go_type(), format_value('v', spec, a)),
    }
}

fn pad(s: String, spec: Spec, numeric: bool) -> String {
    let Some(w) = spec.width else { return s };
    let len = s.chars().count();
    if len >= w {
        return s;
    }
    let fill = w - len;
    if spec.minus {
        return s + &" ".repeat(fill);
    }
    if spec.zero && numeric {
        let (sign, digits) = match s.chars().next() {
            Some(c @ ('+' | '-' | ' ')) => (c.to_string(), s[1..].to_string()),
            _ => (String::new(), s),
        };
        return sign + &"0".repeat(fill) + &digits;
    }
    // Go pads everything else with zeros too when asked (`%05s` → `000ab`).
    let fill_char = if spec.zero { "0" } else { " " };
    fill_char.repeat(fill) + &s
}

fn sign(neg: bool, spec: Spec) -> &'static str {
    if neg {
        "-"
    } else if spec.plus {
        "+"
    } else if spec.space {
        " "
    } else {
        ""
    }
}

/// Go's `rune(c)` for `%c`/`%q` of an integer: out-of-range values become U+FFFD.
fn rune(neg: bool, mag: u128) -> char {
    if neg || mag > 0x10FFFF {
        return '\u{FFFD}';
    }
    char::from_u32(mag as u32).unwrap_or('\u{FFFD}')
}

fn format_int(verb: char, spec: Spec, neg: bool, mag: u128, go_type: &str, arg: &Value) -> String {
    let digits = match verb {
        'd' | 'v' => mag.to_string(),
        'b' => format!("{mag:b}"),
        'o' | 'O' => format!("{mag:o}"),
        'x' => format!("{mag:x}"),
        'X' => format!("{mag:X}"),
        'c' => return pad(rune(neg, mag).to_string(), spec, false),
        'q' => {
            let c = rune(neg, mag).to_string();
            let quoted = if spec.plus {
                quote_ascii(&c, '\'')
            } else {
                quote_with(&c, '\'')
            };
            return pad(quoted, spec, false);
        }
        'U' => {
            // Go prints the value as a uint64 (two's complement for negatives).
            let u = if neg {
                (mag as u64).wrapping_neg()
            } else {
                mag as u64
            };
            let mut s = format!("U+{u:04X}");
            if spec.sharp && u <= 0x10FFFF {
                if let Some(c) = char::from_u32(u as u32).filter(|c| super::is_print(*c)) {
                    s.push_str(&format!(" '{c}'"));
                }
            }
            return pad(s, spec, false);
        }
        _ => {
            let _ = go_type;
            return bad_verb(verb, spec, arg);
        }
    };
    let digits = match spec.prec {
        Some(p) if digits.len() < p => "0".repeat(p - digits.len()) + &digits,
        Some(0) if mag == 0 => String::new(),
        _ => digits,
    };
    let prefix = match (verb, spec.sharp) {
        ('x', true) => "0x",
        ('X', true) => "0X",
        ('o', true) if !digits.starts_with('0') => "0",
        ('O', _) => "0o",
        ('b', true) => "0b",
        _ => "",
    };
    let mut s = format!("{}{prefix}{digits}", sign(neg, spec));
    if spec.prec.is_some() {
        // An explicit precision disables zero padding.
        s = pad(
            s,
            Spec {
                zero: false,
                ..spec
            },
            true,
        );
        return s;
    }
    pad(s, spec, true)
}

fn format_float_verb(verb: char, spec: Spec, f: f64, arg: &Value) -> String {
    let prec = spec.prec.map(|p| p as i32).unwrap_or(-1);
    let body = match verb {
        'v' | 'g' => format_float(f, b'g', prec, 64),
        'G' => format_float(f, b'G', prec, 64),
        'e' | 'E' => format_float(f, verb as u8, if prec < 0 { 6 } else { prec }, 64),
        'f' | 'F' => format_float(f, b'f', if prec < 0 { 6 } else { prec }, 64),
        'x' | 'X' | 'b' => format_float(f, verb as u8, prec, 64),
        _ => return bad_verb(verb, spec, arg),
    };
    // `%#v` never gets here (Go syntax); a `v` with `#` is a bad verb's value, which Go formats
    // as `%#g`.
    let body = if spec.sharp && verb != 'b' && f.is_finite() {
        sharp_float(&body, verb, prec)
    } else {
        body
    };
    let body = if !body.starts_with('-') && (spec.plus || spec.space) && !f.is_nan() {
        format!("{}{body}", if spec.plus { "+" } else { " " })
    } else {
        body
    };
    pad(body, spec, f.is_finite())
}

/// Go's `#` flag on floats: always a decimal point, and for `%g`/`%x` the trailing zeros up to
/// the precision (6 by default), counted in significant digits.
fn sharp_float(body: &str, verb: char, prec: i32) -> String {
    let mut digits: i32 = match verb {
        'v' | 'g' | 'G' | 'x' => {
            if prec < 0 {
                6
            } else {
                prec
            }
        }
        _ => 0,
    };
    let (sign, rest) = match body.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", body),
    };
    let mut num = String::new();
    let mut tail = "";
    let mut has_point = false;
    let mut nonzero = false;
    for (i, c) in rest.char_indices() {
        match c {
            '.' => has_point = true,
            'p' | 'P' => {
                tail = &rest[i..];
                break;
            }
            'e' | 'E' if verb != 'x' && verb != 'X' => {
                tail = &rest[i..];
                break;
            }
            _ => {
                nonzero = nonzero || c != '0';
                if nonzero {
                    digits -= 1;
                }
            }
        }
        num.push(c);
    }
    if !has_point {
        if num == "0" {
            digits -= 1;
        }
        num.push('.');
    }
    while digits > 0 {
        num.push('0');
        digits -= 1;
    }
    format!("{sign}{num}{tail}")
}

fn format_str(verb: char, spec: Spec, s: &str, arg: &Value) -> String {
    let s = match spec.prec {
        Some(p) => s.chars().take(p).collect::<String>(),
        None => s.to_string(),
    };
    let body = match verb {
        'v' | 's' => s,
        'q' => {
            if spec.sharp && !s.contains('`') {
                format!("`{s}`")
            } else if spec.plus {
                quote_ascii(&s, '"')
            } else {
                quote(&s)
            }
        }
        'x' => hex_bytes(&crate::gostr::to_bytes(&s), spec, false),
        'X' => hex_bytes(&crate::gostr::to_bytes(&s), spec, true),
        _ => return bad_verb(verb, spec, arg),
    };
    pad(body, spec, false)
}

fn hex_bytes(b: &[u8], spec: Spec, upper: bool) -> String {
    let mut out = String::new();
    for (i, byte) in b.iter().enumerate() {
        if spec.space && i > 0 {
            out.push(' ');
        }
        if spec.sharp && (spec.space || i == 0) {
            out.push_str(if upper { "0X" } else { "0x" });
        }
        out.push_str(&if upper {
            format!("{byte:02X}")
        } else {
            format!("{byte:02x}")
        });
    }
    out
}

/// `%#v`: Go-syntax representation of a value given to `printf` itself.
fn go_syntax(v: &Value) -> String {
    go_syntax_at(v, false)
}

/// `%#v` at the top (`nested` false) or inside a container, where Go prints a pointer as its
/// address and a byte slice under its reflected name `[]uint8`.
fn go_syntax_at(v: &Value, nested: bool) -> String {
    match v {
        Value::Nil => "<nil>".into(),
        Value::String(s) => quote(s),
        Value::Float(f) => format_float(*f, b'g', -1, 64),
        Value::Uint64(u) => format!("{u:#x}"),
        Value::List(l) if l.nil => format!("{}(nil)", l.elem.go_name()),
        Value::List(l) => {
            let items: Vec<String> = l.items.iter().map(go_syntax_elem).collect();
            format!("{}{{{}}}", l.elem.go_name(), items.join(", "))
        }
        Value::Map(m) if m.is_nil() => format!("{}(nil)", v.go_type()),
        Value::Map(m) => {
            let items: Vec<String> = m
                .borrow()
                .iter()
                .map(|(k, v)| format!("{}:{}", quote(k), go_syntax_elem(v)))
                .collect();
            format!("{}{{{}}}", v.go_type(), items.join(", "))
        }
        Value::Bytes(b) => {
            let name = if nested { "[]uint8" } else { "[]byte" };
            format!("{name}{{{}}}", go_syntax_bytes(b))
        }
        // Inside a container Go prints a pointer as its address.
        Value::Object(o) => match o.type_name().strip_prefix('*') {
            Some(pointee) if nested => super::go_pointer(pointee),
            _ => o.go_syntax(),
        },
        other => format_v(other),
    }
}

/// The elements of a byte slice under `%#v`: `0x68, 0x69`.
pub fn go_syntax_bytes(b: &[u8]) -> String {
    let items: Vec<String> = b.iter().map(|x| format!("{x:#x}")).collect();
    items.join(", ")
}

/// `%#v` of an element of an `interface{}` container: a nil prints `interface {}(nil)`.
pub fn go_syntax_elem(v: &Value) -> String {
    match v {
        Value::Nil => "interface {}(nil)".into(),
        other => go_syntax_at(other, true),
    }
}

/// An element of an `interface{}` container: a nil prints `<nil>` whatever the verb, width
/// and flags.
fn format_elem(verb: char, spec: Spec, v: &Value) -> String {
    match v {
        Value::Nil => "<nil>".into(),
        // Go's `fmtPointer`: the address, as a number under the integer verbs.
        Value::Object(o) if o.prints_as_address() => match verb {
            'v' if o.address() == 0 => pad("<nil>".into(), spec, false),
            'v' | 'p' => pad(format!("{:#x}", o.address()), spec, false),
            'b' | 'o' | 'd' | 'x' | 'X' => format_value(verb, spec, &Value::Uint64(o.address())),
            _ => bad_verb(verb, spec, v),
        },
        v => format_arg(verb, spec, v),
    }
}

/// An argument of `printf` itself: `%p` there is Go's `fmtPointer`, which only pointers, maps
/// and slices pass (the address, random in Go: a fixed stand-in here); inside a container each
/// element is formatted with the verb as usual.
fn format_top(verb: char, spec: Spec, arg: &Value) -> String {
    if verb != 'p' {
        return format_arg(verb, spec, arg);
    }
    let address = match arg {
        Value::List(l) if l.nil => Some(0),
        Value::Map(m) if m.is_nil() => Some(0),
        Value::List(_) | Value::Map(_) | Value::Bytes(_) => Some(POINTER_STAND_IN),
        Value::Object(o) if matches!(o.go_kind(), "ptr" | "map" | "slice") => Some(o.address()),
        _ => None,
    };
    match address {
        Some(a) => pad(format!("{a:#x}"), spec, false),
        None => bad_verb(verb, spec, arg),
    }
}

fn format_arg(verb: char, spec: Spec, arg: &Value) -> String {
    if verb == 'T' {
        return pad(arg.go_type(), spec, false);
    }
    if verb == 'v' && spec.sharp {
        return pad(go_syntax(arg), spec, false);
    }
    // `%+v` is Go's plusV: it names struct fields and does not sign numbers.
    let spec = if verb == 'v' {
        Spec {
            plus: false,
            plus_v: spec.plus_v || spec.plus,
            ..spec
        }
    } else {
        spec
    };
    format_value(verb, spec, arg)
}

/// One argument under a verb whose flags are final (`%#v` and `%+v` already resolved).
fn format_value(verb: char, spec: Spec, arg: &Value) -> String {
    match arg {
        Value::Nil => match verb {
            'v' => pad("<nil>".into(), spec, false),
            _ => bad_verb(verb, spec, arg),
        },
        Value::Bool(b) => match verb {
            'v' | 't' => pad(b.to_string(), spec, false),
            _ => bad_verb(verb, spec, arg),
        },
        Value::Int(i) | Value::Int64(i) => format_int(
            verb,
            spec,
            *i < 0,
            i.unsigned_abs() as u128,
            &arg.go_type(),
            arg,
        ),
        Value::Uint64(u) => format_int(verb, spec, false, *u as u128, "uint64", arg),
        Value::Float(f) => format_float_verb(verb, spec, *f, arg),
        Value::Complex(re, im) => match verb {
            'v' | 'b' | 'g' | 'G' | 'x' | 'X' | 'f' | 'F' | 'e' | 'E' => {
                let imaginary = Spec { plus: true, ..spec };
                format!(
                    "({}{}i)",
                    format_float_verb(verb, spec, *re, arg),
                    format_float_verb(verb, imaginary, *im, arg)
                )
            }
            _ => bad_verb(verb, spec, arg),
        },
        Value::String(s) => format_str(verb, spec, s, arg),
        Value::Bytes(b) => match verb {
            's' => pad(crate::gostr::from_bytes(b).into_owned(), spec, false),
            'q' => pad(quote(&String::from_utf8_lossy(b)), spec, false),
            'x' => pad(hex_bytes(b, spec, false), spec, false),
            'X' => pad(hex_bytes(b, spec, true), spec, false),
            _ => {
                let items: Vec<String> = b
                    .iter()
                    .map(|x| {
                        format_arg(
                            verb,
                            Spec {
                                width: None,
                                ..spec
                            },
                            &Value::Int(*x as i64),
                        )
                    })
                    .collect();
                pad(format!("[{}]", items.join(" ")), spec, false)
            }
        },
        Value::List(l) => {
            let inner = Spec {
                width: spec.width,
                ..spec
            };
            let items: Vec<String> = l
                .items
                .iter()
                .map(|x| format_elem(verb, inner, x))
                .collect();
            format!("[{}]", items.join(" "))
        }
        Value::Map(m) => {
            let items: Vec<String> = m
                .borrow()
                .iter()
                .map(|(k, v)| {
                    format!(
                        "{}:{}",
                        format_str(verb, spec, k, &Value::str(k)),
                        format_elem(verb, spec, v)
                    )
                })
                .collect();
            format!("map[{}]", items.join(" "))
        }
        Value::Object(o) => match verb {
            'v' if o.has_string_method() => pad(o.format_arg(), spec, false),
            's' | 'x' | 'X' | 'q' if o.has_string_method() => {
                format_str(verb, spec, &o.format_arg(), arg)
            }
            _ => format_object(verb, spec, o.as_ref(), arg),
        },
    }
}

/// An object under a verb it has no method for: Go formats what it is made of, a struct's
/// fields (behind `&` for a pointer), a map's or a slice's entries.
fn format_object(verb: char, spec: Spec, o: &dyn crate::value::Object, arg: &Value) -> String {
    if let Some(named) = o.named_struct_fields().filter(|_| spec.plus_v) {
        let items: Vec<String> = named
            .iter()
            .map(|(name, f)| format!("{name}:{}", format_elem(verb, spec, f)))
            .collect();
        let pointer = if o.type_name().starts_with('*') {
            "&"
        } else {
            ""
        };
        return format!("{pointer}{{{}}}", items.join(" "));
    }
    if let Some(fields) = o.struct_fields() {
        let items: Vec<String> = fields.iter().map(|f| format_elem(verb, spec, f)).collect();
        let pointer = if o.type_name().starts_with('*') {
            "&"
        } else {
            ""
        };
        return format!("{pointer}{{{}}}", items.join(" "));
    }
    match o.to_plain() {
        Some(plain @ (Value::Map(_) | Value::List(_))) => format_value(verb, spec, &plain),
        _ if verb == 'v' => pad(o.format_arg(), spec, false),
        _ => bad_verb(verb, spec, arg),
    }
}

/// Go's `tooLarge`: widths and precisions beyond a million are refused.
fn too_large(n: i64) -> bool {
    !(-1_000_000..=1_000_000).contains(&n)
}

/// Go's `parsenum`: the digits at `i`; a number that grows too large consumes the rest of the
/// format (so the verb goes missing, as in Go).
fn parse_num(chars: &[char], mut i: usize) -> (Option<usize>, usize) {
    let mut num: i64 = 0;
    let mut found = false;
    while let Some(d) = chars.get(i).and_then(|c| c.to_digit(10)) {
        if too_large(num) {
            return (None, chars.len());
        }
        num = num * 10 + i64::from(d);
        found = true;
        i += 1;
    }
    (found.then_some(num as usize), i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn f(format: &str, args: &[Value]) -> String {
        sprintf(format, args)
    }

    // Go: `%p` of a map or slice argument is its (random) address; of its elements, not.
    #[test]
    fn pointer_verb_takes_containers_at_the_top_only() {
        let list = Value::list(vec![Value::Int(1)]);
        assert_eq!(f("%p", std::slice::from_ref(&list)), "0xc000010000");
        assert_eq!(f("%p", &[Value::list(vec![list])]), "0xc000010000");
        assert_eq!(f("%p", &[Value::Int(1)]), "%!p(int=1)");
    }

    // Expectations from helm v4.1.4 `printf` and compat-notes D7.
    #[test]
    fn verbs_and_errors() {
        assert_eq!(
            f(
                "%5.2f|%-4d|%x",
                &[Value::Float(4.56789), Value::Int(7), Value::str("hi")]
            ),
            " 4.57|7   |6869"
        );
        assert_eq!(f("%d", &[Value::Float(1e6)]), "%!d(float64=1e+06)");
        assert_eq!(f("%s", &[Value::Int(5)]), "%!s(int=5)");
        assert_eq!(f("%d", &[]), "%!d(MISSING)");
        assert_eq!(f("1", &[Value::Int(2)]), "1%!(EXTRA int=2)");
        assert_eq!(
            f(
                "%T %T %T",
                &[Value::Float(1.0), Value::Int64(1), Value::list(vec![])]
            ),
            "float64 int64 []interface {}"
        );
        assert_eq!(
            f(
                "%05d|%+d|%q|%v",
                &[
                    Value::Int(42),
                    Value::Int(3),
                    Value::str("a\"b"),
                    Value::Nil
                ]
            ),
            "00042|+3|\"a\\\"b\"|<nil>"
        );
        let mut m = crate::value::Map::new();
        m.insert("a".into(), Value::Int(1));
        assert_eq!(
            f("%#v", &[Value::map(m)]),
            "map[string]interface {}{\"a\":1}"
        );
        assert_eq!(f("%s", &[Value::list(vec![Value::Int(1)])]), "[%!s(int=1)]");
        assert_eq!(f("%!", &[]), "%!!(MISSING)");
    }
}
