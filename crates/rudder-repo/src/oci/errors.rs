//! What the OCI client fails with, worded as helm (through oras) words it.

use reqwest::blocking::Response;
use reqwest::Method;

use crate::RepoError;

/// oras reads at most this much of an error reply.
const MAX_ERROR_BYTES: u64 = 8 << 10;

#[derive(Debug, thiserror::Error)]
pub enum OciError {
    /// A reference oras does not accept.
    #[error("invalid reference: {0}")]
    InvalidReference(String),
    /// An error reply: `GET "URL": response status code 404: manifest unknown: ...`.
    #[error("{method} {url:?}: response status code {status}: {text}")]
    Response {
        method: String,
        url: String,
        status: u16,
        text: String,
    },
    /// A tag, digest or repository the registry does not have (`host/name:tag: not found`,
    /// with what was being done around it).
    #[error("{0}")]
    NotFound(String),
    /// Anything else, as helm words it.
    #[error("{0}")]
    Message(String),
}

impl OciError {
    /// The HTTP status of an error reply.
    pub fn status(&self) -> Option<u16> {
        match self {
            OciError::Response { status, .. } => Some(*status),
            OciError::NotFound(_) => Some(404),
            _ => None,
        }
    }
}

impl From<RepoError> for OciError {
    fn from(e: RepoError) -> Self {
        OciError::Message(e.to_string())
    }
}

impl From<OciError> for RepoError {
    fn from(e: OciError) -> Self {
        RepoError::Message(e.to_string())
    }
}

/// Go's `url.Error` names the method in title case (`Get`, `Put`).
pub fn go_op(method: &Method) -> &'static str {
    match *method {
        Method::HEAD => "Head",
        Method::POST => "Post",
        Method::PUT => "Put",
        Method::PATCH => "Patch",
        Method::DELETE => "Delete",
        _ => "Get",
    }
}

/// oras' `ParseErrorResponse`: the reply's `errors` (code, message, detail) when its body
/// holds them, else the status text.
pub fn error_response(method: &str, resp: Response) -> OciError {
    let status = resp.status();
    let url = resp.url().to_string();
    let body = crate::http::read_body(resp, &url, MAX_ERROR_BYTES).unwrap_or_default();
    let text = error_texts(&body)
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| status.canonical_reason().unwrap_or("").to_string());
    OciError::Response {
        method: method.to_string(),
        url,
        status: status.as_u16(),
        text,
    }
}

/// errcode's `Errors.Error()`: each `code: message[: detail]`, joined by `; `.
fn error_texts(body: &[u8]) -> Option<String> {
    let doc = rudder_yaml::parse_json(std::str::from_utf8(body).ok()?).ok()?;
    let map = doc.as_map()?;
    let list = map.borrow().get("errors")?.as_list()?.items.clone();
    let texts: Vec<String> = list
        .iter()
        .map(|e| {
            let Some(m) = e.as_map() else {
                return String::new();
            };
            let m = m.borrow();
            let text = |k: &str| match m.get(k) {
                Some(rudder_gotmpl::Value::String(s)) => s.to_string(),
                _ => String::new(),
            };
            let code: String = text("code")
                .chars()
                .map(|c| {
                    if c == '_' {
                        ' '
                    } else {
                        c.to_ascii_lowercase()
                    }
                })
                .collect();
            let message = text("message");
            if message.is_empty() {
                return code;
            }
            match m.get("detail") {
                None | Some(rudder_gotmpl::Value::Nil) => format!("{code}: {message}"),
                Some(detail) => format!(
                    "{code}: {message}: {}",
                    rudder_gotmpl::fmt::format_v(detail)
                ),
            }
        })
        .collect();
    match texts.len() {
        0 => None,
        _ => Some(texts.join("; ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_errors_as_errcode() {
        let body = br#"{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{"Tag":"9.9.9"}},{"code":"UNAUTHORIZED","message":"authentication required","detail":null}]}"#;
        assert_eq!(
            error_texts(body).unwrap(),
            "manifest unknown: manifest unknown: map[Tag:9.9.9]; unauthorized: authentication required"
        );
        assert_eq!(error_texts(b"not json"), None);
    }
}
