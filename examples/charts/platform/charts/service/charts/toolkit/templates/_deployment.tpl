{{/* A Deployment for a platform component; the caller passes the root context. */}}
{{- define "toolkit.deployment" -}}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ include "toolkit.fullname" . }}
  labels:
    {{- include "toolkit.labels" . | nindent 4 }}
spec:
  replicas: {{ .Values.replicas | default 1 }}
  selector:
    matchLabels:
      app.kubernetes.io/name: {{ .Chart.Name }}
      app.kubernetes.io/instance: {{ .Release.Name }}
  template:
    metadata:
      labels:
        {{- include "toolkit.labels" . | nindent 8 }}
    spec:
      containers:
        - name: {{ .Chart.Name }}
          image: {{ include "toolkit.image" (dict "Values" .Values "image" .Values.image "tag" (.Values.tag | default .Chart.AppVersion)) }}
          {{- with .Values.port }}
          ports:
            - containerPort: {{ . }}
          {{- end }}
          {{- with .Values.resources }}
          resources:
            {{- toYaml . | nindent 12 }}
          {{- end }}
{{- end }}
