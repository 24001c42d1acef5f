//! Reflection functions (Sprig's reflect.go).

use std::rc::Rc;

use rudder_gotmpl::{Builtin, FuncResult, MapCell, Ty, Value};

pub(crate) const FUNCS: &[Builtin] = &[
    Builtin::new("typeOf", &[Ty::Any], type_of),
    Builtin::new("kindOf", &[Ty::Any], kind_of),
    Builtin::new("typeIs", &[Ty::String, Ty::Any], type_is),
    Builtin::new("typeIsLike", &[Ty::String, Ty::Any], type_is_like),
    Builtin::new("kindIs", &[Ty::String, Ty::Any], kind_is),
    Builtin::new("deepEqual", &[Ty::Any, Ty::Any], deep_equal_fn),
];

/// `typeOf V`: `fmt.Sprintf("%T", v)`.
fn type_of(a: &[Value]) -> FuncResult {
    Ok(Value::string(a[0].go_type()))
}

/// `kindOf V`: `reflect.ValueOf(v).Kind().String()`.
fn kind_of(a: &[Value]) -> FuncResult {
    Ok(Value::str(a[0].go_kind()))
}

/// `typeIs TYPE V`: whether `v`'s `%T` is `type`.
fn type_is(a: &[Value]) -> FuncResult {
    Ok(Value::Bool(a[0].as_str() == Some(a[1].go_type().as_str())))
}

/// `typeIsLike TYPE V`: whether `v`'s `%T` is `type` or `*type`.
fn type_is_like(a: &[Value]) -> FuncResult {
    let t = a[1].go_type();
    let want = a[0].as_str().unwrap_or_default();
    Ok(Value::Bool(want == t || t == format!("*{want}")))
}

/// `kindIs KIND V`: whether `v`'s reflect kind is `kind`.
fn kind_is(a: &[Value]) -> FuncResult {
    Ok(Value::Bool(a[0].as_str() == Some(a[1].go_kind())))
}

/// `deepEqual A B`: `reflect.DeepEqual(a, b)`.
fn deep_equal_fn(a: &[Value]) -> FuncResult {
    Ok(Value::Bool(deep_equal(&a[0], &a[1])))
}

/// Go's `reflect.DeepEqual` on template values: types and nil-ness must match too.
fn deep_equal(a: &Value, b: &Value) -> bool {
    deep_equal_in(a, b, &mut Vec::new())
}

/// `comparing` holds the pairs of maps being compared: meeting one again (maps containing
/// themselves) counts as equal, as Go's visited set does.
fn deep_equal_in(
    a: &Value,
    b: &Value,
    comparing: &mut Vec<(*const MapCell, *const MapCell)>,
) -> bool {
    match (a, b) {
        (Value::List(x), Value::List(y)) => {
            x.elem == y.elem
                && x.nil == y.nil
                && x.items.len() == y.items.len()
                && x.items
                    .iter()
                    .zip(&y.items)
                    .all(|(p, q)| deep_equal_in(p, q, comparing))
        }
        (Value::Map(x), Value::Map(y)) => {
            let pair = (Rc::as_ptr(x), Rc::as_ptr(y));
            if pair.0 == pair.1 || comparing.contains(&pair) {
                return true;
            }
            if x.is_nil() != y.is_nil() || a.go_type() != b.go_type() {
                return false;
            }
            comparing.push(pair);
            let equal = {
                let (xm, ym) = (x.borrow(), y.borrow());
                xm.len() == ym.len()
                    && xm
                        .iter()
                        .all(|(k, v)| ym.get(k).is_some_and(|w| deep_equal_in(v, w, comparing)))
            };
            comparing.pop();
            equal
        }
        _ => a == b && a.go_type() == b.go_type(),
    }
}
