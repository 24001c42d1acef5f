//! Integer and float math (Sprig's numeric.go): integer functions convert every operand to
//! int64 first; float functions go through decimal arithmetic.

use rudder_gotmpl::{Func, FuncError, FuncMap, SliceType, Ty, Value};

use rust_decimal::Decimal;

use crate::conv::{to_float64, to_int64};

fn i64v(i: i64) -> Value {
    Value::Int64(i)
}

/// The largest list `until`/`seq` may build: beyond it helm would exhaust memory anyway.
const MAX_SEQ: i64 = 10_000_000;

pub fn register(m: &mut FuncMap) {
    m.insert(
        "add1",
        Func::new(&[Ty::Any], |a| Ok(i64v(to_int64(&a[0]).wrapping_add(1)))),
    );
    m.insert(
        "add",
        Func::variadic(&[], Ty::Any, |a| {
            Ok(i64v(a.iter().map(to_int64).fold(0i64, i64::wrapping_add)))
        }),
    );
    m.insert(
        "sub",
        Func::new(&[Ty::Any, Ty::Any], |a| {
            Ok(i64v(to_int64(&a[0]).wrapping_sub(to_int64(&a[1]))))
        }),
    );
    m.insert(
        "div",
        Func::new(&[Ty::Any, Ty::Any], |a| {
            let d = to_int64(&a[1]);
            if d == 0 {
                return Err(FuncError::new("runtime error: integer divide by zero"));
            }
            Ok(i64v(to_int64(&a[0]).wrapping_div(d)))
        }),
    );
    m.insert(
        "mod",
        Func::new(&[Ty::Any, Ty::Any], |a| {
            let d = to_int64(&a[1]);
            if d == 0 {
                return Err(FuncError::new("runtime error: integer divide by zero"));
            }
            Ok(i64v(to_int64(&a[0]).wrapping_rem(d)))
        }),
    );
    m.insert(
        "mul",
        Func::variadic(&[Ty::Any], Ty::Any, |a| {
            Ok(i64v(a.iter().map(to_int64).fold(1i64, i64::wrapping_mul)))
        }),
    );
    for name in ["max", "biggest"] {
        m.insert(
            name,
            Func::variadic(&[Ty::Any], Ty::Any, |a| {
                Ok(i64v(a.iter().map(to_int64).max().unwrap_or(0)))
            }),
        );
    }
    m.insert(
        "min",
        Func::variadic(&[Ty::Any], Ty::Any, |a| {
            Ok(i64v(a.iter().map(to_int64).min().unwrap_or(0)))
        }),
    );
    m.insert(
        "int64",
        Func::new(&[Ty::Any], |a| Ok(i64v(to_int64(&a[0])))),
    );
    m.insert(
        "int",
        Func::new(&[Ty::Any], |a| Ok(Value::Int(to_int64(&a[0])))),
    );
    m.insert(
        "float64",
        Func::new(&[Ty::Any], |a| Ok(Value::Float(to_float64(&a[0])))),
    );
    m.insert(
        "atoi",
        Func::new(&[Ty::String], |a| {
            // strconv.Atoi saturates on overflow; Sprig ignores the error either way.
            let text = a[0].as_str().unwrap_or_default();
            let n = text.parse::<i64>().unwrap_or_else(|_| {
                let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
                match (
                    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()),
                    text.starts_with('-'),
                ) {
                    (true, true) => i64::MIN,
                    (true, false) => i64::MAX,
                    _ => 0,
                }
            });
            Ok(Value::Int(n))
        }),
    );
    m.insert(
        "toDecimal",
        Func::new(&[Ty::Any], |a| {
            let s = crate::conv::to_string(&a[0]);
            Ok(i64v(i64::from_str_radix(&s, 8).unwrap_or(0)))
        }),
    );
    m.insert(
        "ceil",
        Func::new(&[Ty::Any], |a| Ok(Value::Float(to_float64(&a[0]).ceil()))),
    );
    m.insert(
        "floor",
        Func::new(&[Ty::Any], |a| Ok(Value::Float(to_float64(&a[0]).floor()))),
    );
    m.insert(
        "round",
        Func::variadic(&[Ty::Any, Ty::Int], Ty::Float64, |a| {
            let x = to_float64(&a[0]);
            let places = to_int64(&a[1]) as i32;
            let round_on = match a.get(2) {
                Some(Value::Float(f)) => *f,
                _ => 0.5,
            };
            let pow = 10f64.powi(places);
            let digit = pow * x;
            // Sprig compares the signed fraction, so negative halves round down (-2.5 → -3).
            let r = if digit.fract() >= round_on {
                digit.ceil()
            } else {
                digit.floor()
            };
            Ok(Value::Float(r / pow))
        }),
    );
    m.insert(
        "until",
        Func::new(&[Ty::Int], |a| {
            let n = to_int64(&a[0]);
            Ok(int_list(until_step(0, n, if n < 0 { -1 } else { 1 })?))
        }),
    );
    m.insert(
        "untilStep",
        Func::new(&[Ty::Int, Ty::Int, Ty::Int], |a| {
            Ok(int_list(until_step(
                to_int64(&a[0]),
                to_int64(&a[1]),
                to_int64(&a[2]),
            )?))
        }),
    );
    m.insert(
        "seq",
        Func::variadic(&[], Ty::Int, |a| {
            let nums: Vec<i64> = a.iter().map(to_int64).collect();
            let (start, step, end) = match nums.as_slice() {
                [] => return Ok(Value::str("")),
                [end] => (1, if *end < 1 { -1 } else { 1 }, *end),
                [start, end] => (*start, if end < start { -1 } else { 1 }, *end),
                [start, step, end] => (*start, *step, *end),
                _ => return Ok(Value::str("")),
            };
            if step == 0 || (end - start).signum() * step.signum() < 0 {
                return Ok(Value::str(""));
            }
            let count = (end - start) / step + 1;
            if count > MAX_SEQ {
                return Err(FuncError::new("seq: sequence too long"));
            }
            let items: Vec<String> = (0..count).map(|i| (start + i * step).to_string()).collect();
            Ok(Value::string(items.join(" ")))
        }),
    );
    decimal_fn(m, "addf", |a, b| a.checked_add(b));
    decimal_fn(m, "subf", |a, b| a.checked_sub(b));
    decimal_fn(m, "mulf", |a, b| a.checked_mul(b));
    // shopspring/decimal divides to 16 decimal places.
    decimal_fn(m, "divf", |a, b| a.checked_div(b).map(|q| q.round_dp(16)));
    m.insert(
        "add1f",
        Func::new(&[Ty::Any], |a| {
            Ok(Value::Float(to_f64(
                to_decimal(to_float64(&a[0])).checked_add(Decimal::ONE),
            )))
        }),
    );
    m.insert(
        "maxf",
        Func::variadic(&[Ty::Any], Ty::Any, |a| {
            Ok(Value::Float(
                a.iter().map(to_float64).fold(f64::NEG_INFINITY, f64::max),
            ))
        }),
    );
    m.insert(
        "minf",
        Func::variadic(&[Ty::Any], Ty::Any, |a| {
            Ok(Value::Float(
                a.iter().map(to_float64).fold(f64::INFINITY, f64::min),
            ))
        }),
    );
}

/// Sprig's float functions go through shopspring/decimal: each operand as its shortest
/// decimal, exact arithmetic, then back to float64.
fn decimal_fn(m: &mut FuncMap, name: &str, op: fn(Decimal, Decimal) -> Option<Decimal>) {
    // Sprig's addf takes only `...interface{}` and starts from 0; the others need a first value.
    let (params, skip): (&[Ty], usize) = if name == "addf" {
        (&[], 0)
    } else {
        (&[Ty::Any], 1)
    };
    m.insert(
        name,
        Func::variadic(params, Ty::Any, move |a| {
            let mut acc = match (skip, a.first()) {
                (1, Some(first)) => to_decimal(to_float64(first)),
                _ => to_decimal(0.0),
            };
            for x in &a[skip..] {
                match op(acc, to_decimal(to_float64(x))) {
                    Some(v) => acc = v,
                    None => return Err(FuncError::new("decimal division by 0")),
                }
            }
            Ok(Value::Float(to_f64(Some(acc))))
        }),
    );
}

fn to_decimal(f: f64) -> Decimal {
    Decimal::from_str_exact(&format!("{f}"))
        .or_else(|_| Decimal::from_scientific(&format!("{f:e}")))
        .unwrap_or_default()
}

fn to_f64(d: Option<Decimal>) -> f64 {
    d.map(|d| d.to_string().parse().unwrap_or(0.0))
        .unwrap_or(0.0)
}

fn until_step(start: i64, stop: i64, step: i64) -> Result<Vec<i64>, FuncError> {
    if step == 0 || (step > 0 && start >= stop) || (step < 0 && start <= stop) {
        return Ok(Vec::new());
    }
    let count = ((stop - start) / step) + if (stop - start) % step != 0 { 1 } else { 0 };
    if count > MAX_SEQ {
        return Err(FuncError::new("until: sequence too long"));
    }
    Ok((0..count).map(|i| start + i * step).collect())
}

fn int_list(items: Vec<i64>) -> Value {
    Value::typed_list(SliceType::Int, items.into_iter().map(Value::Int).collect())
}
