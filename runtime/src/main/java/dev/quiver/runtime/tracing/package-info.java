/**
 * Traces: the W3C trace context ({@code traceparent}, {@code tracestate}) that joins a publisher's, the gateway's
 * and a function's spans in one trace, and the spans the runtime makes for events. Off unless an OTLP endpoint is
 * configured ({@code quiver.tracing.otlp-endpoint}); when off, nothing here allocates on a request's path.
 */
package dev.quiver.runtime.tracing;
