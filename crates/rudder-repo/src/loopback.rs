//! A loopback HTTP server for the clients' unit tests: each connection gets the next canned
//! response.

use std::io::{Read, Write};
use std::net::TcpListener;

/// Serves `responses` (whole HTTP responses), one per connection, in order; returns the base
/// URL.
pub fn serve(responses: Vec<&'static str>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for r in responses {
            let (mut conn, _) = listener.accept().unwrap();
            let mut buf = [0; 1024];
            let _ = conn.read(&mut buf);
            conn.write_all(r.as_bytes()).unwrap();
        }
    });
    format!("http://{addr}")
}
