//! kubeconform's output formats, line for line: `text` and `pretty` (one line per invalid or
//! failed resource, all with `-verbose`, and `-summary`), `json` (its `resources` array and
//! `summary`), `tap` and `junit` (one suite per file, as Go's xml.MarshalIndent writes it).

use std::collections::HashSet;
use std::time::Instant;

use rudder_kube::{Outcome, Signature, Status};
use rudder_yaml::write::write_string;

use super::input::Input;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Text,
    Pretty,
    Json,
    Tap,
    Junit,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        Some(match s {
            "text" => Format::Text,
            "pretty" => Format::Pretty,
            "json" => Format::Json,
            "tap" => Format::Tap,
            "junit" => Format::Junit,
            _ => return None,
        })
    }
}

type Results<'a> = [(&'a Input, Outcome)];

pub fn render(
    format: Format,
    results: &Results<'_>,
    summary: bool,
    stdin: bool,
    verbose: bool,
    started: Instant,
) -> String {
    match format {
        Format::Text => text(results, summary, stdin, verbose, false),
        Format::Pretty => text(results, summary, stdin, verbose, true),
        Format::Json => json(results, summary, verbose),
        Format::Tap => tap(results),
        Format::Junit => junit(results, started),
    }
}

fn message(o: &Outcome) -> &str {
    o.message.as_deref().unwrap_or("")
}

#[derive(Default)]
struct Counts {
    valid: usize,
    invalid: usize,
    errors: usize,
    skipped: usize,
}

impl Counts {
    fn add(&mut self, s: Status) {
        match s {
            Status::Valid => self.valid += 1,
            Status::Invalid => self.invalid += 1,
            Status::Error => self.errors += 1,
            Status::Skipped => self.skipped += 1,
            Status::Empty => {}
        }
    }

    fn total(&self) -> usize {
        self.valid + self.invalid + self.errors + self.skipped
    }
}

const RESET: &str = "\x1b[0m";
const RED: &str = "\x1b[31m";
const GREEN: &str = "\x1b[32m";
const YELLOW: &str = "\x1b[33m";

fn text(results: &Results<'_>, summary: bool, stdin: bool, verbose: bool, pretty: bool) -> String {
    let mut out = String::new();
    let mut files = HashSet::new();
    let mut n = Counts::default();
    for (input, o) in results {
        let path = &input.resource.path;
        let sig = input.resource.signature();
        let (kind, name) = (&sig.kind, &sig.name);
        files.insert(path.as_str());
        n.add(o.status);
        let m = message(o);
        let line = match (o.status, pretty) {
            (Status::Valid, false) if verbose => format!("{path} - {kind} {name} is valid\n"),
            (Status::Valid, true) if verbose => {
                format!("{GREEN}\u{2714}{RESET} {path}: {GREEN}{kind} {name} is valid{RESET}\n")
            }
            (Status::Invalid, false) => format!("{path} - {kind} {name} is invalid: {m}\n"),
            (Status::Invalid, true) => {
                format!("{RED}\u{2716}{RESET} {path}: {RED}{kind} {name} is invalid: {m}{RESET}\n")
            }
            (Status::Error, false) if !kind.is_empty() && !name.is_empty() => {
                format!("{path} - {kind} {name} failed validation: {m}\n")
            }
            (Status::Error, false) => format!("{path} - failed validation: {m}\n"),
            (Status::Error, true) if !kind.is_empty() && !name.is_empty() => format!(
                "{RED}\u{2716}{RESET} {path}: {RED}{kind} failed validation: {name} {m}{RESET}\n"
            ),
            (Status::Error, true) => {
                format!("{RED}\u{2716}{RESET} {path}: {RED}failed validation: {name} {m}{RESET}\n")
            }
            // kubeconform's text names the object before its kind here.
            (Status::Skipped, false) if verbose => format!("{path} - {name} {kind} skipped\n"),
            (Status::Skipped, true) if verbose => {
                let what = match (kind.is_empty(), name.is_empty()) {
                    (false, false) => format!("{kind} {name} skipped"),
                    (false, true) => format!("{kind} skipped"),
                    _ => "skipped".to_string(),
                };
                format!("{YELLOW}-{RESET} {path}: {YELLOW}{what}{RESET}\n")
            }
            _ => String::new(),
        };
        out.push_str(&line);
    }
    if summary {
        let total = n.total();
        let s = if total > 1 { "s" } else { "" };
        let counts = format!(
            "Valid: {}, Invalid: {}, Errors: {}, Skipped: {}",
            n.valid, n.invalid, n.errors, n.skipped
        );
        if stdin {
            out.push_str(&format!(
                "Summary: {total} resource{s} found parsing stdin - {counts}\n"
            ));
        } else {
            let f = if files.len() > 1 { "s" } else { "" };
            out.push_str(&format!(
                "Summary: {total} resource{s} found in {} file{f} - {counts}\n",
                files.len()
            ));
        }
    }
    out
}

/// A JSON string as Go's encoding/json writes it (HTML characters escaped).
fn js(s: &str) -> String {
    let mut out = String::new();
    write_string(&mut out, s, true);
    out
}

fn json(results: &Results<'_>, summary: bool, verbose: bool) -> String {
    let mut n = Counts::default();
    let mut items = Vec::new();
    for (input, o) in results {
        n.add(o.status);
        let shown = !matches!(o.status, Status::Valid | Status::Skipped | Status::Empty);
        if !(verbose || shown) {
            continue;
        }
        let status = match o.status {
            Status::Valid => "statusValid",
            Status::Invalid => "statusInvalid",
            Status::Error => "statusError",
            Status::Skipped => "statusSkipped",
            Status::Empty => "",
        };
        let msg = match o.status {
            Status::Invalid | Status::Error => message(o),
            _ => "",
        };
        let sig = input.resource.signature();
        let mut item = format!(
            "    {{\n      \"filename\": {},\n      \"kind\": {},\n      \"name\": {},\n      \"version\": {},\n      \"status\": {},\n      \"msg\": {}",
            js(&input.resource.path),
            js(&sig.kind),
            js(&sig.name),
            js(&sig.version),
            js(status),
            js(msg)
        );
        if !o.errors.is_empty() {
            let errors: Vec<String> = o
                .errors
                .iter()
                .map(|e| {
                    format!(
                        "        {{\n          \"path\": {},\n          \"msg\": {}\n        }}",
                        js(&e.path),
                        js(&e.msg)
                    )
                })
                .collect();
            item.push_str(&format!(
                ",\n      \"validationErrors\": [\n{}\n      ]",
                errors.join(",\n")
            ));
        }
        item.push_str("\n    }");
        items.push(item);
    }
    let resources = if items.is_empty() {
        "[]".to_string()
    } else {
        format!("[\n{}\n  ]", items.join(",\n"))
    };
    if summary {
        format!(
            "{{\n  \"resources\": {resources},\n  \"summary\": {{\n    \"valid\": {},\n    \"invalid\": {},\n    \"errors\": {},\n    \"skipped\": {}\n  }}\n}}\n",
            n.valid, n.invalid, n.errors, n.skipped
        )
    } else {
        format!("{{\n  \"resources\": {resources}\n}}\n")
    }
}

fn tap(results: &Results<'_>) -> String {
    let mut out = String::new();
    for (i, (input, o)) in results.iter().enumerate() {
        let index = i + 1;
        if index == 1 {
            out.push_str("TAP version 13\n");
        }
        let path = &input.resource.path;
        let q = input.resource.signature().qualified_name();
        let m = message(o);
        out.push_str(&match o.status {
            Status::Valid => format!("ok {index} - {path} ({q})\n"),
            Status::Invalid => format!("not ok {index} - {path} ({q}): {m}\n"),
            Status::Empty => format!("ok {index} - {path} (empty)\n"),
            Status::Error => format!("not ok {index} - {path}: {m}\n"),
            Status::Skipped => format!("ok {index} - {path} ({q}) # skip\n"),
        });
    }
    out.push_str(&format!("1..{}\n", results.len()));
    out
}

/// Go's xml.EscapeText for attribute values.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '"' => out.push_str("&#34;"),
            '\'' => out.push_str("&#39;"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\t' => out.push_str("&#x9;"),
            '\n' => out.push_str("&#xA;"),
            '\r' => out.push_str("&#xD;"),
            c if (c as u32) < 0x20 => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out
}

struct Suite<'a> {
    name: &'a str,
    cases: Vec<String>,
    counts: Counts,
}

fn junit(results: &Results<'_>, started: Instant) -> String {
    let mut suites: Vec<Suite<'_>> = Vec::new();
    for (input, o) in results {
        let path = input.resource.path.as_str();
        let at = match suites.iter().position(|s| s.name == path) {
            Some(at) => at,
            None => {
                suites.push(Suite {
                    name: path,
                    cases: Vec::new(),
                    counts: Counts::default(),
                });
                suites.len() - 1
            }
        };
        if o.status == Status::Empty {
            continue;
        }
        let suite = &mut suites[at];
        suite.counts.add(o.status);
        let sig: Signature = input.resource.signature();
        let name = if sig.namespace.is_empty() {
            sig.name.clone()
        } else {
            format!("{}/{}", sig.namespace, sig.name)
        };
        let open = format!(
            "    <testcase name=\"{}\" classname=\"{}\" time=\"0\">",
            xml(&name),
            xml(&format!("{}@{}", sig.kind, sig.version))
        );
        let m = xml(message(o));
        suite.cases.push(match o.status {
            Status::Invalid => {
                format!(
                    "{open}\n      <failure message=\"{m}\" type=\"\"></failure>\n    </testcase>"
                )
            }
            Status::Error => {
                format!("{open}\n      <error message=\"{m}\" type=\"\"></error>\n    </testcase>")
            }
            Status::Skipped => {
                format!("{open}\n      <skipped message=\"\"></skipped>\n    </testcase>")
            }
            _ => format!("{open}</testcase>"),
        });
    }
    let mut total = Counts::default();
    for s in &suites {
        total.valid += s.counts.valid;
        total.invalid += s.counts.invalid;
        total.errors += s.counts.errors;
        total.skipped += s.counts.skipped;
    }
    let seconds = rudder_gotmpl::fmt::format_float(started.elapsed().as_secs_f64(), b'g', -1, 64);
    let mut out = format!(
        "<testsuites name=\"kubeconform\" time=\"{seconds}\" tests=\"{}\" failures=\"{}\" disabled=\"{}\" errors=\"{}\">",
        total.total(),
        total.invalid,
        total.skipped,
        total.errors
    );
    for (id, s) in suites.iter().enumerate() {
        let c = &s.counts;
        out.push_str(&format!(
            "\n  <testsuite name=\"{}\" id=\"{}\" tests=\"{}\" failures=\"{}\" errors=\"{}\" disabled=\"0\" skipped=\"{}\">",
            xml(s.name),
            id + 1,
            c.total(),
            c.invalid,
            c.errors,
            c.skipped
        ));
        for case in &s.cases {
            out.push('\n');
            out.push_str(case);
        }
        if !s.cases.is_empty() {
            out.push_str("\n  ");
        }
        out.push_str("</testsuite>");
    }
    if !suites.is_empty() {
        out.push('\n');
    }
    out.push_str("</testsuites>\n");
    out
}
