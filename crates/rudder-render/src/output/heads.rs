//! Reading every document's head (kind, annotations) before sorting: on all cores when the
//! output is large.
//!
//! Each head is a full YAML parse of its document (helm rejects a manifest that is not valid
//! YAML), about a fifth of an umbrella chart's render; the documents are independent.

use rudder_yaml::DocError;

use super::sort::Head;

/// Output size from which the heads are read on several threads.
const PARALLEL_FROM: usize = 128 * 1024;

/// What reads one document's head; it may run on worker threads.
pub type ParseHead<'a> = &'a (dyn Fn(&str) -> Result<Head, DocError> + Sync);

/// The heads of `docs`, in order.
pub fn read_heads(docs: &[&str], parse_head: ParseHead) -> Vec<Result<Head, DocError>> {
    rudder_gotmpl::workers::map_on_cores(docs, |d| d.len(), PARALLEL_FROM, |d| parse_head(d))
}
