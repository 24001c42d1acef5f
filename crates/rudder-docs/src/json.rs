//! Values as Go's `encoding/json` prints them with HTML escaping off: sorted object keys,
//! floats and strings written by rudder-yaml's `encoding/json` writer.

use rudder_yaml::write::write_string;

/// A value decoded from the values tree, as helm-docs hands it to `json.Marshal`.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    Null,
    Bool(bool),
    Int(i128),
    Float(f64),
    Str(String),
    List(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    /// The encoding; `None` where Go fails (NaN and infinities).
    pub fn encode(&self) -> Option<String> {
        let mut out = String::new();
        self.write(&mut out)?;
        Some(out)
    }

    /// Go's `fmt.Sprintf("%s", v)` of the decoded value: strings as they are, other scalars
    /// as `%!s(type=value)`, slices and maps (keys sorted) with their items so formatted.
    pub fn go_s(&self) -> String {
        match self {
            Json::Null => "%!s(<nil>)".to_string(),
            Json::Bool(b) => format!("%!s(bool={b})"),
            Json::Int(i) => format!("%!s(int={i})"),
            Json::Float(f) => format!("%!s(float64={})", rudder_gotmpl::fmt::format_float_v(*f)),
            Json::Str(s) => s.clone(),
            Json::List(items) => {
                let items: Vec<String> = items.iter().map(Json::go_s).collect();
                format!("[{}]", items.join(" "))
            }
            Json::Object(entries) => {
                let mut sorted: Vec<&(String, Json)> = entries.iter().collect();
                sorted.sort_by(|a, b| a.0.cmp(&b.0));
                let items: Vec<String> = sorted
                    .iter()
                    .map(|(k, v)| format!("{k}:{}", v.go_s()))
                    .collect();
                format!("map[{}]", items.join(" "))
            }
        }
    }

    fn write(&self, out: &mut String) -> Option<()> {
        match self {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Int(i) => out.push_str(&i.to_string()),
            Json::Float(f) => out.push_str(&rudder_yaml::write::json_number(*f).ok()?),
            Json::Str(s) => write_string(out, s, false),
            Json::List(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out)?;
                }
                out.push(']');
            }
            Json::Object(entries) => {
                let mut sorted: Vec<&(String, Json)> = entries.iter().collect();
                sorted.sort_by(|a, b| a.0.cmp(&b.0));
                // A repeated key keeps its last value, as decoding into a Go map does.
                sorted.dedup_by(|later, earlier| {
                    let same = later.0 == earlier.0;
                    if same {
                        std::mem::swap(later, earlier);
                    }
                    same
                });
                out.push('{');
                for (i, (k, v)) in sorted.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_string(out, k, false);
                    out.push(':');
                    v.write(out)?;
                }
                out.push('}');
            }
        }
        Some(())
    }
}
