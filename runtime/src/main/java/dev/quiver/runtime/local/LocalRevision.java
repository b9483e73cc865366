package dev.quiver.runtime.local;

import dev.quiver.api.FunctionRevision;
import dev.quiver.runtime.platform.RevisionRef;

/**
 * A local revision: its API object and what the store knows beyond it.
 *
 * @param resource     the FunctionRevision as the API shows it (status kept up to date by the store)
 * @param ref          the revision's reference on the platform
 * @param templateHash the fingerprint it was made from (template + digest of the built code)
 * @param app          what its replicas run
 */
record LocalRevision(FunctionRevision resource, RevisionRef ref, String templateHash, BuiltApp app) {

    /** Where a revision is on its way to serving. */
    enum Phase { CHECKING, READY, FAILED }

    String name() {
        return ref.revision();
    }
}
