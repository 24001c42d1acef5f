{{ define "needs" }}{{ required "inner required" .Values.inner }}{{ end }}
