{{ define "empty" }}not-empty{{ end }}
