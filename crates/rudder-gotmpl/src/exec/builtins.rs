//! Go's predefined template functions. `and` and `or` short-circuit and `call` names its
//! operand, so the executor handles those three itself; the rest are ordinary functions.

use foldhash::HashMap;

use super::compare;
use crate::fmt;
use crate::func::{Func, FuncError, Ty};
use crate::value::Value;

/// The names of Go's builtins, for the parser's "function not defined" check.
const NAMES: &[&str] = &[
    "and", "or", "not", "len", "index", "print", "printf", "println", "html", "js", "urlquery",
    "call", "eq", "ne", "lt", "le", "gt", "ge",
];

pub fn is_builtin(name: &str) -> bool {
    NAMES.contains(&name)
}

thread_local! {
    static BUILTINS: HashMap<&'static str, Func> = build();
}

/// The builtin function `name`, if it is one.
pub fn get(name: &str) -> Option<Func> {
    BUILTINS.with(|b| b.get(name).cloned())
}

fn err(e: String) -> FuncError {
    FuncError::new(e)
}

fn build() -> HashMap<&'static str, Func> {
    let mut m = HashMap::default();
    let any1 = &[Ty::Any][..];
    // Evaluated by the executor (short-circuit); the entries carry the arity.
    m.insert("and", Func::variadic(any1, Ty::Any, |a| Ok(a[0].clone())));
    m.insert("or", Func::variadic(any1, Ty::Any, |a| Ok(a[0].clone())));
    m.insert("call", Func::variadic(any1, Ty::Any, |a| Ok(a[0].clone())));
    m.insert("not", Func::new(any1, |a| Ok(Value::Bool(!a[0].truthy()))));
    m.insert("len", Func::new(any1, |a| len(&a[0]).map_err(err)));
    m.insert(
        "index",
        Func::variadic(any1, Ty::Any, |a| index(&a[0], &a[1..]).map_err(err)),
    );
    m.insert(
        "print",
        Func::variadic(&[], Ty::Any, |a| Ok(Value::string(fmt::sprint(a)))),
    );
    m.insert(
        "println",
        Func::variadic(&[], Ty::Any, |a| Ok(Value::string(fmt::sprintln(a)))),
    );
    m.insert(
        "printf",
        Func::variadic(&[Ty::String], Ty::Any, |a| {
            Ok(Value::string(fmt::sprintf(
                a[0].as_str().unwrap_or_default(),
                &a[1..],
            )))
        }),
    );
    m.insert(
        "html",
        Func::variadic(&[], Ty::Any, |a| {
            Ok(Value::string(fmt::html_escape(&fmt::eval_args_string(a))))
        }),
    );
    m.insert(
        "js",
        Func::variadic(&[], Ty::Any, |a| {
            Ok(Value::string(fmt::js_escape(&fmt::eval_args_string(a))))
        }),
    );
    m.insert(
        "urlquery",
        Func::variadic(&[], Ty::Any, |a| {
            Ok(Value::string(fmt::url_query_escape(
                &fmt::eval_args_string(a),
            )))
        }),
    );
    m.insert(
        "eq",
        Func::variadic(any1, Ty::Any, |a| compare::eq(a).map_err(err)),
    );
    let two = &[Ty::Any, Ty::Any][..];
    m.insert("ne", Func::new(two, |a| compare::ne(a).map_err(err)));
    m.insert("lt", Func::new(two, |a| compare::lt(a).map_err(err)));
    m.insert("le", Func::new(two, |a| compare::le(a).map_err(err)));
    m.insert("gt", Func::new(two, |a| compare::gt(a).map_err(err)));
    m.insert("ge", Func::new(two, |a| compare::ge(a).map_err(err)));
    m
}

fn len(v: &Value) -> Result<Value, String> {
    let n = match v {
        Value::Nil => return Err("len of nil pointer".into()),
        Value::String(s) => crate::gostr::len(s),
        Value::Bytes(b) => b.len(),
        Value::List(l) => l.items.len(),
        Value::Map(m) => m.borrow().len(),
        Value::Object(o) => match o.to_plain() {
            Some(Value::List(l)) => l.items.len(),
            Some(Value::Map(m)) => m.borrow().len(),
            _ => return Err(format!("len of type {}", v.go_type())),
        },
        other => return Err(format!("len of type {}", other.go_type())),
    };
    Ok(Value::Int(n as i64))
}

fn index(item: &Value, indexes: &[Value]) -> Result<Value, String> {
    if item.is_nil() {
        return Err("index of untyped nil".into());
    }
    let mut item = item.clone();
    // An element of a string or byte slice is a Go `uint8`, which rudder holds as an int.
    let mut is_byte = false;
    for idx in indexes {
        if is_byte {
            return Err("can't index item of type uint8".into());
        }
        if item.is_nil() {
            return Err("index of nil pointer".into());
        }
        // Go indexes map and slice types only, never a struct (helm 3's `.Chart`).
        if let Value::Object(o) = &item {
            if matches!(o.go_kind(), "map" | "slice") {
                if let Some(plain @ (Value::List(_) | Value::Map(_))) = o.to_plain() {
                    item = plain;
                }
            }
        }
        item = match &item {
            Value::List(l) => {
                let i = index_arg(idx, l.items.len(), "slice")?;
                l.items[i].clone()
            }
            Value::String(s) => {
                let i = index_arg(idx, s.len(), "string")?;
                is_byte = true;
                Value::Int(s.as_bytes()[i] as i64)
            }
            Value::Bytes(b) => {
                let i = index_arg(idx, b.len(), "slice")?;
                is_byte = true;
                Value::Int(b[i] as i64)
            }
            Value::Map(m) => match idx {
                Value::String(k) => match m.borrow().get(k.as_ref()) {
                    Some(v) => v.clone(),
                    None => m.named().map_or(Value::Nil, |t| t.zero_element()),
                },
                Value::Nil => return Err("value is nil; should be of type string".into()),
                other => {
                    return Err(format!(
                        "value has type {}; should be string",
                        other.go_type()
                    ))
                }
            },
            other => return Err(format!("can't index item of type {}", other.go_type())),
        };
    }
    Ok(item)
}

fn index_arg(idx: &Value, len: usize, what: &str) -> Result<usize, String> {
    let x: i128 = match idx {
        Value::Int(i) | Value::Int64(i) => *i as i128,
        Value::Uint64(u) => *u as i128,
        Value::Nil => return Err("cannot index slice/array with nil".into()),
        other => {
            return Err(format!(
                "cannot index slice/array with type {}",
                other.go_type()
            ))
        }
    };
    if x < 0 || x > len as i128 {
        return Err(format!("index out of range: {x}"));
    }
    if x == len as i128 {
        return Err(format!("reflect: {what} index out of range"));
    }
    Ok(x as usize)
}
