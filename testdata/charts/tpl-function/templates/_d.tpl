{{ define "d" }}defined{{ end }}
