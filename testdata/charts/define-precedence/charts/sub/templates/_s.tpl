{{ define "shared" }}from-sub{{ end }}
