//! CHANGELOG.md entries in the Keep a Changelog layout (https://keepachangelog.com): a
//! `## [version] - date` section per release, newest first, its lines grouped under `### Added`,
//! `### Changed`, `### Deprecated`, `### Removed`, `### Fixed` and `### Security`.

/// The groups, in the order the format lists them.
const GROUPS: [&str; 6] = [
    "Added",
    "Changed",
    "Deprecated",
    "Removed",
    "Fixed",
    "Security",
];

/// The group a commit message belongs to, by its Conventional Commits type, and the message
/// without that type, as a sentence (`feat(ingress): add TLS` is `Added`: `Add TLS`).
pub fn classify(message: &str) -> (&'static str, String) {
    let message = message.trim();
    let Some((head, rest)) = message.split_once(':') else {
        return ("Changed", capitalised(message));
    };
    let kind = head.split('(').next().unwrap_or(head).trim_end_matches('!');
    let group = match kind.to_ascii_lowercase().as_str() {
        "feat" | "add" => "Added",
        "fix" | "bugfix" => "Fixed",
        "deprecate" | "deprecated" => "Deprecated",
        "remove" | "removed" | "revert" => "Removed",
        "security" | "sec" => "Security",
        "chore" | "refactor" | "perf" | "docs" | "build" | "ci" | "style" | "test" | "change" => {
            "Changed"
        }
        _ => return ("Changed", capitalised(message)),
    };
    let rest = capitalised(rest.trim());
    let text = if head.ends_with('!') {
        format!("**Breaking:** {rest}")
    } else {
        rest
    };
    (group, text)
}

/// The section for one release: the lines (oldest first) sorted into their groups.
pub fn entry(version: &str, date: &str, messages: &[String]) -> String {
    let mut out = format!("## [{version}] - {date}\n");
    for group in GROUPS {
        let lines: Vec<String> = messages
            .iter()
            .map(|m| classify(m))
            .filter(|(g, _)| *g == group)
            .map(|(_, text)| text)
            .collect();
        if lines.is_empty() {
            continue;
        }
        out.push_str(&format!("\n### {group}\n\n"));
        for line in lines {
            out.push_str(&format!("- {line}\n"));
        }
    }
    out
}

/// A sentence's first letter in upper case (`fix: config map name` reads `Config map name`).
fn capitalised(line: &str) -> String {
    let mut chars = line.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// The text a new CHANGELOG.md starts with.
pub fn header(chart: &str) -> String {
    format!(
        "# Changelog\n\nNotable changes of the {chart} chart, newest release first \
         ([Keep a Changelog](https://keepachangelog.com/en/1.1.0/) layout, \
         [semantic versions](https://semver.org/)).\n"
    )
}

/// `existing` (empty for a new file) with the release added above the older ones. Notes kept
/// under `## [Unreleased]` become the release's section (the heading stays, empty); `messages`
/// are used when there are none.
pub fn add_release(
    existing: &str,
    chart: &str,
    version: &str,
    date: &str,
    messages: &[String],
) -> String {
    let text = if existing.trim().is_empty() {
        header(chart)
    } else {
        existing.to_string()
    };
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let is_heading = |l: &str| l.starts_with("## ");
    let unreleased = lines.iter().position(|l| {
        l.trim_end().eq_ignore_ascii_case("## [unreleased]")
            || l.trim_end().eq_ignore_ascii_case("## unreleased")
    });
    let mut out = String::new();
    match unreleased {
        Some(at) => {
            let end = lines[at + 1..]
                .iter()
                .position(|l| is_heading(l))
                .map_or(lines.len(), |i| at + 1 + i);
            let notes: String = lines[at + 1..end].concat();
            out.push_str(&lines[..=at].concat());
            if !out.ends_with('\n') {
                out.push('\n');
            }
            out.push('\n');
            if notes.trim().is_empty() {
                out.push_str(&entry(version, date, messages));
            } else {
                out.push_str(&format!(
                    "## [{version}] - {date}\n\n{}\n",
                    notes.trim_matches('\n')
                ));
            }
            push_rest(&mut out, &lines[end..]);
        }
        None => {
            let first = lines
                .iter()
                .position(|l| is_heading(l))
                .unwrap_or(lines.len());
            out.push_str(lines[..first].concat().trim_end_matches('\n'));
            out.push_str("\n\n");
            out.push_str(&entry(version, date, messages));
            push_rest(&mut out, &lines[first..]);
        }
    }
    out
}

fn push_rest(out: &mut String, rest: &[&str]) {
    if !rest.is_empty() {
        out.push('\n');
        out.push_str(rest.concat().trim_start_matches('\n'));
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
}

/// `YYYY-MM-DD` of a Unix time (UTC), from the days since 1970 (Howard Hinnant's civil date).
pub fn date_of(unix_seconds: u64) -> String {
    let days = (unix_seconds / 86_400) as i64 + 719_468;
    let era = days.div_euclid(146_097);
    let doe = days - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates() {
        assert_eq!(date_of(0), "1970-01-01");
        assert_eq!(date_of(1_796_428_800), "2026-12-05");
        assert_eq!(date_of(951_782_400), "2000-02-29");
    }

    #[test]
    fn groups_by_commit_type() {
        assert_eq!(
            classify("feat(ingress): add TLS"),
            ("Added", "Add TLS".into())
        );
        assert_eq!(
            classify("fix!: drop x"),
            ("Fixed", "**Breaking:** Drop x".into())
        );
        assert_eq!(classify("Update image"), ("Changed", "Update image".into()));
        assert_eq!(classify("note: x"), ("Changed", "Note: x".into()));
    }
}
