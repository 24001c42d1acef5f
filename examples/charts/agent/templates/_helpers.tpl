{{/* Chart name, truncated to the 63 characters Kubernetes allows. */}}
{{- define "agent.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Full name: release-chart unless the release already contains the chart name. */}}
{{- define "agent.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "agent.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
{{ include "agent.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "agent.selectorLabels" -}}
app.kubernetes.io/name: {{ include "agent.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "agent.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "agent.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "agent.secretName" -}}
{{- if .Values.existingSecret }}{{ .Values.existingSecret }}{{ else }}{{ include "agent.fullname" . }}{{ end }}
{{- end }}

{{- define "agent.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end }}

{{/* Environment shared by every container: site, key, proxy, extra variables. */}}
{{- define "agent.env" -}}
- name: AGENT_SITE
  value: {{ .Values.site | quote }}
- name: AGENT_LOG_LEVEL
  value: {{ .Values.logLevel | quote }}
- name: AGENT_API_KEY
  valueFrom:
    secretKeyRef:
      name: {{ include "agent.secretName" . }}
      key: api-key
{{- with .Values.clusterName }}
- name: AGENT_CLUSTER_NAME
  value: {{ . | quote }}
{{- end }}
{{- if .Values.proxy.enabled }}
- name: HTTP_PROXY
  value: {{ .Values.proxy.http | quote }}
- name: HTTPS_PROXY
  value: {{ .Values.proxy.https | quote }}
- name: NO_PROXY
  value: {{ join "," .Values.proxy.noProxy | quote }}
{{- end }}
{{- with .Values.extraEnv }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "agent.caVolume" -}}
{{- if .Values.customCA.enabled }}
- name: custom-ca
  configMap:
    name: {{ include "agent.fullname" . }}-ca
{{- end }}
{{- end }}
