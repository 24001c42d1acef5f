//! Masterminds/semver v3's version parsing, precedence and constraints, as helm and Sprig use
//! them (chart versions, kubeVersion, dependency ranges, `semverCompare`).

use std::cmp::Ordering;
use std::sync::LazyLock;

/// A parsed semantic version.
#[derive(Debug, Clone, PartialEq)]
pub struct Version {
    major: u64,
    minor: u64,
    patch: u64,
    pre: String,
    meta: String,
    original: String,
}

impl Version {
    /// Masterminds' lenient `NewVersion`: optional `v`, missing minor/patch are 0.
    pub fn parse(s: &str) -> Option<Version> {
        let body = s.strip_prefix('v').unwrap_or(s);
        let (body, meta) = match body.split_once('+') {
            Some((b, m)) => (b, m.to_string()),
            None => (body, String::new()),
        };
        let (core, pre) = match body.split_once('-') {
            Some((c, p)) => (c, p.to_string()),
            None => (body, String::new()),
        };
        let ident_ok = |x: &str| {
            x.split('.')
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        };
        if (!pre.is_empty() && !ident_ok(&pre)) || (!meta.is_empty() && !ident_ok(&meta)) {
            return None;
        }
        let nums: Vec<&str> = core.split('.').collect();
        if nums.is_empty()
            || nums.len() > 3
            || nums
                .iter()
                .any(|n| n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()))
        {
            return None;
        }
        let n = |i: usize| {
            nums.get(i)
                .map(|x| x.parse::<u64>().ok())
                .unwrap_or(Some(0))
        };
        Some(Version {
            major: n(0)?,
            minor: n(1)?,
            patch: n(2)?,
            pre,
            meta,
            original: s.to_string(),
        })
    }

    /// Masterminds' `StrictNewVersion`: exactly `MAJOR.MINOR.PATCH`, no `v`, no leading
    /// zeros in numbers or numeric pre-release identifiers.
    pub fn parse_strict(s: &str) -> Option<Version> {
        let v = Version::parse(s)?;
        let body = s.split('+').next().unwrap_or_default();
        let (core, pre) = body.split_once('-').unwrap_or((body, ""));
        let leading_zero = |n: &str| n.len() > 1 && n.starts_with('0');
        let nums: Vec<&str> = core.split('.').collect();
        let numeric_zero = |id: &str| id.bytes().all(|b| b.is_ascii_digit()) && leading_zero(id);
        let ok = nums.len() == 3
            && !s.starts_with('v')
            && !nums.iter().any(|n| leading_zero(n))
            && (pre.is_empty() || !pre.split('.').any(numeric_zero));
        ok.then_some(v)
    }

    /// Masterminds' `Compare`: precedence, build metadata ignored.
    pub fn compare(&self, o: &Version) -> Ordering {
        (self.major, self.minor, self.patch)
            .cmp(&(o.major, o.minor, o.patch))
            .then_with(|| compare_pre(&self.pre, &o.pre))
    }

    pub fn major(&self) -> u64 {
        self.major
    }

    pub fn minor(&self) -> u64 {
        self.minor
    }

    pub fn patch(&self) -> u64 {
        self.patch
    }

    /// The pre-release part (after `-`), empty if none.
    pub fn prerelease(&self) -> &str {
        &self.pre
    }

    /// The build metadata (after `+`), empty if none.
    pub fn metadata(&self) -> &str {
        &self.meta
    }

    /// The text the version was parsed from.
    pub fn original(&self) -> &str {
        &self.original
    }

    /// Masterminds' `String`: `MAJOR.MINOR.PATCH[-pre][+meta]`.
    pub fn string(&self) -> String {
        let mut s = format!("{}.{}.{}", self.major, self.minor, self.patch);
        if !self.pre.is_empty() {
            s.push('-');
            s.push_str(&self.pre);
        }
        if !self.meta.is_empty() {
            s.push('+');
            s.push_str(&self.meta);
        }
        s
    }
}

fn compare_pre(a: &str, b: &str) -> Ordering {
    match (a.is_empty(), b.is_empty()) {
        (true, true) => return Ordering::Equal,
        (true, false) => return Ordering::Greater,
        (false, true) => return Ordering::Less,
        _ => {}
    }
    let (pa, pb): (Vec<&str>, Vec<&str>) = (a.split('.').collect(), b.split('.').collect());
    for (x, y) in pa.iter().zip(&pb) {
        let o = match (x.parse::<u64>(), y.parse::<u64>()) {
            (Ok(i), Ok(j)) => i.cmp(&j),
            (Ok(_), Err(_)) => Ordering::Less,
            (Err(_), Ok(_)) => Ordering::Greater,
            _ => x.cmp(y),
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    pa.len().cmp(&pb.len())
}

/// One `op version` term; `parts` is how many of major.minor.patch were given (wildcards
/// stop the count).
pub struct Term {
    op: String,
    v: Version,
    parts: usize,
}

/// The version part of Masterminds' constraint expressions (`cvRegex`). Its classes hold a `|`
/// by mistake, which the parsing keeps: `10 |` is a valid group whose second term fails.
const CV: &str = r"v?([0-9|x|X|\*]+)(\.[0-9|x|X|\*]+)?(\.[0-9|x|X|\*]+)?(-([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?(\+([0-9A-Za-z\-]+(\.[0-9A-Za-z\-]+)*))?";
const OPS: &str = r"=||!=|>|<|>=|=>|<=|=<|~|~>|\^";

/// Masterminds' regular expressions, compiled with Go's syntax (its `\s` is ASCII).
fn pattern(text: String) -> regex::Regex {
    let shared = crate::regexp::go_compile(&text).expect("Masterminds' patterns compile");
    regex::Regex::clone(&shared)
}

static CONSTRAINT: LazyLock<regex::Regex> =
    LazyLock::new(|| pattern(format!(r"^\s*({OPS})\s*({CV})\s*$")));
static RANGE: LazyLock<regex::Regex> =
    LazyLock::new(|| pattern(format!(r"\s*({CV})\s+-\s+({CV})\s*")));
static FIND: LazyLock<regex::Regex> = LazyLock::new(|| pattern(format!(r"({OPS})\s*({CV})")));
static VALID: LazyLock<regex::Regex> = LazyLock::new(|| {
    pattern(format!(
        r"^(\s*({OPS})\s*({CV})\s*)((?:\s+|,\s*)({OPS})\s*({CV})\s*)*$"
    ))
});

fn is_x(part: &str) -> bool {
    matches!(part, "x" | "X" | "*")
}

/// Masterminds' `parseConstraint`: an operator and a version whose missing or `x` parts make
/// it "dirty" (`parts` counts the parts given).
fn parse_term(t: &str) -> Result<Term, String> {
    let Some(m) = CONSTRAINT.captures(t) else {
        return Err(format!("improper constraint: {t}"));
    };
    let group = |i: usize| m.get(i).map_or("", |g| g.as_str());
    let (major, minor, patch, pre) = (group(3), group(4), group(5), group(6));
    let (ver, parts) = if is_x(major) || major.is_empty() {
        (format!("0.0.0{pre}"), 0)
    } else if is_x(minor.strip_prefix('.').unwrap_or(minor)) || minor.is_empty() {
        (format!("{major}.0.0{pre}"), 1)
    } else if is_x(patch.strip_prefix('.').unwrap_or(patch)) || patch.is_empty() {
        (format!("{major}{minor}.0{pre}"), 2)
    } else {
        (group(2).to_string(), 3)
    };
    let v = Version::parse(&ver).ok_or("constraint parser error")?;
    Ok(Term {
        op: group(1).to_string(),
        v,
        parts,
    })
}

/// Masterminds' `rewriteRange`: each `a - b` becomes `>= a, <= b `.
fn rewrite_range(c: &str) -> String {
    let mut out = c.to_string();
    for m in RANGE.captures_iter(c) {
        let group = |i: usize| m.get(i).map_or("", |g| g.as_str());
        let term = format!(">= {}, <= {} ", group(1), group(11));
        out = out.replacen(group(0), &term, 1);
    }
    out
}

fn bump(v: &Version, level: usize) -> Version {
    let mut n = Version {
        pre: String::new(),
        meta: String::new(),
        ..v.clone()
    };
    match level {
        0 => {
            n.major += 1;
            n.minor = 0;
            n.patch = 0;
        }
        1 => {
            n.minor += 1;
            n.patch = 0;
        }
        _ => n.patch += 1,
    }
    n
}

fn check(term: &Term, v: &Version) -> bool {
    // Pre-releases only satisfy constraints that mention a pre-release.
    if !v.pre.is_empty() && term.v.pre.is_empty() {
        return false;
    }
    let c = &term.v;
    let ge = v.compare(c) != Ordering::Less;
    match term.op.as_str() {
        "" | "=" => {
            if term.parts == 3 {
                v.compare(c) == Ordering::Equal
            } else {
                ge && v.compare(&bump(c, term.parts.saturating_sub(1).min(2))) == Ordering::Less
                    || (term.parts == 0)
            }
        }
        "!=" => v.compare(c) != Ordering::Equal,
        ">" => {
            if term.parts < 3 && term.parts > 0 {
                v.compare(&bump(c, term.parts - 1)) != Ordering::Less
            } else {
                v.compare(c) == Ordering::Greater
            }
        }
        "<" => v.compare(c) == Ordering::Less,
        ">=" | "=>" => ge,
        "<=" | "=<" => {
            if term.parts < 3 && term.parts > 0 {
                v.compare(&bump(c, term.parts - 1)) == Ordering::Less
            } else {
                v.compare(c) != Ordering::Greater
            }
        }
        "~" | "~>" => {
            ge && v.compare(&bump(c, if term.parts <= 1 { 0 } else { 1 })) == Ordering::Less
        }
        "^" => {
            let level = if c.major > 0 || term.parts <= 1 {
                0
            } else if c.minor > 0 || term.parts == 2 {
                1
            } else {
                2
            };
            ge && v.compare(&bump(c, level)) == Ordering::Less
        }
        _ => false,
    }
}

/// One `op version` whose version is digits and wildcards with an optional pre-release
/// (`1.2.3`, `~1.2`, `>=1.x`, `<1.25-0`), the form of almost every Chart.yaml dependency and
/// `semverCompare` of templates, read by hand as the patterns read it (a test compares the two
/// on every such form): compiling the patterns took a third of a small chart's render.
/// `None`: anything else, left to the patterns.
fn simple_term(constraint: &str) -> Option<Term> {
    let t = constraint.trim_matches(|c| matches!(c, ' ' | '\t' | '\n' | '\r' | '\x0c'));
    let split = t.find(|c: char| !matches!(c, '=' | '!' | '<' | '>' | '~' | '^'))?;
    let (op, cv) = t.split_at(split);
    let known = [
        "", "=", "!=", ">", "<", ">=", "=>", "<=", "=<", "~", "~>", "^",
    ];
    if !known.contains(&op) {
        return None;
    }
    let (core, pre) = cv.split_at(cv.find('-').unwrap_or(cv.len()));
    let identifier =
        |i: &str| !i.is_empty() && i.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    if !pre.is_empty() && !pre[1..].split('.').all(identifier) {
        return None;
    }
    let parts: Vec<&str> = core.strip_prefix('v').unwrap_or(core).split('.').collect();
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if parts.len() > 3 || !parts.iter().all(|p| is_x(p) || digits(p)) {
        return None;
    }
    let part = |i: usize| parts.get(i).copied().unwrap_or("");
    let (major, minor, patch) = (part(0), part(1), part(2));
    let (ver, given) = if is_x(major) {
        (format!("0.0.0{pre}"), 0)
    } else if minor.is_empty() || is_x(minor) {
        (format!("{major}.0.0{pre}"), 1)
    } else if patch.is_empty() || is_x(patch) {
        (format!("{major}.{minor}.0{pre}"), 2)
    } else {
        (cv.to_string(), 3)
    };
    Some(Term {
        op: op.to_string(),
        v: Version::parse(&ver)?,
        parts: given,
    })
}

/// Masterminds' `NewConstraint`: `||` groups of terms, all of which must hold. A group that
/// is not well formed is named as written.
pub fn parse_constraint(constraint: &str) -> Result<Vec<Vec<Term>>, String> {
    match simple_term(constraint) {
        Some(term) => Ok(vec![vec![term]]),
        None => by_patterns(constraint),
    }
}

/// [`parse_constraint`] with Masterminds' regular expressions, as Masterminds does it.
fn by_patterns(constraint: &str) -> Result<Vec<Vec<Term>>, String> {
    rewrite_range(constraint)
        .split("||")
        .map(|group| {
            if !VALID.is_match(group) {
                return Err(format!("improper constraint: {group}"));
            }
            let terms: Vec<&str> = FIND.find_iter(group).map(|m| m.as_str()).collect();
            if terms.is_empty() {
                return parse_term(group).map(|t| vec![t]);
            }
            terms.into_iter().map(parse_term).collect()
        })
        .collect()
}

/// Masterminds' `Constraints.Check`: some group whose terms all hold.
pub fn check_constraint(groups: &[Vec<Term>], v: &Version) -> bool {
    groups.iter().any(|g| g.iter().all(|t| check(t, v)))
}

/// Masterminds' `NewConstraint` + `Check`.
pub fn satisfies(constraint: &str, v: &Version) -> Result<bool, String> {
    Ok(check_constraint(&parse_constraint(constraint)?, v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simple_terms_read_as_the_patterns_read_them() {
        let ops = [
            "", "=", "!=", ">", "<", ">=", "=>", "<=", "=<", "~", "~>", "^", "==", "><",
        ];
        let versions = [
            "1",
            "1.2",
            "1.2.3",
            "v1.2.3",
            "x",
            "X",
            "*",
            "1.x",
            "1.2.x",
            "x.2.3",
            "1.*.3",
            "01.2.3",
            "1.02",
            "1.2.3.4",
            "1.",
            "v",
            "",
            "1x",
            "18446744073709551616",
            "0.0.0",
            "1.25-0",
            "1-0",
            "x-0",
            "1.x-alpha",
            "1.2.3-rc.1",
            "v1.2-0",
            "1.2-a-b.c",
            "1.2.3-",
            "1.2-a..b",
            "1.2-.a",
            "1.2-a_b",
            "1.2.3-0+meta",
            "1.2.3-0.1.2.3",
        ];
        let pads = ["", " ", "\t ", "\n"];
        let mut simple = 0;
        for op in ops {
            for v in versions {
                for pad in pads {
                    let c = format!("{pad}{op}{v}{pad}");
                    let Some(fast) = simple_term(&c) else {
                        continue;
                    };
                    simple += 1;
                    let slow = by_patterns(&c).unwrap_or_else(|e| panic!("{c:?}: {e}"));
                    let [group] = &slow[..] else { panic!("{c:?}") };
                    let [t] = &group[..] else { panic!("{c:?}") };
                    assert_eq!(
                        (&fast.op, &fast.v, fast.parts),
                        (&t.op, &t.v, t.parts),
                        "{c:?}"
                    );
                }
            }
        }
        assert!(simple > 450, "{simple} simple forms");
    }

    #[test]
    fn strict_versions() {
        for ok in ["1.2.3", "0.0.0-rc.1+b.01", "10.20.30-0a"] {
            assert!(Version::parse_strict(ok).is_some(), "{ok}");
        }
        for bad in ["v1.2.3", "1.2", "01.2.3", "1.2.3-01", "latest", "1.2.3.4"] {
            assert!(Version::parse_strict(bad).is_none(), "{bad}");
        }
    }

    fn ok(c: &str, v: &str) -> bool {
        satisfies(c, &Version::parse(v).unwrap()).unwrap()
    }

    // compat-notes E and Masterminds' documented rules.
    #[test]
    fn constraints() {
        assert!(!ok(">=1.20", "v1.21.0-gke.1"));
        assert!(ok(">=1.20-0", "v1.21.0-gke.1"));
        assert!(ok("~1.2", "1.2.9"));
        assert!(!ok("~1.2", "1.3.0"));
        assert!(ok("^1.2.x", "1.9.0"));
        assert!(ok(">= 1.0, < 2.0", "1.5.0"));
        assert!(!ok(">= 1.0, < 2.0", "2.0.0"));
        assert!(ok("1.2.x", "1.2.7"));
        assert!(ok("<1.0 || >=2.0", "2.1.0"));
        assert!(ok("1.0 - 2.0", "1.5.0"));
        assert_eq!(Version::parse("v1.2").unwrap().string(), "1.2.0");
    }

    /// Found by the differential fuzzer: `|` belongs to Masterminds' version class, so
    /// `10 |` is a valid group whose second term is the version `|.0.0`.
    #[test]
    fn a_bar_is_a_version_part() {
        assert_eq!(
            parse_constraint("10  |").err().unwrap(),
            "constraint parser error"
        );
        assert_eq!(
            parse_constraint(">= 1.0 <").err().unwrap(),
            "improper constraint: >= 1.0 <"
        );
    }

    /// Found by the differential fuzzer: whitespace other than a space separates nothing.
    #[test]
    fn whitespace_alone_is_no_constraint() {
        assert_eq!(
            parse_constraint("\t").err().unwrap(),
            "improper constraint: \t"
        );
        assert!(ok(">=\t1.0", "1.5.0"));
        assert!(ok("\t>=1.0,\n<2.0", "1.5.0"));
    }
}
