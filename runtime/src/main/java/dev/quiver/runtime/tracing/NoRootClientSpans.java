package dev.quiver.runtime.tracing;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import java.util.List;

/**
 * Samples as OpenTelemetry's default ({@code parentbased_always_on}) but drops a client span that has no parent: the
 * runtime's background HTTP calls (the Kubernetes client's watches, Lease renewals, status writes, which run on the
 * same Vert.x as the gateway) would otherwise each start a trace of their own, several a second, that says nothing
 * about a call. Client spans inside a traced request (the gateway's forward) have their server span as parent.
 */
public final class NoRootClientSpans implements Sampler {

    private final Sampler delegate = Sampler.parentBased(Sampler.alwaysOn());

    @Override
    public SamplingResult shouldSample(Context parentContext, String traceId, String name, SpanKind spanKind,
            Attributes attributes, List<LinkData> parentLinks) {
        if (spanKind == SpanKind.CLIENT && !Span.fromContext(parentContext).getSpanContext().isValid()) {
            return SamplingResult.drop();
        }
        return delegate.shouldSample(parentContext, traceId, name, spanKind, attributes, parentLinks);
    }

    @Override
    public String getDescription() {
        return "NoRootClientSpans{" + delegate.getDescription() + "}";
    }
}
