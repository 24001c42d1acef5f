//! Go's comparison builtins: `eq`, `ne`, `lt`, `le`, `gt`, `ge`.

use crate::value::Value;

#[derive(PartialEq, Clone, Copy)]
enum Kind {
    Bool,
    Int,
    Uint,
    Float,
    String,
    Other,
}

fn kind(v: &Value) -> Kind {
    match v {
        Value::Bool(_) => Kind::Bool,
        Value::Int(_) | Value::Int64(_) => Kind::Int,
        Value::Uint64(_) => Kind::Uint,
        Value::Float(_) => Kind::Float,
        Value::String(_) => Kind::String,
        _ => Kind::Other,
    }
}

fn int(v: &Value) -> i64 {
    match v {
        Value::Int(i) | Value::Int64(i) => *i,
        _ => 0,
    }
}

fn uint(v: &Value) -> u64 {
    if let Value::Uint64(u) = v {
        *u
    } else {
        0
    }
}

fn incompatible(a: &Value, b: &Value) -> String {
    format!(
        "incompatible types for comparison: {} and {}",
        a.go_type(),
        b.go_type()
    )
}

fn is_nil(v: &Value) -> bool {
    v.is_nil()
}

/// `eq arg1 arg2...`: true if `arg1` equals any of the others.
pub fn eq(args: &[Value]) -> Result<Value, String> {
    let Some((a, rest)) = args.split_first() else {
        return Err("missing argument for comparison".into());
    };
    if rest.is_empty() {
        return Err("missing argument for comparison".into());
    }
    let ka = kind(a);
    for b in rest {
        let kb = kind(b);
        let truth = if ka != kb {
            match (ka, kb) {
                (Kind::Int, Kind::Uint) => int(a) >= 0 && int(a) as u64 == uint(b),
                (Kind::Uint, Kind::Int) => int(b) >= 0 && uint(a) == int(b) as u64,
                _ => {
                    if !is_nil(a) && !is_nil(b) {
                        return Err(incompatible(a, b));
                    }
                    false
                }
            }
        } else {
            match (a, b) {
                (Value::Bool(x), Value::Bool(y)) => x == y,
                (Value::Float(x), Value::Float(y)) => x == y,
                (Value::String(x), Value::String(y)) => x == y,
                _ if ka == Kind::Int => int(a) == int(b),
                _ if ka == Kind::Uint => uint(a) == uint(b),
                _ => {
                    if !same_reflect_kind(a, b) {
                        return Err(format!(
                            "non-comparable types {}: {}, {}: {}",
                            crate::fmt::sprintf("%s", std::slice::from_ref(a)),
                            a.go_type(),
                            b.go_type(),
                            crate::fmt::sprintf("%v", std::slice::from_ref(b))
                        ));
                    }
                    if is_nil(a) || is_nil(b) {
                        is_nil(a) == is_nil(b)
                    } else if !comparable(b) {
                        return Err(format!(
                            "non-comparable type {}: {}",
                            crate::fmt::sprintf("%s", std::slice::from_ref(b)),
                            b.go_type()
                        ));
                    } else {
                        a == b
                    }
                }
            }
        };
        if truth {
            return Ok(Value::Bool(true));
        }
    }
    Ok(Value::Bool(false))
}

/// Go's `canCompare`: the same `reflect.Kind`, or one side an untyped nil.
fn same_reflect_kind(a: &Value, b: &Value) -> bool {
    let kind = |v: &Value| match v {
        Value::Nil => None,
        Value::List(_) | Value::Bytes(_) => Some("slice"),
        Value::Map(_) => Some("map"),
        Value::Object(o) if o.type_name().starts_with('*') => Some("ptr"),
        Value::Object(o) if !o.comparable() => Some("map"),
        Value::Object(_) => Some("struct"),
        _ => Some("other"),
    };
    match (kind(a), kind(b)) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    }
}

/// Go's `Type.Comparable` for the kinds `eq` can meet after its basic kinds.
fn comparable(v: &Value) -> bool {
    match v {
        Value::List(_) | Value::Map(_) | Value::Bytes(_) => false,
        Value::Object(o) => o.comparable(),
        _ => true,
    }
}

pub fn ne(args: &[Value]) -> Result<Value, String> {
    Ok(Value::Bool(!eq(args)?.truthy()))
}

fn less(a: &Value, b: &Value) -> Result<bool, String> {
    let (ka, kb) = (kind(a), kind(b));
    if ka == Kind::Other || kb == Kind::Other {
        return Err("invalid type for comparison".into());
    }
    if ka != kb {
        return match (ka, kb) {
            (Kind::Int, Kind::Uint) => Ok(int(a) < 0 || (int(a) as u64) < uint(b)),
            (Kind::Uint, Kind::Int) => Ok(int(b) >= 0 && uint(a) < int(b) as u64),
            _ => Err(incompatible(a, b)),
        };
    }
    Ok(match (a, b) {
        (Value::Float(x), Value::Float(y)) => x < y,
        (Value::String(x), Value::String(y)) => x.as_bytes() < y.as_bytes(),
        (Value::Bool(_), _) => return Err("invalid type for comparison".into()),
        _ if ka == Kind::Int => int(a) < int(b),
        _ => uint(a) < uint(b),
    })
}

pub fn lt(args: &[Value]) -> Result<Value, String> {
    Ok(Value::Bool(less(&args[0], &args[1])?))
}

pub fn le(args: &[Value]) -> Result<Value, String> {
    let l = less(&args[0], &args[1])?;
    Ok(Value::Bool(l || eq(args)?.truthy()))
}

pub fn gt(args: &[Value]) -> Result<Value, String> {
    Ok(Value::Bool(!le(args)?.truthy()))
}

pub fn ge(args: &[Value]) -> Result<Value, String> {
    Ok(Value::Bool(!lt(args)?.truthy()))
}
