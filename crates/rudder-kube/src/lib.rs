//! Kubernetes knowledge without a cluster: the OpenAPI schemas of Kubernetes 1.25 to 1.37
//! bundled in the binary, schemas from CustomResourceDefinitions and schema folders, and
//! manifest validation with kubeconform's behaviour.

pub mod bundle;
