{{/*
The standard labels of one part of Quiver. Argument: (list $ name component), e.g. (list $ "quiver-runtime" "runtime").
Selectors use app.kubernetes.io/name only: the same selectors as deploy/base, and selectors of a Deployment cannot
change on upgrade.
*/}}
{{- define "quiver.labels" -}}
{{- $root := index . 0 -}}
app.kubernetes.io/name: {{ index . 1 }}
app.kubernetes.io/instance: {{ $root.Release.Name }}
app.kubernetes.io/version: {{ $root.Chart.AppVersion | quote }}
app.kubernetes.io/component: {{ index . 2 }}
app.kubernetes.io/part-of: quiver
app.kubernetes.io/managed-by: {{ $root.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" $root.Chart.Name $root.Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Where and how a part's pod runs: the pod spec fields from its values (nodeSelector, tolerations, affinity,
imagePullSecrets with the global ones first, runtimeClassName, priorityClassName). Argument: (list $ values
defaultAffinity); an empty affinity value means defaultAffinity (which may be empty too).
*/}}
{{- define "quiver.scheduling" -}}
{{- $root := index . 0 -}}
{{- $part := index . 1 -}}
{{- $affinity := $part.affinity | default (index . 2) -}}
{{- with $part.nodeSelector }}
nodeSelector:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $part.tolerations }}
tolerations:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $affinity }}
affinity:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with concat $root.Values.imagePullSecrets $part.imagePullSecrets }}
imagePullSecrets:
  {{- toYaml . | nindent 2 }}
{{- end }}
{{- with $part.runtimeClassName }}
runtimeClassName: {{ . }}
{{- end }}
{{- with $part.priorityClassName }}
priorityClassName: {{ . }}
{{- end }}
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

{{/* Preferred spreading of a part's replicas over nodes (quiver.scheduling's default affinity, through fromYaml). */}}
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

{{/* A map as comma-separated key=value, keys sorted: the controller's list settings. */}}
{{- define "quiver.keyValues" -}}
{{- $entries := list -}}
{{- range $key := keys . | sortAlpha -}}
{{- $entries = append $entries (printf "%s=%s" $key (index $ $key)) -}}
{{- end -}}
{{- join "," $entries -}}
{{- end }}

{{/* The names of a list of {name: ...} references, comma-separated. */}}
{{- define "quiver.names" -}}
{{- $names := list -}}
{{- range . }}{{ $names = append $names .name }}{{ end -}}
{{- join "," $names -}}
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
