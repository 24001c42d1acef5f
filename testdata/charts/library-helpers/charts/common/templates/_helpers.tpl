{{- define "common.name" -}}{{ .Chart.Name }}-{{ .Release.Name }}{{- end -}}
{{- define "common.labels" -}}app={{ .Chart.Name }}{{- end -}}
