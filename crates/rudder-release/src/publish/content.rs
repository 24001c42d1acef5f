//! Whether two chart archives hold the same chart: the same file names with the same bytes.
//! Archive bytes are not compared, since helm stores each file's modification time, which a
//! fresh clone changes without changing the chart.

use rudder_chart::load::read_archive_files;

/// Whether archives `a` and `b` hold the same files; an archive that does not read is
/// different from everything.
pub fn same_files(a: &[u8], b: &[u8]) -> bool {
    let files = |bytes: &[u8]| {
        read_archive_files(bytes).ok().map(|files| {
            let mut files: Vec<_> = files.into_iter().map(|f| (f.name, f.data)).collect();
            files.sort();
            files
        })
    };
    match (files(a), files(b)) {
        (Some(x), Some(y)) => x == y,
        _ => false,
    }
}
