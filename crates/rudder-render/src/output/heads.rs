//! Reading every document's head (kind, annotations) before sorting: on all cores when the
//! output is large.
//!
//! Each head is a full YAML parse of its document (helm rejects a manifest that is not valid
//! YAML), about a fifth of an umbrella chart's render; the documents are independent. Starting a
//! thread costs more than a small chart's whole parse, so small outputs stay on this thread.

use rudder_yaml::DocError;

use super::sort::Head;

/// Output size from which the heads are read on several threads.
const PARALLEL_FROM: usize = 128 * 1024;
/// A worker's stack, reserved and touched only as used: as deep as the render's own.
const WORKER_STACK: usize = 1 << 30;

/// What reads one document's head. It runs on worker threads, each with its own deep stack.
pub type ParseHead<'a> = &'a (dyn Fn(&str) -> Result<Head, DocError> + Sync);

/// The heads of `docs`, in order.
pub fn read_heads(docs: &[&str], parse_head: ParseHead) -> Vec<Result<Head, DocError>> {
    let size: usize = docs.iter().map(|d| d.len()).sum();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    if size < PARALLEL_FROM || threads < 2 || docs.len() < 2 {
        return docs.iter().map(|d| parse_head(d)).collect();
    }
    // Contiguous shares of about equal size, the last one read here.
    let shares = split_by_size(docs, threads);
    let (last, others) = shares.split_last().expect("at least one share");
    std::thread::scope(|scope| {
        let workers: Vec<_> = others
            .iter()
            .map(|share| {
                scope.spawn(move || {
                    rudder_gotmpl::stack::on_new_stack(WORKER_STACK, || read_all(share, parse_head))
                })
            })
            .collect();
        let mine = read_all(last, parse_head);
        let mut heads = Vec::with_capacity(docs.len());
        for worker in workers {
            match worker.join() {
                Ok(part) => heads.extend(part),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
        heads.extend(mine);
        heads
    })
}

fn read_all(docs: &[&str], parse_head: ParseHead) -> Vec<Result<Head, DocError>> {
    docs.iter().map(|d| parse_head(d)).collect()
}

/// `docs` cut into at most `n` consecutive runs of about equal total length.
fn split_by_size<'d, 's>(docs: &'d [&'s str], n: usize) -> Vec<&'d [&'s str]> {
    let total: usize = docs.iter().map(|d| d.len()).sum();
    let target = total.div_ceil(n).max(1);
    let mut shares = Vec::with_capacity(n);
    let (mut start, mut filled) = (0, 0);
    for (i, doc) in docs.iter().enumerate() {
        filled += doc.len();
        if filled >= target && shares.len() + 1 < n {
            shares.push(&docs[start..=i]);
            start = i + 1;
            filled = 0;
        }
    }
    if start < docs.len() || shares.is_empty() {
        shares.push(&docs[start..]);
    }
    shares
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind_of(doc: &str) -> Result<Head, DocError> {
        Ok(Head {
            kind: doc.to_string(),
            annotations: None,
        })
    }

    #[test]
    fn shares_cover_every_document_once_in_order() {
        let docs = ["a", "bb", "ccc", "d", "eeeee", "f"];
        for n in 1..=8 {
            let shares = split_by_size(&docs, n);
            assert!(shares.len() <= n && !shares.is_empty());
            assert_eq!(shares.concat(), docs, "{n} shares");
        }
    }

    #[test]
    fn large_outputs_read_on_threads_keep_the_order() {
        let docs: Vec<String> = (0..400).map(|i| format!("{i:0>1000}")).collect();
        let refs: Vec<&str> = docs.iter().map(String::as_str).collect();
        let heads = read_heads(&refs, &kind_of);
        let kinds: Vec<String> = heads.into_iter().map(|h| h.unwrap().kind).collect();
        assert_eq!(kinds, docs);
    }
}
