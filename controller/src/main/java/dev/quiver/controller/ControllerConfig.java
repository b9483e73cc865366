package dev.quiver.controller;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings of the controller ({@code quiver.controller.*}). */
@ConfigMapping(prefix = "quiver.controller")
public interface ControllerConfig {

    /** Base URL of the gateway; a function's URL is {@code <gateway-url>/fn/<name>}. */
    @WithDefault("http://quiver-gateway.quiver-system.svc.cluster.local")
    String gatewayUrl();

    /** How many revisions that serve no traffic are kept for rollback before the oldest are deleted. */
    @WithDefault("5")
    int retainedRevisions();

    /** How long a revision's Deployment may take to become available before the revision is failed. */
    @WithDefault("600")
    int progressDeadlineSeconds();
}
