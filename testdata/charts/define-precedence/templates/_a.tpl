{{ define "shared" }}from-parent-a{{ end }}
