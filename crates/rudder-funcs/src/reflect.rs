//! Reflection functions (Sprig's reflect.go).

use rudder_gotmpl::{Func, FuncMap, Ty, Value};

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

/// Go's `reflect.DeepEqual` on template values: types must match too.
fn deep_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::List(x), Value::List(y)) => {
            x.elem == y.elem
                && x.items.len() == y.items.len()
                && x.items.iter().zip(&y.items).all(|(p, q)| deep_equal(p, q))
        }
        (Value::Map(x), Value::Map(y)) => {
            let (x, y) = (x.borrow(), y.borrow());
            x.len() == y.len()
                && x.iter()
                    .all(|(k, v)| y.get(k).is_some_and(|w| deep_equal(v, w)))
        }
        _ => a == b && a.go_type() == b.go_type(),
    }
}
