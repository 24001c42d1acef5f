//! `# yamllint disable`, `# yamllint enable`, `# yamllint disable-line` and
//! `# yamllint disable-file` comments.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

static DISABLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^# yamllint disable((?: rule:\S+)*)\s*$").expect("valid regex"));
static ENABLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^# yamllint enable((?: rule:\S+)*)\s*$").expect("valid regex"));
static DISABLE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^# yamllint disable-line((?: rule:\S+)*)\s*$").expect("valid regex")
});
static DISABLE_FILE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^#\s*yamllint disable-file\s*$").expect("valid regex"));

pub fn disables_file(first_line: &str) -> bool {
    DISABLE_FILE.is_match(first_line)
}

/// The rules a directive turns off (for the file so far, or for one line).
#[derive(Default)]
pub struct Directives {
    rules: BTreeSet<&'static str>,
}

/// The rule ids a directive names (`rule:x rule:y`).
fn named(list: &str) -> Vec<&str> {
    list.split(' ')
        .filter_map(|item| item.strip_prefix("rule:"))
        .collect()
}

impl Directives {
    /// Reads a comment: `line` for the `disable-line` form, else `disable` and `enable`.
    pub fn process(&mut self, comment: &str, enabled: &[&'static str], line: bool) {
        let disable = if line { &DISABLE_LINE } else { &DISABLE };
        if let Some(captures) = disable.captures(comment) {
            let names = named(&captures[1]);
            if names.is_empty() {
                self.rules.extend(enabled.iter().copied());
            }
            self.rules
                .extend(enabled.iter().copied().filter(|id| names.contains(id)));
        } else if let (false, Some(captures)) = (line, ENABLE.captures(comment)) {
            let names = named(&captures[1]);
            if names.is_empty() {
                self.rules.clear();
            }
            self.rules.retain(|id| !names.contains(id));
        }
    }

    pub fn disables(&self, rule: &str) -> bool {
        self.rules.contains(rule)
    }
}
