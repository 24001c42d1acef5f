//! Small behaviours of Go's standard library (and of the Go libraries helm uses) that several
//! layers need byte for byte: string quoting, path cleaning and matching, URL escaping, Go's
//! regular expression syntax, HTTP status texts, file error texts, and host name lookups as Go's
//! resolver makes them. It knows nothing of templates or charts.

pub mod content_type;
pub mod duration;
pub mod http_status;
pub mod os;
pub mod path;
pub mod path_match;
pub mod quote;
pub mod regexp;
pub mod resolver;
pub mod semver;
pub mod strconv;
pub mod url;
pub mod url_parse;
