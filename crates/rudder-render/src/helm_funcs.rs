//! The functions helm's engine adds to the function library: `include`, `tpl`, `required`,
//! `fail`, `lookup` (empty offline) and `getHostByName` (only with `--enable-dns`).

use foldhash::HashMap;
use std::cell::RefCell;
use std::rc::Rc;

use rudder_gotmpl::{Func, FuncError, FuncMap, Ty, Value};

use rudder_chart::Helm;
use rudder_report::Level;

use crate::context::{LintEvent, LintLog};
use crate::error::warn_wrap;

fn record(log: &LintLog, level: Level, message: &'static str, text: &str) {
    log.borrow_mut().push(LintEvent {
        level,
        message,
        text: text.to_string(),
    });
}

/// helm's limit on nested `include`s of one name.
const MAX_INCLUDE_DEPTH: usize = 1000;

/// The template name `tpl` parses its text under (the root template of helm's set).
const TPL_NAME: &str = "gotpl";

/// The complete function map of a `helm template` run; in lint mode (`lint_log`), `required`
/// and `fail` log there and give `""` instead of failing, as helm's engine does for `helm lint`.
pub fn helm_template_funcs(helm: Helm, enable_dns: bool, lint_log: Option<LintLog>) -> FuncMap {
    let mut m = match helm {
        Helm::V3 => rudder_funcs::helm3_funcs(),
        Helm::V4 => rudder_funcs::helm_funcs(),
    };
    let included: Rc<RefCell<HashMap<String, usize>>> = Rc::default();

    let counts = included.clone();
    m.insert(
        "include",
        Func::contextual(&[Ty::String, Ty::Any], None, move |ctx, args| {
            let name = args[0].as_str().unwrap_or_default().to_string();
            {
                let mut c = counts.borrow_mut();
                let n = c.entry(name.clone()).or_insert(0);
                if *n > MAX_INCLUDE_DEPTH {
                    return Err(FuncError::new(format!(
                        "rendering template has a nested reference name: {name}: unable to execute template"
                    )));
                }
                *n += 1;
            }
            let result = ctx.execute_template(&name, &args[1]);
            if let Some(n) = counts.borrow_mut().get_mut(&name) {
                *n -= 1;
            }
            result.map(Value::string).map_err(FuncError::from_template)
        }),
    );

    m.insert(
        "tpl",
        Func::contextual(&[Ty::String, Ty::Any], None, |ctx, args| {
            let text = args[0].as_str().unwrap_or_default();
            let quoted = rudder_gotmpl::fmt::quote(text);
            match ctx.parse_and_execute(TPL_NAME, text, &args[1]) {
                Ok(out) => Ok(Value::string(crate::no_value::strip(out))),
                Err(rudder_gotmpl::Error::Parse(e)) => Err(FuncError::wrapping(
                    format!("cannot parse template {quoted}"),
                    rudder_gotmpl::Error::Parse(e),
                )),
                Err(e) => Err(FuncError::wrapping(
                    format!("error during tpl function execution for {quoted}"),
                    e,
                )),
            }
        }),
    );

    let log = lint_log.clone();
    m.insert(
        "required",
        Func::new(&[Ty::String, Ty::Any], move |args| {
            let message = args[0].as_str().unwrap_or_default();
            let missing = match &args[1] {
                Value::Nil => "missing required value",
                Value::String(s) if s.is_empty() => "missing required values",
                present => return Ok(present.clone()),
            };
            match &log {
                Some(log) => {
                    record(log, Level::Warn, missing, message);
                    Ok(Value::str(""))
                }
                None => Err(FuncError::new(warn_wrap(message))),
            }
        }),
    );

    m.insert(
        "fail",
        Func::new(&[Ty::String], move |args| {
            let message = args[0].as_str().unwrap_or_default();
            match &lint_log {
                Some(log) => {
                    record(log, Level::Info, "funcMap fail", message);
                    Ok(Value::str(""))
                }
                None => Err(FuncError::new(warn_wrap(message))),
            }
        }),
    );

    m.insert(
        "lookup",
        Func::new(&[Ty::String, Ty::String, Ty::String, Ty::String], |_| {
            Ok(Value::empty_map())
        }),
    );

    m.insert(
        "getHostByName",
        Func::new(&[Ty::String], move |args| {
            if !enable_dns {
                return Ok(Value::str(""));
            }
            let host = args[0].as_str().unwrap_or_default();
            host_by_name(host).map(Value::string)
        }),
    );
    m
}

/// Sprig's `getHostByName`: one of the host's addresses, picked at random as Sprig does. Sprig
/// ignores the lookup's error and picks from no addresses, which panics in `rand.Intn`.
fn host_by_name(host: &str) -> Result<String, FuncError> {
    use rand::seq::SliceRandom;
    let addrs = rudder_gocompat::resolver::lookup_host_here(host).unwrap_or_default();
    addrs
        .choose(&mut rand::thread_rng())
        .map(ToString::to_string)
        .ok_or_else(|| FuncError::new("invalid argument to Intn"))
}
