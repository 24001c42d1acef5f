//! Each target on hand-picked inputs and on pseudo-random mutations of them.

/// Inputs shaped like what each target reads: templates, YAML, schemas, `--set` strings.
const SEEDS: &[&str] = &[
    "",
    "a: 1\nb: [1, 2]\nc: {d: e}\n",
    "{{ define \"h\" }}x{{ end }}\u{0}{{ include \"h\" . }}{{ .Values.a.b | toYaml }}",
    "{{ range $k, $v := .Values }}{{ $k }}={{ $v }}{{ end }}{{ tpl \"{{ .Values.s }}\" . }}",
    "{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"integer\"}}}\u{0}{\"a\": \"x\"}",
    "a=1,b.c[0]=x,d={e,f},g\\,h=i",
    "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n# c\ndata: {a: '1'}\n---\n- |\n  b\n",
];

/// The bytes mutations insert: YAML and template syntax.
const INSERTED: &[u8] = b"{}[]:-\"'|\n #.$&*!";

/// xorshift: the same inputs on every run, no dependency.
fn mutations(seed: &str, count: usize) -> Vec<Vec<u8>> {
    let mut state = 0x9e37_79b9_7f4a_7c15_u64 ^ seed.len() as u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    (0..count)
        .map(|_| {
            let mut bytes = seed.as_bytes().to_vec();
            for _ in 0..1 + next() % 4 {
                let at = (next() as usize) % (bytes.len() + 1);
                match next() % 3 {
                    0 if at < bytes.len() => {
                        bytes.remove(at);
                    }
                    1 => bytes.insert(at, INSERTED[(next() as usize) % INSERTED.len()]),
                    _ => bytes.truncate(at),
                }
            }
            bytes
        })
        .collect()
}

fn each_input(run: fn(&[u8])) {
    for seed in SEEDS {
        run(seed.as_bytes());
        for input in mutations(seed, 40) {
            run(&input);
        }
    }
}

#[test]
fn text_targets_take_any_input() {
    each_input(crate::gotmpl_parse_exec::run);
    each_input(crate::jsonschema::run);
    each_input(crate::kyaml_round_trip::run);
    each_input(crate::set_parser::run);
    each_input(crate::yaml_block::run);
    each_input(crate::yaml_read::run);
}

#[test]
fn archive_targets_take_any_input() {
    each_input(crate::chart_archive::run);
    for seed in SEEDS {
        crate::lint_archive::run(seed.as_bytes());
    }
}
