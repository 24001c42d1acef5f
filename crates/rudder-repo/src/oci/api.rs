//! The distribution API's calls on one repository: tag lists (following `Link` pages),
//! manifests and blobs (each checked against its digest and size), blob uploads and
//! manifest puts.

use reqwest::header::{CONTENT_LENGTH, LINK, LOCATION};
use reqwest::Method;

use super::client::{Access, Client, Request};
use super::digest::Digest;
use super::errors::error_response;
use super::manifest::{Descriptor, MANIFEST_ACCEPT};
use super::OciError;
use crate::http::read_body;

/// oras' limit on manifests and tag list pages.
pub const MAX_MANIFEST_BYTES: u64 = 4 << 20;
/// The most tag list pages followed (a server that links pages forever stops here).
const MAX_TAG_PAGES: usize = 1000;

/// One repository (`path/name`) of a registry.
pub struct Repository<'a> {
    pub client: &'a Client,
    pub name: String,
}

impl Repository<'_> {
    fn url(&self, rest: &str) -> String {
        self.client.url(&format!("{}/{rest}", self.name))
    }

    fn send(&self, req: &Request, access: Access) -> Result<reqwest::blocking::Response, OciError> {
        self.client.send(req, &self.name, access)
    }

    /// Every tag, in the registry's order.
    pub fn tags(&self) -> Result<Vec<String>, OciError> {
        let mut url = self.url("tags/list");
        let mut tags = Vec::new();
        for _ in 0..MAX_TAG_PAGES {
            let req = Request::new(Method::GET, url.clone());
            let resp = self.send(&req, Access::Pull)?;
            if resp.status().as_u16() != 200 {
                return Err(error_response("GET", resp));
            }
            let next = resp
                .headers()
                .get(LINK)
                .and_then(|v| v.to_str().ok())
                .and_then(next_link);
            let page_url = resp.url().clone();
            let body = read_body(resp, &url, MAX_MANIFEST_BYTES)?;
            let page: serde_json::Value = serde_json::from_slice(&body).map_err(|e| {
                OciError::Message(format!(
                    "GET {:?}: failed to decode response: {e}",
                    page_url.as_str()
                ))
            })?;
            if let Some(list) = page.get("tags").and_then(|t| t.as_array()) {
                tags.extend(list.iter().filter_map(|t| t.as_str().map(str::to_string)));
            }
            match next {
                Some(link) => {
                    url = page_url
                        .join(&link)
                        .map_err(|e| OciError::Message(format!("invalid next link {link:?}: {e}")))?
                        .to_string()
                }
                None => return Ok(tags),
            }
        }
        Err(OciError::Message(format!(
            "GET {url:?}: more than {MAX_TAG_PAGES} pages of tags"
        )))
    }

    /// The manifest `reference` (tag or digest) names: its bytes and descriptor. The bytes
    /// must have the digest the reference or the registry's `Docker-Content-Digest` gives.
    pub fn manifest(&self, reference: &str) -> Result<(Vec<u8>, Descriptor), OciError> {
        let url = self.url(&format!("manifests/{reference}"));
        let req = Client::request(Method::GET, url.clone(), MANIFEST_ACCEPT, "");
        let resp = self.send(&req, Access::Pull)?;
        if resp.status().as_u16() == 404 {
            let at = if reference.contains(':') { '@' } else { ':' };
            return Err(OciError::NotFound(format!(
                "{}/{}{at}{reference}: not found",
                self.client.registry(),
                self.name
            )));
        }
        if resp.status().as_u16() != 200 {
            return Err(error_response("GET", resp));
        }
        let media_type = resp
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let announced = resp
            .headers()
            .get("Docker-Content-Digest")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let bytes = read_body(resp, &url, MAX_MANIFEST_BYTES)?;
        let expected = if reference.contains(':') {
            Some(reference.to_string())
        } else {
            announced
        };
        let desc = Descriptor::of(&media_type, &bytes);
        if let Some(expected) = expected {
            let parsed = Digest::parse(&expected).map_err(|e| {
                OciError::Message(format!("{url}: invalid response; digest {expected:?}: {e}"))
            })?;
            if !parsed.matches(&bytes) {
                return Err(OciError::Message(format!(
                    "{url}: invalid response; digest mismatch in Docker-Content-Digest: received {expected:?} when expecting {:?}",
                    desc.digest
                )));
            }
        }
        Ok((bytes, desc))
    }

    /// A blob's bytes, checked against `desc` (at most `limit` bytes accepted). Errors are
    /// worded as oras' copy into memory words them: fetching fails on the source, checking
    /// the content on the destination.
    pub fn blob(&self, desc: &Descriptor, limit: u64) -> Result<Vec<u8>, OciError> {
        let source = |e| copy_error("Fetch", "source", e);
        let check = |why: String| copy_error("Push", "destination", OciError::Message(why));
        let digest = Digest::parse(&desc.digest).map_err(|e| {
            source(OciError::Message(format!(
                "invalid digest {:?}: {e}",
                desc.digest
            )))
        })?;
        if desc.size > limit {
            return Err(source(OciError::Message(format!(
                "{}: {} bytes is more than the {} MiB rudder accepts",
                desc.digest,
                desc.size,
                limit >> 20
            ))));
        }
        let url = self.url(&format!("blobs/{}", desc.digest));
        let resp = self
            .send(&Request::new(Method::GET, url.clone()), Access::Pull)
            .map_err(source)?;
        if resp.status().as_u16() == 404 {
            return Err(source(OciError::Message(format!(
                "{}: not found",
                desc.digest
            ))));
        }
        if resp.status().as_u16() != 200 {
            return Err(source(error_response("GET", resp)));
        }
        if resp.content_length().is_some_and(|n| n != desc.size) {
            return Err(source(OciError::Message(format!(
                "GET {url:?}: mismatch Content-Length"
            ))));
        }
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut std::io::Read::take(resp, desc.size + 1), &mut bytes)
            .map_err(|e| check(format!("read failed: {e}")))?;
        if (bytes.len() as u64) < desc.size {
            return Err(check(format!(
                "read failed: expected content size of {}, got {}, for digest {}: unexpected EOF",
                desc.size,
                bytes.len(),
                desc.digest
            )));
        }
        if bytes.len() as u64 > desc.size {
            return Err(check("trailing data".into()));
        }
        if !digest.matches(&bytes) {
            return Err(check("mismatched digest".into()));
        }
        Ok(bytes)
    }

    /// Whether the registry has `kind/digest` (`blobs` or `manifests`) already: oras checks
    /// before it uploads, the manifest first.
    pub fn exists(&self, kind: &str, digest: &str) -> Result<bool, OciError> {
        let url = self.url(&format!("{kind}/{digest}"));
        let accept = if kind == "manifests" {
            MANIFEST_ACCEPT
        } else {
            ""
        };
        let req = Client::request(Method::HEAD, url, accept, "");
        let resp = self
            .send(&req, Access::Push)
            .map_err(|e| copy_error("Exists", "destination", e))?;
        match resp.status().as_u16() {
            200 => Ok(true),
            404 => Ok(false),
            _ => Err(copy_error(
                "Exists",
                "destination",
                error_response("HEAD", resp),
            )),
        }
    }

    /// Uploads `data` as the blob `desc` (one `POST` then one `PUT`), unless it is there.
    pub fn push_blob(&self, desc: &Descriptor, data: &[u8]) -> Result<(), OciError> {
        if self.exists("blobs", &desc.digest)? {
            return Ok(());
        }
        self.upload(desc, data)
            .map_err(|e| copy_error("Push", "destination", e))
    }

    fn upload(&self, desc: &Descriptor, data: &[u8]) -> Result<(), OciError> {
        let start = Request::new(Method::POST, self.url("blobs/uploads/"));
        let resp = self.send(&start, Access::Push)?;
        if resp.status().as_u16() != 202 {
            return Err(error_response("POST", resp));
        }
        let location = resp
            .headers()
            .get(LOCATION)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let mut url = resp
            .url()
            .join(&location)
            .map_err(|e| OciError::Message(format!("invalid upload location {location:?}: {e}")))?;
        url.query_pairs_mut().append_pair("digest", &desc.digest);
        let mut put = Client::request(Method::PUT, url.to_string(), "", "application/octet-stream");
        if let Ok(v) = data.len().to_string().parse() {
            put.headers.insert(CONTENT_LENGTH, v);
        }
        put.body = Some(data.to_vec());
        let resp = self.send(&put, Access::Push)?;
        if resp.status().as_u16() != 201 {
            return Err(error_response("PUT", resp));
        }
        Ok(())
    }

    /// Puts the manifest `bytes` under `tag`.
    pub fn push_manifest(
        &self,
        tag: &str,
        desc: &Descriptor,
        bytes: &[u8],
    ) -> Result<(), OciError> {
        let url = self.url(&format!("manifests/{tag}"));
        let mut put = Client::request(Method::PUT, url, "", &desc.media_type);
        put.body = Some(bytes.to_vec());
        let resp = self
            .send(&put, Access::Push)
            .map_err(|e| copy_error("Push", "destination", e))?;
        if resp.status().as_u16() != 201 {
            return Err(copy_error(
                "Push",
                "destination",
                error_response("PUT", resp),
            ));
        }
        Ok(())
    }
}

/// oras' `CopyError`: the operation and the side that failed.
pub fn copy_error(op: &str, origin: &str, e: OciError) -> OciError {
    let text = format!("failed to perform {op:?} on {origin}: {e}");
    match e {
        OciError::NotFound(_) => OciError::NotFound(text),
        _ => OciError::Message(text),
    }
}

/// The target of a `Link: <url>; rel="next"` header.
fn next_link(header: &str) -> Option<String> {
    header.split(',').find_map(|part| {
        let (target, params) = part.split_once(';')?;
        let target = target.trim().strip_prefix('<')?.strip_suffix('>')?;
        params
            .split(';')
            .any(|p| p.trim().replace(' ', "") == "rel=\"next\"")
            .then(|| target.to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_next_links() {
        assert_eq!(
            next_link("</v2/a/tags/list?last=x&n=2>; rel=\"next\"").as_deref(),
            Some("/v2/a/tags/list?last=x&n=2")
        );
        assert_eq!(next_link("<x>; rel=\"prev\""), None);
        assert_eq!(next_link("garbage"), None);
    }
}
