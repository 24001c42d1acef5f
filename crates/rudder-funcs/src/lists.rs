//! List functions (Sprig's list.go). The `must*` forms return the error; the plain forms abort
//! with the same message, as Sprig's panics surface through the template engine.

use rudder_gotmpl::{Func, FuncError, FuncMap, SliceType, Ty, Value};

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

fn both(
    m: &mut FuncMap,
    name: &str,
    must: &str,
    params: &'static [Ty],
    variadic: Option<Ty>,
    f: fn(&[Value]) -> Result<Value, FuncError>,
) {
    for n in [name, must] {
        let func = match variadic {
            Some(v) => Func::variadic(params, v, f),
            None => Func::new(params, f),
        };
        m.insert(n, func);
    }
}

pub fn register(m: &mut FuncMap) {
    m.insert(
        "list",
        Func::variadic(&[], Ty::Any, |a| Ok(Value::list(a.to_vec()))),
    );
    m.insert(
        "tuple",
        Func::variadic(&[], Ty::Any, |a| Ok(Value::list(a.to_vec()))),
    );
    for (name, must) in [("append", "mustAppend"), ("push", "mustPush")] {
        both(m, name, must, &[Ty::Any, Ty::Any], None, |a| {
            let mut l = items("push on", &a[0])?;
            l.push(a[1].clone());
            Ok(Value::list(l))
        });
    }
    both(
        m,
        "prepend",
        "mustPrepend",
        &[Ty::Any, Ty::Any],
        None,
        |a| {
            let mut l = vec![a[1].clone()];
            l.extend(items("prepend on", &a[0])?);
            Ok(Value::list(l))
        },
    );
    both(m, "first", "mustFirst", &[Ty::Any], None, |a| {
        Ok(items("find first on", &a[0])?
            .first()
            .cloned()
            .unwrap_or_default())
    });
    both(m, "last", "mustLast", &[Ty::Any], None, |a| {
        Ok(items("find last on", &a[0])?
            .last()
            .cloned()
            .unwrap_or_default())
    });
    both(m, "rest", "mustRest", &[Ty::Any], None, |a| {
        // Sprig returns nil for an empty list.
        Ok(match items("find rest on", &a[0])?.get(1..) {
            Some(tail) => Value::list(tail.to_vec()),
            None => Value::nil_list(SliceType::Any),
        })
    });
    both(m, "initial", "mustInitial", &[Ty::Any], None, |a| {
        Ok(match items("find initial on", &a[0])?.split_last() {
            Some((_, init)) => Value::list(init.to_vec()),
            None => Value::nil_list(SliceType::Any),
        })
    });
    both(m, "reverse", "mustReverse", &[Ty::Any], None, |a| {
        let mut l = items("find reverse on", &a[0])?;
        l.reverse();
        Ok(Value::list(l))
    });
    both(m, "uniq", "mustUniq", &[Ty::Any], None, |a| {
        let mut out: Vec<Value> = Vec::new();
        for v in items("find uniq on", &a[0])? {
            if !out.contains(&v) {
                out.push(v);
            }
        }
        Ok(Value::list(out))
    });
    both(
        m,
        "without",
        "mustWithout",
        &[Ty::Any],
        Some(Ty::Any),
        |a| {
            let l = items("find without on", &a[0])?;
            Ok(Value::list(
                l.into_iter().filter(|v| !a[1..].contains(v)).collect(),
            ))
        },
    );
    both(m, "has", "mustHas", &[Ty::Any, Ty::Any], None, |a| {
        if a[1].is_nil() {
            return Ok(Value::Bool(false));
        }
        let l = items("find has on", &a[1])?;
        Ok(Value::Bool(
            l.iter()
                .any(|v| v == &a[0] && v.go_type() == a[0].go_type()),
        ))
    });
    both(m, "slice", "mustSlice", &[Ty::Any], Some(Ty::Any), |a| {
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
    });
    m.insert(
        "concat",
        Func::variadic(&[], Ty::Any, |a| {
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
        }),
    );
    both(m, "chunk", "mustChunk", &[Ty::Int, Ty::Any], None, |a| {
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
    });
}
