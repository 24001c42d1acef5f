//! Path functions (Go's `path` and `path/filepath` on Unix, where both behave alike).

use rudder_gocompat::path::{base, clean};
use rudder_gotmpl::{Builtin, FuncResult, Ty, Value};

pub(crate) const FUNCS: &[Builtin] = &[
    Builtin::new("base", &[Ty::String], base_fn),
    Builtin::new("osBase", &[Ty::String], base_fn),
    Builtin::new("dir", &[Ty::String], dir_fn),
    Builtin::new("osDir", &[Ty::String], dir_fn),
    Builtin::new("clean", &[Ty::String], clean_fn),
    Builtin::new("osClean", &[Ty::String], clean_fn),
    Builtin::new("ext", &[Ty::String], ext_fn),
    Builtin::new("osExt", &[Ty::String], ext_fn),
    Builtin::new("isAbs", &[Ty::String], is_abs),
    Builtin::new("osIsAbs", &[Ty::String], is_abs),
];

fn path(a: &[Value]) -> &str {
    a[0].as_str().unwrap_or_default()
}

/// `base P`: `path.Base`, the last element.
fn base_fn(a: &[Value]) -> FuncResult {
    Ok(Value::string(base(path(a))))
}

/// `dir P`: `path.Dir`, all but the last element.
fn dir_fn(a: &[Value]) -> FuncResult {
    Ok(Value::string(dir(path(a))))
}

/// `clean P`: `path.Clean`, the shortest equivalent path.
fn clean_fn(a: &[Value]) -> FuncResult {
    Ok(Value::string(clean(path(a))))
}

/// `ext P`: `path.Ext`, the extension of the last element.
fn ext_fn(a: &[Value]) -> FuncResult {
    Ok(Value::string(ext(path(a))))
}

/// `isAbs P`: `path.IsAbs`, whether it starts with `/`.
fn is_abs(a: &[Value]) -> FuncResult {
    Ok(Value::Bool(path(a).starts_with('/')))
}

fn dir(p: &str) -> String {
    let d = match p.rfind('/') {
        Some(i) => &p[..=i],
        None => "",
    };
    clean(d)
}

fn ext(p: &str) -> String {
    let last = p.rsplit('/').next().unwrap_or(p);
    match last.rfind('.') {
        Some(i) => last[i..].to_string(),
        None => String::new(),
    }
}
