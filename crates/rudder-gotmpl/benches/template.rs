//! Parsing and executing a large chart-like template: helpers, loops over values, conditionals,
//! `printf` and nested `template` calls, as a typical Deployment/Service/ConfigMap set uses them.

use std::rc::Rc;

use criterion::{criterion_group, criterion_main, Criterion};
use rudder_gotmpl::{ExecOptions, Func, FuncMap, Map, Templates, Ty, Value};

const HELPERS: &str = r#"
{{- define "app.name" -}}{{ .Chart.Name }}{{- end -}}
{{- define "app.fullname" -}}{{ printf "%s-%s" .Release.Name .Chart.Name }}{{- end -}}
{{- define "app.labels" -}}
app.kubernetes.io/name: {{ template "app.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.Version | quote }}
{{- end -}}
"#;

const MANIFEST: &str = r#"
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ template "app.fullname" . }}
  labels:
{{ include "app.labels" . | indent 4 }}
spec:
  replicas: {{ .Values.replicas }}
  template:
    spec:
      containers:
      {{- range $i, $c := .Values.containers }}
        - name: {{ $c.name }}
          image: "{{ $c.image }}:{{ $c.tag | default "latest" }}"
          {{- with $c.ports }}
          ports:
            {{- range . }}
            - containerPort: {{ .port }}
              name: {{ printf "%s-%d" $c.name .port }}
            {{- end }}
          {{- end }}
          {{- if and $c.env (gt (len $c.env) 0) }}
          env:
            {{- range $k, $v := $c.env }}
            - name: {{ $k }}
              value: {{ $v | quote }}
            {{- end }}
          {{- else }}
          env: []
          {{- end }}
          {{- if eq $i 0 }}
          primary: true
          {{- end }}
      {{- end }}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ template "app.fullname" . }}-config
data:
{{- range $k, $v := .Values.config }}
  {{ $k }}: {{ $v | quote }}
{{- end }}
"#;

fn funcs() -> FuncMap {
    let mut f = FuncMap::new();
    f.insert(
        "quote",
        Func::variadic(&[], Ty::Any, |a| {
            let parts: Vec<String> = a
                .iter()
                .map(|v| format!("{:?}", rudder_gotmpl::fmt::format_v(v)))
                .collect();
            Ok(Value::string(parts.join(" ")))
        }),
    );
    f.insert(
        "indent",
        Func::new(&[Ty::Int, Ty::String], |a| {
            let (Value::Int(n), Some(s)) = (&a[0], a[1].as_str()) else {
                return Ok(Value::Nil);
            };
            let pad = " ".repeat((*n).clamp(0, 64) as usize);
            let lines: Vec<String> = s.lines().map(|l| format!("{pad}{l}")).collect();
            Ok(Value::string(lines.join("\n")))
        }),
    );
    f.insert(
        "default",
        Func::new(&[Ty::Any, Ty::Any], |a| {
            Ok(if a[1].truthy() {
                a[1].clone()
            } else {
                a[0].clone()
            })
        }),
    );
    f.insert(
        "include",
        Func::contextual(&[Ty::String, Ty::Any], None, |ctx, a| {
            let name = a[0].as_str().unwrap_or_default();
            ctx.execute_template(name, &a[1])
                .map(Value::string)
                .map_err(rudder_gotmpl::FuncError::from_template)
        }),
    );
    f
}

fn obj(pairs: Vec<(&str, Value)>) -> Value {
    Value::map(
        pairs
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect::<Map>(),
    )
}

fn data() -> Value {
    let containers = (0..20)
        .map(|i| {
            let ports = (0..3)
                .map(|p| obj(vec![("port", Value::Float(f64::from(8000 + p)))]))
                .collect();
            let env = (0..10)
                .map(|e| (format!("VAR_{e}"), Value::string(format!("value-{i}-{e}"))))
                .collect::<Map>();
            obj(vec![
                ("name", Value::string(format!("c{i}"))),
                ("image", Value::str("registry.example.com/app")),
                (
                    "tag",
                    if i % 2 == 0 {
                        Value::str("1.2.3")
                    } else {
                        Value::Nil
                    },
                ),
                ("ports", Value::list(ports)),
                ("env", Value::map(env)),
            ])
        })
        .collect();
    let config = (0..200)
        .map(|i| (format!("key{i:03}"), Value::string(format!("v{i}"))))
        .collect::<Map>();
    obj(vec![
        (
            "Values",
            obj(vec![
                ("replicas", Value::Float(3.0)),
                ("containers", Value::list(containers)),
                ("config", Value::map(config)),
            ]),
        ),
        (
            "Chart",
            obj(vec![
                ("Name", Value::str("app")),
                ("Version", Value::str("1.0.0")),
            ]),
        ),
        ("Release", obj(vec![("Name", Value::str("rel"))])),
    ])
}

fn parsed(funcs: &Rc<FuncMap>) -> Templates {
    let mut set = Templates::new("app", funcs.clone());
    set.parse("app/templates/_helpers.tpl", HELPERS)
        .expect("helpers parse");
    set.parse("app/templates/all.yaml", MANIFEST)
        .expect("manifest parse");
    set
}

fn bench(c: &mut Criterion) {
    let funcs = Rc::new(funcs());
    // A file the size of a big real chart's templates: the manifest repeated 20 times.
    let big = MANIFEST.repeat(20);
    c.bench_function("parse big template", |b| {
        b.iter(|| {
            let mut set = Templates::new("app", funcs.clone());
            set.parse("app/templates/big.yaml", big.as_str())
                .expect("parse");
            set
        })
    });
    let set = parsed(&funcs);
    let data = data();
    let opts = ExecOptions::default();
    c.bench_function("execute chart-like template", |b| {
        b.iter(|| {
            set.execute("app/templates/all.yaml", &data, &opts)
                .expect("execute")
        })
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
