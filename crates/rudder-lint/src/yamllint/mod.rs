//! yamllint, as chart-testing runs it on Chart.yaml and values files: the rules of its
//! `lintconf.yaml` (or another yamllint config), with yamllint's findings, positions, messages,
//! order and `# yamllint disable` comments.
//!
//! Like yamllint, this reads the text as PyYAML's token stream ([`scanner`]), the comments
//! between tokens and the raw lines, not as a parsed tree; a syntax error is the first error
//! PyYAML's parser raises ([`parser`]).

pub mod config;
mod directives;
pub(crate) mod parser;
mod rules;
mod scalars;
pub mod scanner;

use directives::Directives;
use rules::{At, Comment, Line, RuleType};
use scanner::{Kind, Token};

pub use config::{Config, Level};

/// A problem yamllint reports: 1-based line and column, its text, the rule (`None` for a
/// syntax error, whose text names it) and the level.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub line: usize,
    pub column: usize,
    pub desc: String,
    pub rule: Option<&'static str>,
    pub level: Level,
}

impl Problem {
    /// yamllint's `LintProblem.message`.
    pub fn message(&self) -> String {
        match self.rule {
            Some(rule) => format!("{} ({rule})", self.desc),
            None => self.desc.clone(),
        }
    }

    /// yamllint's `parsable` output line for the problem in `file`.
    pub fn parsable(&self, file: &str) -> String {
        format!(
            "{file}:{}:{}: [{}] {}",
            self.line,
            self.column,
            self.level.name(),
            self.message()
        )
    }
}

/// What yamllint reports on `text` with `config`, in its order.
pub fn lint(text: &str, config: &Config) -> Vec<Problem> {
    let text: Vec<char> = text.chars().collect();
    let first_line: String = text.iter().take_while(|c| **c != '\n').collect();
    let first_line = first_line.strip_suffix('\r').unwrap_or(&first_line);
    if directives::disables_file(first_line) {
        return Vec::new();
    }
    let mut buffer = text.clone();
    buffer.push('\0');
    let scanned = scanner::scan(&buffer);
    let mut syntax =
        parser::first_error(&scanned.tokens, scanned.available, scanned.error.as_ref()).map(|e| {
            Problem {
                line: e.mark.line + 1,
                column: e.mark.column + 1,
                desc: format!("syntax error: {} (syntax)", e.problem),
                rule: None,
                level: Level::Error,
            }
        });
    // yamllint reads tokens three at a time: after a scanner error it has handed out only
    // those two places before the first token the scanner could not deliver.
    let yielded = match scanned.error {
        Some(_) => scanned.available.saturating_sub(2),
        None => scanned.tokens.len(),
    };
    let mut problems = Vec::new();
    for problem in cosmetic(&buffer, &text, &scanned.tokens, yielded, config) {
        if let Some(error) =
            syntax.take_if(|e| e.line <= problem.line && e.column <= problem.column)
        {
            // The problem is at the syntax error, and probably a consequence of it.
            problems.push(error);
            continue;
        }
        problems.push(problem);
    }
    problems.extend(syntax);
    problems
}

/// What the stream holds, in yamllint's order: tokens and the comments after them, with
/// each line after what starts on it.
enum Element<'a> {
    Token(usize),
    Comment(Comment<'a>),
    Line(Line<'a>),
}

impl Element<'_> {
    fn line_no(&self, tokens: &[Token]) -> usize {
        match self {
            Element::Token(i) => tokens[*i].start.line + 1,
            Element::Comment(c) => c.line_no,
            Element::Line(l) => l.line_no,
        }
    }
}

fn tokens_and_comments<'a>(
    buffer: &'a [char],
    tokens: &'a [Token],
    yielded: usize,
) -> Vec<Element<'a>> {
    let mut out = Vec::new();
    for i in 0..yielded {
        out.push(Element::Token(i));
        let next = tokens.get(i + 1).filter(|_| i + 1 < tokens.len());
        comments_between(buffer, &tokens[i], next, &mut out);
    }
    out
}

/// yamllint's `comments_between_tokens`: the first `#` of each line between two tokens.
fn comments_between<'a>(
    buffer: &'a [char],
    before: &'a Token,
    after: Option<&Token>,
    out: &mut Vec<Element<'a>>,
) {
    let end = match after {
        None => buffer.len(),
        Some(after)
            if before.end.line == after.start.line
                && before.kind != Kind::StreamStart
                && after.kind != Kind::StreamEnd =>
        {
            return
        }
        Some(after) => after.start.pointer,
    };
    let between = buffer.get(before.end.pointer..end).unwrap_or_default();
    let mut column_no = before.end.column + 1;
    let mut pointer = before.end.pointer;
    let lines = between.split(|c| *c == '\n');
    for (line_no, line) in (before.end.line + 1..).zip(lines) {
        if let Some(pos) = line.iter().position(|c| *c == '#') {
            out.push(Element::Comment(Comment {
                line_no,
                column_no: column_no + pos,
                buffer,
                pointer: pointer + pos,
                token_before: before,
            }));
        }
        pointer += line.len() + 1;
        column_no = 1;
    }
}

/// yamllint's `line_generator`: lines split at `\n`, without a `\r` before it.
fn lines(text: &[char]) -> Vec<Line<'_>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (at, _) in text.iter().enumerate().filter(|(_, c)| **c == '\n') {
        let end = if at > 0 && text[at - 1] == '\r' {
            at - 1
        } else {
            at
        };
        out.push(Line {
            line_no: out.len() + 1,
            buffer: text,
            start,
            end,
        });
        start = at + 1;
    }
    out.push(Line {
        line_no: out.len() + 1,
        buffer: text,
        start,
        end: text.len(),
    });
    out
}

/// yamllint's `get_cosmetic_problems`.
fn cosmetic(
    buffer: &[char],
    text: &[char],
    tokens: &[Token],
    yielded: usize,
    config: &Config,
) -> Vec<Problem> {
    let mut states: Vec<rules::State> = config.rules.iter().map(rules::State::new).collect();
    let enabled: Vec<&'static str> = config.rules.iter().map(|r| r.id).collect();
    let mut disabled = Directives::default();
    let mut disabled_for_line = Directives::default();
    let mut disabled_for_next_line = Directives::default();
    let mut cache: Vec<Problem> = Vec::new();
    let mut out = Vec::new();

    let found_by = |rule: &config::RuleConf, found: Vec<rules::Found>, cache: &mut Vec<Problem>| {
        cache.extend(found.into_iter().map(|f| Problem {
            line: f.line,
            column: f.column,
            desc: f.desc,
            rule: Some(rule.id),
            level: rule.level,
        }));
    };
    let mut stream = tokens_and_comments(buffer, tokens, yielded)
        .into_iter()
        .peekable();
    let mut lines = lines(text).into_iter().peekable();
    loop {
        let take_line = match (stream.peek(), lines.peek()) {
            (None, None) => break,
            (None, Some(_)) => true,
            (Some(element), Some(line)) => element.line_no(tokens) > line.line_no,
            (Some(_), None) => false,
        };
        let element = if take_line {
            lines.next().map(Element::Line)
        } else {
            stream.next()
        };
        match element {
            Some(Element::Token(i)) => {
                let at = At {
                    buffer,
                    token: &tokens[i],
                    prev: i.checked_sub(1).map(|p| &tokens[p]),
                    next: tokens.get(i + 1),
                    nextnext: tokens.get(i + 2),
                };
                for (rule, state) in config.rules.iter().zip(states.iter_mut()) {
                    if rules::rule_type(rule.id) == RuleType::Token {
                        found_by(rule, rules::check_token(rule, &at, state), &mut cache);
                    }
                }
            }
            Some(Element::Comment(comment)) => {
                for rule in &config.rules {
                    if rules::rule_type(rule.id) == RuleType::Comment {
                        found_by(rule, rules::check_comment(rule, &comment), &mut cache);
                    }
                }
                let text = comment.text();
                disabled.process(&text, &enabled, false);
                if comment.is_inline() {
                    disabled_for_line.process(&text, &enabled, true);
                } else {
                    disabled_for_next_line.process(&text, &enabled, true);
                }
            }
            Some(Element::Line(line)) => {
                for rule in &config.rules {
                    if rules::rule_type(rule.id) == RuleType::Line {
                        found_by(rule, rules::check_line(rule, &line), &mut cache);
                    }
                }
                // The end of a line: its problems are reported unless a directive hides them.
                for problem in cache.drain(..) {
                    let rule = problem.rule.unwrap_or_default();
                    if !disabled_for_line.disables(rule) && !disabled.disables(rule) {
                        out.push(problem);
                    }
                }
                disabled_for_line = std::mem::take(&mut disabled_for_next_line);
            }
            None => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(text: &str) -> Vec<String> {
        lint(text, &Config::chart_testing())
            .iter()
            .map(|p| p.parsable("f"))
            .collect()
    }

    #[test]
    fn chart_testing_rules() {
        // Each expectation is yamllint 1.38.0's output with chart-testing's lintconf.yaml.
        assert_eq!(
            report("a:   1\nb: yes\nc: [ 1,2]\n\n\n\nd:\n    - x\n  # c\n#bad\ne: 1 # x\nf: 1  \ng: 2"),
            [
                "f:1:5: [error] too many spaces after colon (colons)",
                "f:2:4: [warning] truthy value should be one of [false, true] (truthy)",
                "f:3:5: [error] too many spaces inside brackets (brackets)",
                "f:3:8: [error] too few spaces after comma (commas)",
                "f:6:1: [error] too many blank lines (3 > 2) (empty-lines)",
                "f:10:2: [error] missing starting space in comment (comments)",
                "f:11:6: [error] too few spaces before comment: expected 2 (comments)",
                "f:12:5: [error] trailing spaces (trailing-spaces)",
                "f:13:5: [error] no new line character at the end of file (new-line-at-end-of-file)",
            ]
        );
        assert_eq!(
            report("a: 1\na: 2\n"),
            ["f:2:1: [error] duplication of key \"a\" in mapping (key-duplicates)"]
        );
        assert_eq!(
            report("a:\n  b: 1\n c: 2\n"),
            [
                "f:3:2: [error] syntax error: expected <block end>, but found '<block mapping start>' (syntax)",
            ]
        );
        assert_eq!(
            report("# yamllint disable-file\na:   1\n"),
            Vec::<String>::new()
        );
        assert_eq!(
            report("a:   1  # yamllint disable-line rule:colons\n"),
            Vec::<String>::new()
        );
    }
}
