{{ define "shared" }}from-parent-z{{ end }}
{{ define "empty" }}{{ end }}
