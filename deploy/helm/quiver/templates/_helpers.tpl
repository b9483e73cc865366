{{/* Labels of one part of Quiver: name plus the common ones. */}}
{{- define "quiver.labels" -}}
app.kubernetes.io/name: {{ . }}
app.kubernetes.io/part-of: quiver
{{- end }}

{{/* An image reference from a part's repository and the global registry and tag. */}}
{{- define "quiver.image" -}}
{{- $root := index . 0 -}}
{{- $repository := index . 1 -}}
{{- $tag := default $root.Chart.AppVersion $root.Values.image.tag -}}
{{- if $root.Values.image.registry -}}
{{ $root.Values.image.registry }}/{{ $repository }}:{{ $tag }}
{{- else -}}
{{ $repository }}:{{ $tag }}
{{- end -}}
{{- end }}

{{/* The pod and container security settings every Quiver workload runs with. */}}
{{- define "quiver.podSecurity" -}}
runAsNonRoot: true
runAsUser: {{ . }}
runAsGroup: {{ . }}
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "quiver.containerSecurity" -}}
runAsNonRoot: true
readOnlyRootFilesystem: true
allowPrivilegeEscalation: false
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{/* Preferred spreading of a part's replicas over nodes. */}}
{{- define "quiver.antiAffinity" -}}
podAntiAffinity:
  preferredDuringSchedulingIgnoredDuringExecution:
    - weight: 100
      podAffinityTerm:
        topologyKey: kubernetes.io/hostname
        labelSelector:
          matchLabels:
            app.kubernetes.io/name: {{ . }}
{{- end }}

{{/* The NATS URL the runtime uses. */}}
{{- define "quiver.natsUrl" -}}
{{- if .Values.nats.url -}}
{{ .Values.nats.url }}
{{- else if .Values.nats.enabled -}}
nats://nats.{{ .Release.Namespace }}.svc.cluster.local:4222
{{- else -}}
{{ fail "nats.enabled is false: set nats.url to the NATS server Quiver uses" }}
{{- end -}}
{{- end }}
