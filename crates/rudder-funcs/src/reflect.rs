//! Reflection functions (Sprig's reflect.go).

use std::rc::Rc;

use rudder_gotmpl::{Func, FuncMap, MapCell, Ty, Value};

pub fn register(m: &mut FuncMap) {
    m.insert(
        "typeOf",
        Func::new(&[Ty::Any], |a| Ok(Value::string(a[0].go_type()))),
    );
    m.insert(
        "kindOf",
        Func::new(&[Ty::Any], |a| Ok(Value::str(a[0].go_kind()))),
    );
    m.insert(
        "typeIs",
        Func::new(&[Ty::String, Ty::Any], |a| {
            Ok(Value::Bool(a[0].as_str() == Some(a[1].go_type().as_str())))
        }),
    );
    m.insert(
        "typeIsLike",
        Func::new(&[Ty::String, Ty::Any], |a| {
            let t = a[1].go_type();
            let want = a[0].as_str().unwrap_or_default();
            Ok(Value::Bool(want == t || t == format!("*{want}")))
        }),
    );
    m.insert(
        "kindIs",
        Func::new(&[Ty::String, Ty::Any], |a| {
            Ok(Value::Bool(a[0].as_str() == Some(a[1].go_kind())))
        }),
    );
    m.insert(
        "deepEqual",
        Func::new(&[Ty::Any, Ty::Any], |a| {
            Ok(Value::Bool(deep_equal(&a[0], &a[1])))
        }),
    );
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
