package dev.quiver.api;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Categories;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A Quiver function: code (an image, or source that Quiver builds), how it runs, what triggers it and
 * how its traffic is split between revisions. Every change to {@code spec.template}, the image or the
 * mode makes a new immutable {@link FunctionRevision}; scale and traffic changes do not.
 */
@Group(Function.GROUP)
@Version(Function.VERSION)
@ShortNames("qfn")
@Categories("quiver")
// Columns in display order; the generator sorts them by jsonPath, so src/build/PrinterColumnOrder.java restores this order.
@AdditionalPrinterColumn(name = "URL", jsonPath = ".status.url")
@AdditionalPrinterColumn(name = "LatestReady", jsonPath = ".status.latestReadyRevisionName")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason")
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Function extends CustomResource<FunctionSpec, FunctionStatus> implements Namespaced {

    /** The API group of Quiver's resources. */
    public static final String GROUP = "quiver.dev";
    /** The API version of this release of the types. */
    public static final String VERSION = "v1alpha1";
    /** The kind, as written in {@code kind:}. */
    public static final String KIND = "Function";

    /** The desired state; overridden only to document it for {@code kubectl explain}. */
    @Override
    @JsonPropertyDescription("What the function runs, how it scales, what triggers it and how its traffic is split.")
    public FunctionSpec getSpec() {
        return super.getSpec();
    }

    /** The observed state; overridden only to document it for {@code kubectl explain}. */
    @Override
    @JsonPropertyDescription("What the controller observed: conditions (Ready and its dependents), revisions, URL and the traffic as served.")
    public FunctionStatus getStatus() {
        return super.getStatus();
    }

    @Override
    protected FunctionSpec initSpec() {
        return new FunctionSpec();
    }

    @Override
    protected FunctionStatus initStatus() {
        return new FunctionStatus();
    }
}
