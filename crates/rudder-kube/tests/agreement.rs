//! Agreement with kubernetes-validate 1.37.0 itself (the package whose schemas are bundled),
//! installed by `cargo xtask helm`: on a corpus of valid and broken manifests made here, for
//! several Kubernetes versions, strict and lax, the verdict of every document (valid, invalid,
//! no schema) and the failing field path agree.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::process::Command;

use rudder_kube::resource::read_text;
use rudder_kube::{KubeVersion, Options, Status, Validator};

const POD_SPEC: &str = "containers:\n      - name: app\n        image: nginx:1.27\n        ports:\n        - containerPort: 80\n";

/// (name, manifest): the base objects, then each broken in a way users break them.
fn corpus() -> Vec<(String, String)> {
    let deployment = |replicas: &str, container: &str| {
        format!("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  labels: {{app: web}}\nspec:\n  replicas: {replicas}\n  selector:\n    matchLabels: {{app: web}}\n  template:\n    metadata:\n      labels: {{app: web}}\n    spec:\n      containers:\n      - {container}\n")
    };
    let c = "name: app\n        image: nginx";
    let mut out: Vec<(&str, String)> = vec![
        ("deployment", deployment("2", c)),
        ("deployment-replicas-string", deployment("\"2\"", c)),
        ("deployment-replicas-float", deployment("1.5", c)),
        ("deployment-container-no-name", deployment("1", "image: nginx")),
        ("deployment-misspelled-field", deployment("1", &format!("{c}\n        imagePullPolicyy: Always"))),
        ("deployment-resources-misplaced", deployment("1", &format!("{c}\n        limits: {{cpu: 1}}"))),
        ("deployment-ports-not-list", deployment("1", &format!("{c}\n        ports: {{containerPort: 80}}"))),
        ("deployment-port-string", deployment("1", &format!("{c}\n        ports:\n        - containerPort: http"))),
        ("deployment-env-value-number", deployment("1", &format!("{c}\n        env:\n        - name: A\n          value: 1"))),
        ("deployment-probe-int-or-string", deployment("1", &format!("{c}\n        livenessProbe:\n          httpGet: {{port: http, path: /}}"))),
        ("deployment-probe-bad-port", deployment("1", &format!("{c}\n        livenessProbe:\n          httpGet: {{port: [1], path: /}}"))),
        ("deployment-resources-quantity", deployment("1", &format!("{c}\n        resources:\n          limits: {{cpu: 500m, memory: 1Gi}}"))),
        ("deployment-top-level-typo", deployment("1", c).replace("spec:\n  replicas", "specs: {}\nspec:\n  replicas")),
        ("deployment-no-spec", "apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: x}\n".into()),
        ("deployment-labels-not-strings", deployment("1", c).replace("labels: {app: web}\nspec", "labels: {app: [web]}\nspec")),
        ("service", "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  selector: {app: web}\n  ports:\n  - port: 80\n    targetPort: http\n".into()),
        ("service-port-missing", "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports:\n  - targetPort: 80\n".into()),
        ("service-type-number", "apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  type: 3\n  ports: [{port: 80}]\n".into()),
        ("configmap", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  a: \"1\"\n".into()),
        ("configmap-data-number", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata:\n  a: 1\n".into()),
        ("configmap-data-list", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: [a]\n".into()),
        ("secret", "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ntype: Opaque\nstringData: {password: x}\n".into()),
        ("secret-misspelled", "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringdata: {password: x}\n".into()),
        ("pod", format!("apiVersion: v1\nkind: Pod\nmetadata: {{name: p}}\nspec:\n    {POD_SPEC}")),
        ("pod-no-containers", "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {}\n".into()),
        ("statefulset", format!("apiVersion: apps/v1\nkind: StatefulSet\nmetadata: {{name: db}}\nspec:\n  serviceName: db\n  selector: {{matchLabels: {{app: db}}}}\n  template:\n    metadata: {{labels: {{app: db}}}}\n    spec:\n      {POD_SPEC}")),
        ("daemonset-no-selector", format!("apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {{name: d}}\nspec:\n  template:\n    spec:\n      {POD_SPEC}")),
        ("cronjob-v1", "apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: j}\nspec:\n  schedule: \"* * * * *\"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          restartPolicy: Never\n          containers: [{name: a, image: busybox}]\n".into()),
        ("cronjob-v1beta1-removed", "apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: j}\nspec: {schedule: \"* * * * *\", jobTemplate: {spec: {template: {spec: {containers: []}}}}}\n".into()),
        ("hpa-v2", "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\nspec:\n  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  minReplicas: 1\n  maxReplicas: 3\n  metrics:\n  - type: Resource\n    resource: {name: cpu, target: {type: Utilization, averageUtilization: 80}}\n".into()),
        ("hpa-v2beta2-removed-1.26", "apiVersion: autoscaling/v2beta2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\nspec:\n  scaleTargetRef: {kind: Deployment, name: web}\n  maxReplicas: 3\n".into()),
        ("hpa-no-max", "apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: h}\nspec:\n  scaleTargetRef: {kind: Deployment, name: web}\n".into()),
        ("flowschema-v1beta2-removed-1.29", "apiVersion: flowcontrol.apiserver.k8s.io/v1beta2\nkind: FlowSchema\nmetadata: {name: f}\nspec: {priorityLevelConfiguration: {name: global-default}}\n".into()),
        ("flowschema-v1beta3-removed-1.32", "apiVersion: flowcontrol.apiserver.k8s.io/v1beta3\nkind: FlowSchema\nmetadata: {name: f}\nspec: {priorityLevelConfiguration: {name: global-default}}\n".into()),
        ("ingress", "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i}\nspec:\n  ingressClassName: nginx\n  rules:\n  - host: a.example.com\n    http:\n      paths:\n      - path: /\n        pathType: Prefix\n        backend: {service: {name: s, port: {number: 80}}}\n".into()),
        ("ingress-old-backend", "apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i}\nspec:\n  rules:\n  - http:\n      paths:\n      - path: /\n        pathType: Prefix\n        backend: {serviceName: s, servicePort: 80}\n".into()),
        ("pdb", "apiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: p}\nspec: {minAvailable: 50%, selector: {matchLabels: {app: web}}}\n".into()),
        ("pdb-v1beta1-removed", "apiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata: {name: p}\nspec: {minAvailable: 1}\n".into()),
        ("role", "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r}\nrules:\n- apiGroups: [\"\"]\n  resources: [pods]\n  verbs: [get]\n".into()),
        ("role-verbs-string", "apiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata: {name: r}\nrules:\n- apiGroups: [\"\"]\n  resources: [pods]\n  verbs: get\n".into()),
        ("clusterrolebinding-no-roleref", "apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRoleBinding\nmetadata: {name: b}\nsubjects: [{kind: ServiceAccount, name: x, namespace: y}]\n".into()),
        ("networkpolicy", "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress]\n".into()),
        ("pvc", "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: d}\nspec:\n  accessModes: [ReadWriteOnce]\n  resources: {requests: {storage: 1Gi}}\n".into()),
        ("pvc-storage-bool", "apiVersion: v1\nkind: PersistentVolumeClaim\nmetadata: {name: d}\nspec:\n  accessModes: [ReadWriteOnce]\n  resources: {requests: {storage: true}}\n".into()),
        ("serviceaccount-automount-string", "apiVersion: v1\nkind: ServiceAccount\nmetadata: {name: sa}\nautomountServiceAccountToken: \"false\"\n".into()),
        ("unknown-kind", "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n".into()),
        ("job-backoff-negative-ok", "apiVersion: batch/v1\nkind: Job\nmetadata: {name: j}\nspec:\n  backoffLimit: -1\n  template:\n    spec:\n      restartPolicy: Never\n      containers: [{name: a, image: b}]\n".into()),
        ("metadata-annotations-number", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n  annotations: {a: 1}\n".into()),
        ("name-n-is-a-boolean", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: n}\n".into()),
        ("storageclass-v1", "apiVersion: storage.k8s.io/v1\nkind: StorageClass\nmetadata: {name: fast}\nprovisioner: kubernetes.io/no-provisioner\nvolumeBindingMode: WaitForFirstConsumer\n".into()),
    ];
    out.sort_by(|a, b| a.0.cmp(b.0));
    out.into_iter().map(|(n, t)| (n.to_string(), t)).collect()
}

/// Documents where rudder follows kubeconform and not kubernetes-validate, and why.
const KNOWN: &[(&str, &str)] = &[(
    "name-n-is-a-boolean",
    "YAML 1.1 as go-yaml v2 reads it (kubeconform, helm) makes `n` false; PyYAML keeps a string",
)];

/// What a validator said of one document.
#[derive(Debug, Clone, PartialEq)]
enum Verdict {
    Valid,
    /// Invalid, with the failing field paths (dotted as kubernetes-validate prints them).
    Invalid(Vec<String>),
    NoSchema,
    Other(String),
}

fn reference_verdicts(
    bin: &Path,
    dir: &Path,
    files: &[String],
    minor: u32,
    strict: bool,
) -> BTreeMap<String, Verdict> {
    let mut cmd = Command::new(bin);
    cmd.current_dir(dir).args(["-k", &format!("1.{minor}.0")]);
    if strict {
        cmd.arg("--strict");
    }
    let out = cmd
        .args(files)
        .output()
        .expect("running kubernetes-validate");
    let mut verdicts = BTreeMap::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let mut words = line.splitn(3, ' ');
        let (Some(level), Some(file), Some(rest)) = (words.next(), words.next(), words.next())
        else {
            continue;
        };
        let verdict = match level {
            "INFO" => Verdict::Valid,
            "WARN" if rest.starts_with("Couldn't find schema") => Verdict::NoSchema,
            "ERROR" if rest.starts_with("did not validate") => {
                let after = rest
                    .split_once(&format!("against version 1.{minor}: "))
                    .map(|x| x.1)
                    .unwrap_or("");
                let path = after.split_once(": ").map(|x| x.0).unwrap_or("");
                Verdict::Invalid(vec![path.to_string()])
            }
            _ => Verdict::Other(rest.to_string()),
        };
        verdicts.insert(file.to_string(), verdict);
    }
    verdicts
}

fn rudder_verdict(text: &str, minor: u32, strict: bool) -> Verdict {
    let opts = Options {
        kubernetes_version: KubeVersion::parse(&format!("1.{minor}.0")).unwrap(),
        strict,
        ignore_missing_schemas: false,
        sources: Default::default(),
        skip: HashSet::new(),
        reject: HashSet::new(),
    };
    let v = Validator::new(opts).unwrap();
    let resources = read_text("f.yaml", text, strict, false);
    let o = v.session().validate(&resources[0]);
    match o.status {
        Status::Valid => Verdict::Valid,
        Status::Invalid => Verdict::Invalid(
            o.leaves
                .iter()
                .map(|l| l.path.trim_start_matches('/').replace('/', "."))
                .collect(),
        ),
        Status::Error
            if o.message
                .as_deref()
                .is_some_and(|m| m.starts_with("could not find schema")) =>
        {
            Verdict::NoSchema
        }
        _ => Verdict::Other(o.message.unwrap_or_default()),
    }
}

#[test]
fn verdicts_and_paths_agree_with_kubernetes_validate() {
    let Some(bin) = rudder_testkit::installed_reference(
        rudder_testkit::pypi_tool_environment("kubernetes-validate", "1.37.0")
            .join("bin/kubernetes-validate"),
        "kubernetes-validate 1.37.0",
    ) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus();
    let mut files = Vec::new();
    for (name, text) in &corpus {
        let file = format!("{name}.yaml");
        std::fs::write(dir.path().join(&file), text).unwrap();
        files.push(file);
    }
    let (mut documents, mut verdicts_agree, mut paths_agree, mut invalid) = (0, 0, 0, 0);
    let mut differences = Vec::new();
    for minor in [25, 26, 29, 32, 37] {
        for strict in [false, true] {
            let reference = reference_verdicts(&bin, dir.path(), &files, minor, strict);
            for ((name, text), file) in corpus.iter().zip(&files) {
                documents += 1;
                let theirs = reference
                    .get(file)
                    .cloned()
                    .unwrap_or(Verdict::Other("no output".into()));
                let ours = rudder_verdict(text, minor, strict);
                let same_verdict = std::mem::discriminant(&theirs) == std::mem::discriminant(&ours);
                let same_path = match (&theirs, &ours) {
                    (Verdict::Invalid(t), Verdict::Invalid(o)) => {
                        invalid += 1;
                        o.contains(&t[0])
                    }
                    _ => same_verdict,
                };
                verdicts_agree += usize::from(same_verdict);
                paths_agree += usize::from(same_path && matches!(theirs, Verdict::Invalid(_)));
                if (!same_verdict || !same_path) && !KNOWN.iter().any(|(k, _)| k == name) {
                    differences.push(format!("1.{minor} strict={strict} {name}: kubernetes-validate {theirs:?}, rudder {ours:?}"));
                }
            }
        }
    }
    eprintln!(
        "{documents} documents: verdicts agree on {verdicts_agree}; of {invalid} invalid, the failing path agrees on {paths_agree}; known differences: {}",
        KNOWN.len()
    );
    assert!(
        differences.is_empty(),
        "{} differences:\n{}",
        differences.len(),
        differences.join("\n")
    );
}
