//! Reading a large values file as helm does (YAML → JSON → values), in MB/s.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

/// A values file shaped like a platform team's: per-service maps with images, resources,
/// env lists, annotations, a block scalar and a merge key; about 1.3 MB.
fn large_values() -> String {
    let mut out = String::from("defaults: &defaults\n  replicas: 2\n  pullPolicy: IfNotPresent\n");
    for i in 0..2000 {
        out.push_str(&format!(
            "service{i}:\n  <<: *defaults\n  enabled: yes\n  image:\n    repository: registry.example.com/team/service-{i}\n    tag: \"1.{i}.0\"\n  resources:\n    limits: {{cpu: 500m, memory: 512Mi}}\n    requests: {{cpu: 100m, memory: 128Mi}}\n  env:\n  - name: LOG_LEVEL\n    value: info\n  - name: PORT\n    value: \"80{}\"\n  ports: [8080, 9090, 9100]\n  annotations:\n    prometheus.io/scrape: \"true\"\n    description: 'Service number {i}, with a quoted description'\n  config: |\n    listen = 0.0.0.0:8080\n    workers = {}\n    timeout = 1.5e3\n",
            i % 10,
            i % 16
        ));
    }
    out
}

fn bench(c: &mut Criterion) {
    let text = large_values();
    let mut group = c.benchmark_group("read");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.bench_function("values_file", |b| {
        b.iter(|| rudder_yaml::parse_values(&text).expect("valid values"))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
