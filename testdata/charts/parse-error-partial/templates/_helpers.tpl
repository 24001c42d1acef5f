{{ define "x" }}{{ end 
