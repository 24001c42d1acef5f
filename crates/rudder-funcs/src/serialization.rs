//! Helm's serialisation functions (pkg/engine/funcs.go) and Sprig's JSON ones.

use rudder_gotmpl::{Func, FuncError, FuncMap, Ty, Value};

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

pub fn register(m: &mut FuncMap) {
    m.insert(
        "toYamlPretty",
        // go-yaml v3 panics on what it cannot encode, which the template reports.
        Func::new(&[Ty::Any], |a| {
            refuse_cycle(&a[0])?;
            rudder_yaml::to_yaml_pretty(&a[0])
                .map(|s| Value::string(trim_newline(s)))
                .map_err(FuncError::new)
        }),
    );
    m.insert(
        "toToml",
        Func::new(&[Ty::Any], |a| {
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
        }),
    );
    m.insert(
        "fromToml",
        Func::new(&[Ty::String], |a| {
            Ok(rudder_yaml::from_toml(a[0].as_str().unwrap_or_default()))
        }),
    );
    m.insert(
        "toYaml",
        Func::new(&[Ty::Any], |a| {
            Ok(Value::string(
                rudder_yaml::to_yaml(&a[0])
                    .map(trim_newline)
                    .unwrap_or_default(),
            ))
        }),
    );
    m.insert(
        "mustToYaml",
        Func::new(&[Ty::Any], |a| {
            rudder_yaml::to_yaml(&a[0])
                .map(|s| Value::string(trim_newline(s)))
                .map_err(FuncError::new)
        }),
    );
    m.insert(
        "fromYaml",
        Func::new(&[Ty::String], |a| {
            Ok(rudder_yaml::from_yaml(a[0].as_str().unwrap_or_default()))
        }),
    );
    m.insert(
        "fromYamlArray",
        Func::new(&[Ty::String], |a| {
            Ok(rudder_yaml::from_yaml_array(
                a[0].as_str().unwrap_or_default(),
            ))
        }),
    );
    m.insert(
        "toJson",
        Func::new(&[Ty::Any], |a| {
            Ok(Value::string(
                rudder_yaml::to_json(&a[0]).unwrap_or_default(),
            ))
        }),
    );
    m.insert(
        "mustToJson",
        Func::new(&[Ty::Any], |a| {
            rudder_yaml::to_json(&a[0])
                .map(Value::string)
                .map_err(FuncError::new)
        }),
    );
    m.insert(
        "toPrettyJson",
        Func::new(&[Ty::Any], |a| {
            Ok(Value::string(
                rudder_yaml::to_pretty_json(&a[0]).unwrap_or_default(),
            ))
        }),
    );
    m.insert(
        "mustToPrettyJson",
        Func::new(&[Ty::Any], |a| {
            rudder_yaml::to_pretty_json(&a[0])
                .map(Value::string)
                .map_err(FuncError::new)
        }),
    );
    // Sprig's toRawJson panics when encoding fails, which the template reports: it behaves
    // as mustToRawJson.
    let raw_json = Func::new(&[Ty::Any], |a| {
        rudder_yaml::to_raw_json(&a[0])
            .map(Value::string)
            .map_err(FuncError::new)
    });
    m.insert("toRawJson", raw_json.clone());
    m.insert("mustToRawJson", raw_json);
    m.insert(
        "fromJson",
        Func::new(&[Ty::String], |a| {
            Ok(rudder_yaml::from_json(a[0].as_str().unwrap_or_default()))
        }),
    );
    m.insert(
        "mustFromJson",
        Func::new(&[Ty::String], |a| {
            rudder_yaml::parse_json(a[0].as_str().unwrap_or_default()).map_err(FuncError::new)
        }),
    );
    m.insert(
        "fromJsonArray",
        Func::new(&[Ty::String], |a| {
            Ok(rudder_yaml::from_json_array(
                a[0].as_str().unwrap_or_default(),
            ))
        }),
    );
}
