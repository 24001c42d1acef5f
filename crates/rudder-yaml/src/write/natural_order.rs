//! go-yaml v2's "natural" map key order.

/// go-yaml v2's `keyList.Less` for two string keys: at the first differing rune, letters sort
/// after non-letters, two letters by code point, digit runs numerically; a prefix sorts first.
pub fn natural_less(a: &str, b: &str) -> bool {
    let ar: Vec<char> = a.chars().collect();
    let br: Vec<char> = b.chars().collect();
    let mut i = 0;
    while i < ar.len() && i < br.len() {
        if ar[i] == br[i] {
            i += 1;
            continue;
        }
        let al = ar[i].is_alphabetic();
        let bl = br[i].is_alphabetic();
        if al && bl {
            return ar[i] < br[i];
        }
        if al || bl {
            return bl;
        }
        let (mut an, mut bn) = (0i64, 0i64);
        if ar[i] == '0' || br[i] == '0' {
            let mut j = i;
            while j > 0 && ar[j - 1].is_ascii_digit() {
                j -= 1;
                if ar[j] != '0' {
                    an = 1;
                    bn = 1;
                    break;
                }
            }
        }
        let mut ai = i;
        while ai < ar.len() && ar[ai].is_ascii_digit() {
            an = an.wrapping_mul(10).wrapping_add(ar[ai] as i64 - '0' as i64);
            ai += 1;
        }
        let mut bi = i;
        while bi < br.len() && br[bi].is_ascii_digit() {
            bn = bn.wrapping_mul(10).wrapping_add(br[bi] as i64 - '0' as i64);
            bi += 1;
        }
        if an != bn {
            return an < bn;
        }
        if ai != bi {
            return ai < bi;
        }
        return ar[i] < br[i];
    }
    ar.len() < br.len()
}

/// Sorts as go-yaml does (`sort.Sort` with `natural_less`). The order is not transitive for
/// some keys (leading zeros), so the algorithm shows: up to 12 keys Go uses insertion sort,
/// reproduced exactly; longer lists get a merge sort, which agrees with Go whenever the keys
/// are consistently ordered (Rust's own sorts may panic on an inconsistent order).
pub fn sort_naturally<T>(items: &mut Vec<T>, key: impl Fn(&T) -> &str) {
    let less = |a: &T, b: &T| natural_less(key(a), key(b));
    if items.len() <= 12 {
        for i in 1..items.len() {
            let mut j = i;
            while j > 0 && less(&items[j], &items[j - 1]) {
                items.swap(j, j - 1);
                j -= 1;
            }
        }
        return;
    }
    *items = merge_sort(std::mem::take(items), &less);
}

/// A stable top-down merge sort, whatever the order does.
fn merge_sort<T>(mut items: Vec<T>, less: &impl Fn(&T, &T) -> bool) -> Vec<T> {
    if items.len() <= 1 {
        return items;
    }
    let right = items.split_off(items.len() / 2);
    let (left, right) = (merge_sort(items, less), merge_sort(right, less));
    let mut out = Vec::with_capacity(left.len() + right.len());
    let (mut left, mut right) = (left.into_iter().peekable(), right.into_iter().peekable());
    while let (Some(l), Some(r)) = (left.peek(), right.peek()) {
        let take_right = less(r, l);
        out.extend(if take_right {
            right.next()
        } else {
            left.next()
        });
    }
    out.extend(left);
    out.extend(right);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // compat-notes D12, verified with helm v4.1.4.
    #[test]
    fn sorts_like_go_yaml() {
        let mut keys = vec![
            "zeta", "a10", "Z", "a9", "é", "09", "aB", "_u", "9a", "10", "Alpha", "a-b", "ab", "9",
            "", "a_b", "alpha",
        ];
        sort_naturally(&mut keys, |k| k);
        assert_eq!(
            keys,
            vec![
                "", "_u", "9", "9a", "09", "10", "Alpha", "Z", "a-b", "a_b", "a9", "a10", "aB",
                "ab", "alpha", "zeta", "é"
            ]
        );
    }

    /// Keys whose order is not transitive (found by fuzzing) sort without a panic, and a
    /// consistent list sorts the same through the merge path as through insertion.
    #[test]
    fn inconsistent_orders_do_not_panic() {
        let mut keys: Vec<String> = ["0", "00", "01", "1", "001", "010", "0a", "a0", "00a"]
            .iter()
            .cycle()
            .take(40)
            .enumerate()
            .map(|(i, k)| format!("{k}{}", "0".repeat(i % 3)))
            .collect();
        sort_naturally(&mut keys, |k| k.as_str());
        let mut long: Vec<String> = (0..30).rev().map(|i| format!("k{i}")).collect();
        sort_naturally(&mut long, |k| k.as_str());
        assert_eq!(long.first().map(String::as_str), Some("k0"));
        assert_eq!(long.last().map(String::as_str), Some("k29"));
    }
}
