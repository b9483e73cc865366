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
 * An immutable snapshot of a {@link Function}: the image by digest, the template, the mode and copies of
 * the configuration it reads, named {@code <function>-00001}, {@code -00002}… Created and owned by the
 * Function; only {@code spec.replicas} (set by the autoscaler through the scale subresource) and
 * {@code spec.template.scale} (kept in step with the Function) change after creation.
 */
@Group(Function.GROUP)
@Version(Function.VERSION)
@ShortNames("qrev")
@Categories("quiver")
// Columns in display order; the generator sorts them by jsonPath, so src/build/PrinterColumnOrder.java restores this order.
@AdditionalPrinterColumn(name = "Function", jsonPath = ".spec.functionName")
@AdditionalPrinterColumn(name = "Ready", jsonPath = ".status.conditions[?(@.type==\"Ready\")].status")
@AdditionalPrinterColumn(name = "Replicas", jsonPath = ".status.actualReplicas", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class FunctionRevision extends CustomResource<FunctionRevisionSpec, FunctionRevisionStatus> implements Namespaced {

    /** The kind, as written in {@code kind:}. */
    public static final String KIND = "FunctionRevision";

    /** The desired state; overridden only to document it for {@code kubectl explain}. */
    @Override
    @JsonPropertyDescription("What this revision runs: an immutable snapshot of the Function's image, mode, template and configuration.")
    public FunctionRevisionSpec getSpec() {
        return super.getSpec();
    }

    /** The observed state; overridden only to document it for {@code kubectl explain}. */
    @Override
    @JsonPropertyDescription("What the controller observed: conditions (Ready and its dependents), replicas and where the revision is reached.")
    public FunctionRevisionStatus getStatus() {
        return super.getStatus();
    }

    @Override
    protected FunctionRevisionSpec initSpec() {
        return new FunctionRevisionSpec();
    }

    @Override
    protected FunctionRevisionStatus initStatus() {
        return new FunctionRevisionStatus();
    }
}
