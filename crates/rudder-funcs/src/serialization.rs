//! Helm's serialisation functions (pkg/engine/funcs.go) and Sprig's JSON ones.

use rudder_gotmpl::{Builtin, FuncError, FuncResult, Ty, Value};

fn trim_newline(s: String) -> String {
    s.strip_suffix('\n').map(str::to_string).unwrap_or(s)
}

/// The go-yaml v3 and TOML encoders recurse into a map that contains itself until Go
/// crashes; rudder fails the call instead.
fn refuse_cycle(v: &Value) -> Result<(), FuncError> {
    match v.contains_itself() {
        true => Err(FuncError::new("the value contains itself")),
        false => Ok(()),
    }
}

pub(crate) const FUNCS: &[Builtin] = &[
    Builtin::new("toYamlPretty", &[Ty::Any], to_yaml_pretty),
    Builtin::new("toToml", &[Ty::Any], to_toml),
    Builtin::new("fromToml", &[Ty::String], from_toml),
    Builtin::new("toYaml", &[Ty::Any], to_yaml),
    Builtin::new("mustToYaml", &[Ty::Any], must_to_yaml),
    Builtin::new("fromYaml", &[Ty::String], from_yaml),
    Builtin::new("fromYamlArray", &[Ty::String], from_yaml_array),
    Builtin::new("toJson", &[Ty::Any], to_json),
    Builtin::new("mustToJson", &[Ty::Any], must_to_json),
    Builtin::new("toPrettyJson", &[Ty::Any], to_pretty_json),
    Builtin::new("mustToPrettyJson", &[Ty::Any], must_to_pretty_json),
    // Sprig's toRawJson panics when encoding fails, which the template reports: it behaves
    // as mustToRawJson.
    Builtin::new("toRawJson", &[Ty::Any], to_raw_json),
    Builtin::new("mustToRawJson", &[Ty::Any], to_raw_json),
    Builtin::new("fromJson", &[Ty::String], from_json),
    Builtin::new("mustFromJson", &[Ty::String], must_from_json),
    Builtin::new("fromJsonArray", &[Ty::String], from_json_array),
];

fn text(a: &[Value]) -> &str {
    a[0].as_str().unwrap_or_default()
}

/// An encoder's text, or its error as the call's error.
fn encoded(result: Result<String, String>) -> FuncResult {
    result.map(Value::string).map_err(FuncError::new)
}

/// `toYamlPretty V`: go-yaml v3 with indented lists, without the final newline.
fn to_yaml_pretty(a: &[Value]) -> FuncResult {
    // go-yaml v3 panics on what it cannot encode, which the template reports.
    refuse_cycle(&a[0])?;
    encoded(rudder_yaml::to_yaml_pretty(&a[0]).map(trim_newline))
}

/// `toToml V`: BurntSushi's TOML encoding, an encoder error as the text.
fn to_toml(a: &[Value]) -> FuncResult {
    if a[0].is_nil() {
        // The TOML encoder reflects on the value and panics on nil, which the
        // template reports; its own errors come back as the text.
        return Err(FuncError::new(
            "reflect: call of reflect.Value.Type on zero Value",
        ));
    }
    refuse_cycle(&a[0])?;
    Ok(Value::string(
        rudder_yaml::to_toml(&a[0]).unwrap_or_else(|e| e),
    ))
}

/// `fromToml S`: the TOML document as a map, `{"Error": ...}` when invalid.
fn from_toml(a: &[Value]) -> FuncResult {
    Ok(rudder_yaml::from_toml(text(a)))
}

/// `toYaml V`: go-yaml v2 via JSON, without the final newline, `""` on error.
fn to_yaml(a: &[Value]) -> FuncResult {
    Ok(Value::string(
        rudder_yaml::to_yaml(&a[0])
            .map(trim_newline)
            .unwrap_or_default(),
    ))
}

/// `mustToYaml V`: `toYaml` that returns the encoder's error.
fn must_to_yaml(a: &[Value]) -> FuncResult {
    encoded(rudder_yaml::to_yaml(&a[0]).map(trim_newline))
}

/// `fromYaml S`: the YAML document as a map, `{"Error": ...}` when invalid.
fn from_yaml(a: &[Value]) -> FuncResult {
    Ok(rudder_yaml::from_yaml(text(a)))
}

/// `fromYamlArray S`: the YAML document as a list, `[message]` when invalid.
fn from_yaml_array(a: &[Value]) -> FuncResult {
    Ok(rudder_yaml::from_yaml_array(text(a)))
}

/// `toJson V`: `json.Marshal`, `""` on error.
fn to_json(a: &[Value]) -> FuncResult {
    Ok(Value::string(
        rudder_yaml::to_json(&a[0]).unwrap_or_default(),
    ))
}

/// `mustToJson V`: `toJson` that returns the encoder's error.
fn must_to_json(a: &[Value]) -> FuncResult {
    encoded(rudder_yaml::to_json(&a[0]))
}

/// `toPrettyJson V`: `json.MarshalIndent` by two spaces, `""` on error.
fn to_pretty_json(a: &[Value]) -> FuncResult {
    Ok(Value::string(
        rudder_yaml::to_pretty_json(&a[0]).unwrap_or_default(),
    ))
}

/// `mustToPrettyJson V`: `toPrettyJson` that returns the encoder's error.
fn must_to_pretty_json(a: &[Value]) -> FuncResult {
    encoded(rudder_yaml::to_pretty_json(&a[0]))
}

/// `toRawJson V` (and `mustToRawJson`): JSON without HTML escaping.
fn to_raw_json(a: &[Value]) -> FuncResult {
    encoded(rudder_yaml::to_raw_json(&a[0]))
}

/// `fromJson S`: the JSON document as a map, `{"Error": ...}` when invalid.
fn from_json(a: &[Value]) -> FuncResult {
    Ok(rudder_yaml::from_json(text(a)))
}

/// `mustFromJson S`: the JSON value, or the decoder's error.
fn must_from_json(a: &[Value]) -> FuncResult {
    rudder_yaml::parse_json(text(a)).map_err(FuncError::new)
}

/// `fromJsonArray S`: the JSON document as a list, `[message]` when invalid.
fn from_json_array(a: &[Value]) -> FuncResult {
    Ok(rudder_yaml::from_json_array(text(a)))
}
