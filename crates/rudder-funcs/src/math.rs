//! Integer and float math (Sprig's numeric.go): integer functions convert every operand to
//! int64 first; float functions go through decimal arithmetic.

use rudder_gotmpl::{Builtin, FuncError, FuncResult, SliceType, Ty, Value};

use rust_decimal::Decimal;

use crate::conv::{to_float64, to_int64};

fn i64v(i: i64) -> Value {
    Value::Int64(i)
}

/// The largest list `until`/`seq` may build: beyond it helm would exhaust memory anyway.
const MAX_SEQ: i64 = 10_000_000;

pub(crate) const FUNCS: &[Builtin] = &[
    Builtin::new("add1", &[Ty::Any], add1),
    Builtin::variadic("add", &[], Ty::Any, add),
    Builtin::new("sub", &[Ty::Any, Ty::Any], sub),
    Builtin::new("div", &[Ty::Any, Ty::Any], div),
    Builtin::new("mod", &[Ty::Any, Ty::Any], rem),
    Builtin::variadic("mul", &[Ty::Any], Ty::Any, mul),
    Builtin::variadic("max", &[Ty::Any], Ty::Any, max),
    Builtin::variadic("biggest", &[Ty::Any], Ty::Any, max),
    Builtin::variadic("min", &[Ty::Any], Ty::Any, min),
    Builtin::new("int64", &[Ty::Any], int64),
    Builtin::new("int", &[Ty::Any], int),
    Builtin::new("float64", &[Ty::Any], float64),
    Builtin::new("atoi", &[Ty::String], atoi),
    Builtin::new("toDecimal", &[Ty::Any], to_decimal_fn),
    Builtin::new("ceil", &[Ty::Any], ceil),
    Builtin::new("floor", &[Ty::Any], floor),
    Builtin::variadic("round", &[Ty::Any, Ty::Int], Ty::Float64, round),
    Builtin::new("until", &[Ty::Int], until),
    Builtin::new("untilStep", &[Ty::Int, Ty::Int, Ty::Int], until_step_fn),
    Builtin::variadic("seq", &[], Ty::Int, seq),
    // Sprig's addf takes only `...interface{}` and starts from 0; the others need a first value.
    Builtin::variadic("addf", &[], Ty::Any, addf),
    Builtin::variadic("subf", &[Ty::Any], Ty::Any, subf),
    Builtin::variadic("mulf", &[Ty::Any], Ty::Any, mulf),
    Builtin::variadic("divf", &[Ty::Any], Ty::Any, divf),
    Builtin::new("add1f", &[Ty::Any], add1f),
    Builtin::variadic("maxf", &[Ty::Any], Ty::Any, maxf),
    Builtin::variadic("minf", &[Ty::Any], Ty::Any, minf),
];

/// `add1 X`: `int64(x) + 1`.
fn add1(a: &[Value]) -> FuncResult {
    Ok(i64v(to_int64(&a[0]).wrapping_add(1)))
}

/// `add X...`: the sum as int64.
fn add(a: &[Value]) -> FuncResult {
    Ok(i64v(a.iter().map(to_int64).fold(0i64, i64::wrapping_add)))
}

/// `sub A B`: `int64(a) - int64(b)`.
fn sub(a: &[Value]) -> FuncResult {
    Ok(i64v(to_int64(&a[0]).wrapping_sub(to_int64(&a[1]))))
}

/// The divisor of `div` and `mod`, with Go's panic on zero as the error.
fn divisor(v: &Value) -> Result<i64, FuncError> {
    match to_int64(v) {
        0 => Err(FuncError::new("runtime error: integer divide by zero")),
        d => Ok(d),
    }
}

/// `div A B`: `int64(a) / int64(b)`.
fn div(a: &[Value]) -> FuncResult {
    let d = divisor(&a[1])?;
    Ok(i64v(to_int64(&a[0]).wrapping_div(d)))
}

/// `mod A B`: `int64(a) % int64(b)`.
fn rem(a: &[Value]) -> FuncResult {
    let d = divisor(&a[1])?;
    Ok(i64v(to_int64(&a[0]).wrapping_rem(d)))
}

/// `mul A B...`: the product as int64.
fn mul(a: &[Value]) -> FuncResult {
    Ok(i64v(a.iter().map(to_int64).fold(1i64, i64::wrapping_mul)))
}

/// `max A B...` (and `biggest`): the largest as int64.
fn max(a: &[Value]) -> FuncResult {
    Ok(i64v(a.iter().map(to_int64).max().unwrap_or(0)))
}

/// `min A B...`: the smallest as int64.
fn min(a: &[Value]) -> FuncResult {
    Ok(i64v(a.iter().map(to_int64).min().unwrap_or(0)))
}

/// `int64 X`: Sprig's `toInt64`.
fn int64(a: &[Value]) -> FuncResult {
    Ok(i64v(to_int64(&a[0])))
}

/// `int X`: Sprig's `toInt`.
fn int(a: &[Value]) -> FuncResult {
    Ok(Value::Int(to_int64(&a[0])))
}

/// `float64 X`: Sprig's `toFloat64`.
fn float64(a: &[Value]) -> FuncResult {
    Ok(Value::Float(to_float64(&a[0])))
}

/// `atoi S`: `strconv.Atoi`, its error ignored.
fn atoi(a: &[Value]) -> FuncResult {
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
}

/// `toDecimal X`: the value's text read as an octal number (0 when it is not one).
fn to_decimal_fn(a: &[Value]) -> FuncResult {
    let s = crate::conv::to_string(&a[0]);
    Ok(i64v(i64::from_str_radix(&s, 8).unwrap_or(0)))
}

/// `ceil X`: `math.Ceil(float64(x))`.
fn ceil(a: &[Value]) -> FuncResult {
    Ok(Value::Float(to_float64(&a[0]).ceil()))
}

/// `floor X`: `math.Floor(float64(x))`.
fn floor(a: &[Value]) -> FuncResult {
    Ok(Value::Float(to_float64(&a[0]).floor()))
}

/// `round X PLACES [ROUND_ON]`: rounded to `places` decimals, up from `round_on` (0.5).
fn round(a: &[Value]) -> FuncResult {
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
}

/// `until N`: `[0, 1, ..., n-1]` (counting down for a negative `n`).
fn until(a: &[Value]) -> FuncResult {
    let n = to_int64(&a[0]);
    Ok(int_list(until_step(0, n, if n < 0 { -1 } else { 1 })?))
}

/// `untilStep START STOP STEP`: from `start` towards `stop` (excluded) by `step`.
fn until_step_fn(a: &[Value]) -> FuncResult {
    Ok(int_list(until_step(
        to_int64(&a[0]),
        to_int64(&a[1]),
        to_int64(&a[2]),
    )?))
}

/// `seq [START [STEP]] END`: GNU seq's numbers, space-separated.
fn seq(a: &[Value]) -> FuncResult {
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
}

/// `addf X...`: the decimal sum, from 0.
fn addf(a: &[Value]) -> FuncResult {
    decimal_fold(to_decimal(0.0), a, Decimal::checked_add)
}

/// `subf A B...`: `a` minus the others, in decimal.
fn subf(a: &[Value]) -> FuncResult {
    decimal_fold_first(a, Decimal::checked_sub)
}

/// `mulf A B...`: the decimal product.
fn mulf(a: &[Value]) -> FuncResult {
    decimal_fold_first(a, Decimal::checked_mul)
}

/// `divf A B...`: `a` divided by the others, in decimal.
fn divf(a: &[Value]) -> FuncResult {
    // shopspring/decimal divides to 16 decimal places.
    decimal_fold_first(a, |x, y| x.checked_div(y).map(|q| q.round_dp(16)))
}

/// `add1f X`: `x + 1` in decimal.
fn add1f(a: &[Value]) -> FuncResult {
    Ok(Value::Float(to_f64(
        to_decimal(to_float64(&a[0])).checked_add(Decimal::ONE),
    )))
}

/// `maxf A B...`: the largest as float64.
fn maxf(a: &[Value]) -> FuncResult {
    Ok(Value::Float(
        a.iter().map(to_float64).fold(f64::NEG_INFINITY, f64::max),
    ))
}

/// `minf A B...`: the smallest as float64.
fn minf(a: &[Value]) -> FuncResult {
    Ok(Value::Float(
        a.iter().map(to_float64).fold(f64::INFINITY, f64::min),
    ))
}

/// `decimal_fold` from the first argument (declared, so always given).
fn decimal_fold_first(a: &[Value], op: fn(Decimal, Decimal) -> Option<Decimal>) -> FuncResult {
    decimal_fold(to_decimal(to_float64(&a[0])), &a[1..], op)
}

/// Sprig's float functions go through shopspring/decimal: each operand as its shortest
/// decimal, exact arithmetic, then back to float64.
fn decimal_fold(
    mut acc: Decimal,
    rest: &[Value],
    op: fn(Decimal, Decimal) -> Option<Decimal>,
) -> FuncResult {
    for x in rest {
        match op(acc, to_decimal(to_float64(x))) {
            Some(v) => acc = v,
            None => return Err(FuncError::new("decimal division by 0")),
        }
    }
    Ok(Value::Float(to_f64(Some(acc))))
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
