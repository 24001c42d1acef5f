{{- define "toolkit.fullname" -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "toolkit.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/part-of: platform
environment: {{ .Values.global.environment }}
{{- with .Values.global.labels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{- define "toolkit.image" -}}
{{ .Values.global.imageRegistry }}/{{ .image }}:{{ .tag }}
{{- end }}
