//! Shrinks a disagreeing fragment: each parenthesised call, innermost last, is replaced by one
//! of its arguments or by a plain value, as long as the tools still disagree on the result.

use anyhow::Result;

/// Values tried in place of a call.
const ATOMS: &[&str] = &["nil", "1", "\"a\"", ".Values.m", ".Values.l"];

/// The smallest fragment found that still `disagrees`.
pub fn reduce(fragment: &str, mut disagrees: impl FnMut(&str) -> Result<bool>) -> Result<String> {
    let mut current = fragment.to_string();
    loop {
        let mut shrunk = false;
        for (start, end) in groups(&current) {
            let inner = &current[start + 1..end];
            let mut tries: Vec<String> = arguments(inner);
            tries.extend(ATOMS.iter().map(|a| a.to_string()));
            for replacement in tries {
                let candidate = format!(
                    "{}{}{}",
                    &current[..start],
                    replacement,
                    &current[end + 1..]
                );
                if candidate.len() < current.len() && disagrees(&candidate)? {
                    current = candidate;
                    shrunk = true;
                    break;
                }
            }
            if shrunk {
                break;
            }
        }
        if !shrunk {
            return Ok(current);
        }
    }
}

/// The byte ranges of balanced `( ... )` groups outside string literals, outermost first.
fn groups(text: &str) -> Vec<(usize, usize)> {
    let mut open = Vec::new();
    let mut out = Vec::new();
    let mut in_string = false;
    let mut escaped = false;
    for (i, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            '(' if !in_string => open.push(i),
            ')' if !in_string => {
                if let Some(start) = open.pop() {
                    out.push((start, i));
                }
            }
            _ => {}
        }
    }
    out.sort_by_key(|&(start, end)| (start, std::cmp::Reverse(end)));
    out
}

/// The top-level arguments of a call's text (`f a (g b) "c d"` → `a`, `(g b)`, `"c d"`).
fn arguments(call: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut depth = 0;
    let mut in_string = false;
    let mut escaped = false;
    let mut current = String::new();
    for c in call.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_string => escaped = true,
            '"' => in_string = !in_string,
            '(' if !in_string => depth += 1,
            ')' if !in_string => depth -= 1,
            _ => {}
        }
        if c.is_whitespace() && depth == 0 && !in_string {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        } else {
            current.push(c);
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out.into_iter().skip(1).filter(|a| a != "|").collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shrinks_to_the_call_that_disagrees() {
        let small = reduce("{{ (upper (trunc 3 (initials \"héllo\"))) }}", |f| {
            Ok(f.contains("initials"))
        })
        .unwrap();
        assert_eq!(small, "{{ (initials \"héllo\") }}");
    }

    #[test]
    fn arguments_keep_strings_and_groups() {
        assert_eq!(arguments("f a (g b) \"c d\""), ["a", "(g b)", "\"c d\""]);
    }
}
