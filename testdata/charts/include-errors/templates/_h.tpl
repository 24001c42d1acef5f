{{ define "h" }}{{ .Values.missing.deep }}{{ end }}
{{ define "ok" }}[{{ .Values.none }}]{{ end }}
