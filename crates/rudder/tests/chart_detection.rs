//! `rudder template PATH` against `helm template` 4.1.4 on paths that are not charts, or not
//! charts of a format helm renders: folders without Chart.yaml, unknown `apiVersion`s, and
//! files that are not gzip, one per content-type signature Go's sniffer knows (binary inputs,
//! so these cases live here rather than in testdata/cases).

use std::path::Path;

use rudder_testkit::{reference_helm, run_isolated};

/// Files given as a chart: a name and its bytes.
fn files() -> Vec<(&'static str, Vec<u8>)> {
    let mut eot = vec![0u8; 40];
    eot[34..36].copy_from_slice(b"LP");
    let mut long_text = b"a: 1\n".repeat(120);
    long_text.extend_from_slice(b"\0");
    let signatures: &[(&str, &[u8])] = &[
        ("empty.tgz", b""),
        ("short-text.tgz", b"hello\n"),
        ("values.yaml", b"a: 1\n"),
        ("values.yml", b"a: 1\n"),
        ("html.tgz", b"  <html>"),
        ("comment.tgz", b"<!-- x"),
        ("xml.tgz", b"\n<?xml version='1.0'?>"),
        ("pdf.tgz", b"%PDF-1.4"),
        ("ps.tgz", b"%!PS-Adobe-3.0"),
        ("utf16be.tgz", b"\xFE\xFFab"),
        ("utf16le.tgz", b"\xFF\xFEab"),
        ("utf8bom.tgz", b"\xEF\xBB\xBFab"),
        ("ico.tgz", b"\0\0\x01\0"),
        ("cur.tgz", b"\0\0\x02\0"),
        ("bmp.tgz", b"BMxx"),
        ("gif.tgz", b"GIF89a"),
        ("webp.tgz", b"RIFF\x01\x02\x03\x04WEBPVP8 "),
        ("png.tgz", b"\x89PNG\r\n\x1A\n"),
        ("jpeg.tgz", b"\xFF\xD8\xFF\xE0"),
        ("aiff.tgz", b"FORM\0\0\0\0AIFF"),
        ("mp3.tgz", b"ID3\x03"),
        ("ogg.tgz", b"OggS\0"),
        ("midi.tgz", b"MThd\0\0\0\x06"),
        ("avi.tgz", b"RIFF\0\0\0\0AVI LIST"),
        ("wav.tgz", b"RIFF\0\0\0\0WAVEfmt "),
        ("mp4.tgz", b"\0\0\0\x18ftypisom\0\0\0\0mp41isom"),
        ("webm.tgz", b"\x1A\x45\xDF\xA3"),
        ("ttf.tgz", b"\0\x01\0\0"),
        ("otf.tgz", b"OTTO"),
        ("ttc.tgz", b"ttcf"),
        ("woff.tgz", b"wOFF"),
        ("woff2.tgz", b"wOF2"),
        ("zip.tgz", b"PK\x03\x04"),
        ("rar4.tgz", b"Rar!\x1A\x07\0"),
        ("rar5.tgz", b"Rar!\x1A\x07\x01\0"),
        ("wasm.tgz", b"\0asm"),
        ("gzip-junk.tgz", b"\x1F\x8B\x08junkjunk"),
        ("gzip-cut.tgz", b"\x1F\x8B\x08"),
    ];
    let mut all: Vec<(&'static str, Vec<u8>)> = signatures
        .iter()
        .map(|(name, bytes)| (*name, bytes.to_vec()))
        .collect();
    all.push(("eot.tgz", eot));
    all.push(("long-text.tgz", b"a: 1\n".repeat(120)));
    all.push(("long-binary.tgz", long_text));
    all.push(("no-files.tgz", gzip_tar(&[])));
    all.push((
        "no-chart-yaml.tgz",
        gzip_tar(&[("c/values.yaml", "a: 1\n")]),
    ));
    all.push((
        "unsupported.tgz",
        gzip_tar(&[("c/Chart.yaml", "apiVersion: v9\nname: c\nversion: 1.0.0\n")]),
    ));
    all
}

/// A gzipped tar of `(path, text)` files.
fn gzip_tar(files: &[(&str, &str)]) -> Vec<u8> {
    let gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let mut tar = tar::Builder::new(gz);
    for (path, text) in files {
        let mut header = tar::Header::new_gnu();
        header.set_size(text.len() as u64);
        header.set_mode(0o644);
        header.set_cksum();
        tar.append_data(&mut header, path, text.as_bytes()).unwrap();
    }
    tar.into_inner().unwrap().finish().unwrap()
}

#[test]
fn non_charts_fail_as_helm_fails() {
    let Some(helm) = reference_helm() else {
        return;
    };
    let rudder = Path::new(env!("CARGO_BIN_EXE_rudder"));
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let mut targets = Vec::new();
    for (name, bytes) in files() {
        std::fs::write(root.join(name), bytes).unwrap();
        targets.push(name.to_string());
    }
    for (folder, chart_yaml) in [
        ("no-chart", None),
        ("v9", Some("apiVersion: v9\nname: a\nversion: 1.0.0\n")),
        ("v3", Some("apiVersion: v3\nname: a\nversion: 1.0.0\n")),
        ("bad-yaml", Some("apiVersion: [\nname: a\n")),
    ] {
        std::fs::create_dir_all(root.join(folder).join("templates")).unwrap();
        if let Some(text) = chart_yaml {
            std::fs::write(root.join(folder).join("Chart.yaml"), text).unwrap();
        }
        targets.push(folder.to_string());
    }
    let mut differences = Vec::new();
    for target in &targets {
        let expected = run_isolated(&helm, root, &["template", "r", target]);
        let got = run_isolated(rudder, root, &["template", "r", target]);
        if expected != got {
            differences.push(format!(
                "{target}:\n  helm:   {expected:?}\n  rudder: {got:?}"
            ));
        }
    }
    assert!(differences.is_empty(), "{}", differences.join("\n"));
}
