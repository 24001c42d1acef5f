//! `.helmignore` rules, as helm's `ignore` package applies them.

use crate::ChartError;
use rudder_gocompat::path_match::Pattern;

struct Rule {
    pattern: Pattern,
    negate: bool,
    must_dir: bool,
    /// Match against the whole relative path (else the base name).
    full_path: bool,
}

/// Parsed rules plus helm's default (`templates/.?*`).
pub struct Rules(Vec<Rule>);

impl Rules {
    pub fn parse(text: &str) -> Result<Rules, ChartError> {
        let mut rules = Vec::new();
        for (index, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            rules.push(parse_rule(line).map_err(|message| ChartError::Ignore {
                line: index + 1,
                message: message.into(),
            })?);
        }
        rules.push(parse_rule("templates/.?*").expect("helm's default rule is valid"));
        Ok(Rules(rules))
    }

    /// helm's `Rules.Ignore` for a path relative to the chart.
    pub fn ignore(&self, path: &str, is_dir: bool) -> bool {
        if path.is_empty() || path == "." || path == "./" {
            return false;
        }
        for r in &self.0 {
            let matched = || {
                let subject = if r.full_path {
                    path
                } else {
                    path.rsplit('/').next().unwrap_or(path)
                };
                r.pattern.matches(subject)
            };
            if r.negate {
                if r.must_dir && !is_dir {
                    return true;
                }
                if !matched() {
                    return true;
                }
                continue;
            }
            if r.must_dir && !is_dir {
                continue;
            }
            if matched() {
                return true;
            }
        }
        false
    }
}

/// A rule; the error is the text of a rule helm refuses.
fn parse_rule(line: &str) -> Result<Rule, &'static str> {
    if line.contains("**") {
        return Err("double-star (**) syntax is not supported");
    }
    let (negate, rest) = match line.strip_prefix('!') {
        Some(r) => (true, r),
        None => (false, line),
    };
    let (must_dir, rest) = match rest.strip_suffix('/') {
        Some(r) => (true, r),
        None => (false, rest),
    };
    let (pattern, full_path) = match rest.strip_prefix('/') {
        Some(r) => (Pattern::new(r), true),
        None => (Pattern::new(rest), rest.contains('/')),
    };
    Ok(Rule {
        pattern,
        negate,
        must_dir,
        full_path,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules() {
        let r = Rules::parse("# c\n*.bak\nsecret/\n/top.txt\n").unwrap();
        assert!(r.ignore("a/b.bak", false));
        assert!(r.ignore("secret", true));
        assert!(!r.ignore("secret", false));
        assert!(r.ignore("top.txt", false));
        assert!(r.ignore("templates/.hidden", false));
        assert!(!r.ignore("templates/sub/.hidden", false));
        assert!(Rules::parse("a/**").is_err());
    }
}
