//! List functions (Sprig's list.go). The `must*` forms return the error; the plain forms abort
//! with the same message, as Sprig's panics surface through the template engine.

use rudder_gotmpl::{Builtin, FuncError, FuncResult, SliceType, Ty, Value};

use crate::conv::{list_items, to_int64};

/// What Sprig's reflection on a nil list reports (a Go nil dereference).
pub(crate) const NIL_DEREF: &str =
    "runtime error: invalid memory address or nil pointer dereference";

fn items(name: &str, v: &Value) -> Result<Vec<Value>, FuncError> {
    if v.is_nil() {
        return Err(FuncError::new(NIL_DEREF));
    }
    list_items(v).ok_or_else(|| FuncError::new(format!("Cannot {name} type {}", v.go_kind())))
}

/// Every function but `list`, `tuple` and `concat` has a `must` twin: the same function.
pub(crate) const FUNCS: &[Builtin] = &[
    Builtin::variadic("list", &[], Ty::Any, list),
    Builtin::variadic("tuple", &[], Ty::Any, list),
    Builtin::new("append", &[Ty::Any, Ty::Any], push),
    Builtin::new("mustAppend", &[Ty::Any, Ty::Any], push),
    Builtin::new("push", &[Ty::Any, Ty::Any], push),
    Builtin::new("mustPush", &[Ty::Any, Ty::Any], push),
    Builtin::new("prepend", &[Ty::Any, Ty::Any], prepend),
    Builtin::new("mustPrepend", &[Ty::Any, Ty::Any], prepend),
    Builtin::new("first", &[Ty::Any], first),
    Builtin::new("mustFirst", &[Ty::Any], first),
    Builtin::new("last", &[Ty::Any], last),
    Builtin::new("mustLast", &[Ty::Any], last),
    Builtin::new("rest", &[Ty::Any], rest),
    Builtin::new("mustRest", &[Ty::Any], rest),
    Builtin::new("initial", &[Ty::Any], initial),
    Builtin::new("mustInitial", &[Ty::Any], initial),
    Builtin::new("reverse", &[Ty::Any], reverse),
    Builtin::new("mustReverse", &[Ty::Any], reverse),
    Builtin::new("uniq", &[Ty::Any], uniq),
    Builtin::new("mustUniq", &[Ty::Any], uniq),
    Builtin::variadic("without", &[Ty::Any], Ty::Any, without),
    Builtin::variadic("mustWithout", &[Ty::Any], Ty::Any, without),
    Builtin::new("has", &[Ty::Any, Ty::Any], has),
    Builtin::new("mustHas", &[Ty::Any, Ty::Any], has),
    Builtin::variadic("slice", &[Ty::Any], Ty::Any, slice),
    Builtin::variadic("mustSlice", &[Ty::Any], Ty::Any, slice),
    Builtin::variadic("concat", &[], Ty::Any, concat),
    Builtin::new("chunk", &[Ty::Int, Ty::Any], chunk),
    Builtin::new("mustChunk", &[Ty::Int, Ty::Any], chunk),
];

/// `list V...` (and `tuple`): the arguments as a list.
fn list(a: &[Value]) -> FuncResult {
    Ok(Value::list(a.to_vec()))
}

/// `append LIST V` (and `push`): a new list with `v` at the end.
fn push(a: &[Value]) -> FuncResult {
    let mut l = items("push on", &a[0])?;
    l.push(a[1].clone());
    Ok(Value::list(l))
}

/// `prepend LIST V`: a new list with `v` first.
fn prepend(a: &[Value]) -> FuncResult {
    let mut l = vec![a[1].clone()];
    l.extend(items("prepend on", &a[0])?);
    Ok(Value::list(l))
}

/// `first LIST`: the first item, nil when empty.
fn first(a: &[Value]) -> FuncResult {
    Ok(items("find first on", &a[0])?
        .first()
        .cloned()
        .unwrap_or_default())
}

/// `last LIST`: the last item, nil when empty.
fn last(a: &[Value]) -> FuncResult {
    Ok(items("find last on", &a[0])?
        .last()
        .cloned()
        .unwrap_or_default())
}

/// `rest LIST`: all but the first item.
fn rest(a: &[Value]) -> FuncResult {
    // Sprig returns nil for an empty list.
    Ok(match items("find rest on", &a[0])?.get(1..) {
        Some(tail) => Value::list(tail.to_vec()),
        None => Value::nil_list(SliceType::Any),
    })
}

/// `initial LIST`: all but the last item.
fn initial(a: &[Value]) -> FuncResult {
    Ok(match items("find initial on", &a[0])?.split_last() {
        Some((_, init)) => Value::list(init.to_vec()),
        None => Value::nil_list(SliceType::Any),
    })
}

/// `reverse LIST`: the items in reverse order.
fn reverse(a: &[Value]) -> FuncResult {
    let mut l = items("find reverse on", &a[0])?;
    l.reverse();
    Ok(Value::list(l))
}

/// `uniq LIST`: the items without repeats, in first-seen order.
fn uniq(a: &[Value]) -> FuncResult {
    let mut out: Vec<Value> = Vec::new();
    for v in items("find uniq on", &a[0])? {
        if !out.contains(&v) {
            out.push(v);
        }
    }
    Ok(Value::list(out))
}

/// `without LIST V...`: the items that are none of the `v`s.
fn without(a: &[Value]) -> FuncResult {
    let l = items("find without on", &a[0])?;
    Ok(Value::list(
        l.into_iter().filter(|v| !a[1..].contains(v)).collect(),
    ))
}

/// `has V LIST`: whether the list holds `v` (same value and Go type).
fn has(a: &[Value]) -> FuncResult {
    if a[1].is_nil() {
        return Ok(Value::Bool(false));
    }
    let l = items("find has on", &a[1])?;
    Ok(Value::Bool(
        l.iter()
            .any(|v| v == &a[0] && v.go_type() == a[0].go_type()),
    ))
}

/// `slice LIST [START [END]]`: `list[start:end]`.
fn slice(a: &[Value]) -> FuncResult {
    if a[0].is_nil() {
        return Err(FuncError::new(NIL_DEREF));
    }
    let l = match list_items(&a[0]) {
        Some(l) => l,
        None => {
            return Err(FuncError::new(format!(
                "list should be type of slice or array but {}",
                a[0].go_kind()
            )))
        }
    };
    if l.is_empty() {
        // Sprig returns a nil interface for an empty list, whatever the indices.
        return Ok(Value::Nil);
    }
    let len = l.len() as i64;
    let start = a.get(1).map(to_int64).unwrap_or(0);
    let end = a.get(2).map(to_int64).unwrap_or(len);
    if start < 0 || end > len || start > end {
        return Err(FuncError::new(
            "reflect.Value.Slice: slice index out of bounds",
        ));
    }
    Ok(Value::list(l[start as usize..end as usize].to_vec()))
}

/// `concat LIST...`: the lists' items in one list.
fn concat(a: &[Value]) -> FuncResult {
    let mut out = Vec::new();
    for v in a {
        if !v.is_nil() && list_items(v).is_none() {
            return Err(FuncError::new(format!(
                "Cannot concat type {} as list",
                v.go_kind()
            )));
        }
        out.extend(items("concat", v)?);
    }
    Ok(Value::appended_list(SliceType::Any, out))
}

/// `chunk SIZE LIST`: the list cut into lists of `size` items.
fn chunk(a: &[Value]) -> FuncResult {
    let l = items("chunk", &a[1])?;
    let size = to_int64(&a[0]);
    if size <= 0 {
        // Sprig sizes its result with ceil(len/size): ±Inf or NaN for size 0, negative below.
        return Err(FuncError::new("runtime error: makeslice: len out of range"));
    }
    let size = size as usize;
    Ok(Value::typed_list(
        SliceType::Lists,
        l.chunks(size).map(|c| Value::list(c.to_vec())).collect(),
    ))
}
