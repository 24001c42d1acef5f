//! Path functions (Go's `path` and `path/filepath` on Unix).

use rudder_gocompat::path::{base, clean};
use rudder_gotmpl::{Func, FuncMap, Ty, Value};

fn path_fn(m: &mut FuncMap, names: &[&str], f: fn(&str) -> Value) {
    for name in names {
        m.insert(
            name,
            Func::new(&[Ty::String], move |a| {
                Ok(f(a[0].as_str().unwrap_or_default()))
            }),
        );
    }
}

pub fn register(m: &mut FuncMap) {
    path_fn(m, &["base", "osBase"], |p| Value::string(base(p)));
    path_fn(m, &["dir", "osDir"], |p| Value::string(dir(p)));
    path_fn(m, &["clean", "osClean"], |p| Value::string(clean(p)));
    path_fn(m, &["ext", "osExt"], |p| Value::string(ext(p)));
    path_fn(m, &["isAbs", "osIsAbs"], |p| {
        Value::Bool(p.starts_with('/'))
    });
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
