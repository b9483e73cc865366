package dev.quiver.functions.linkmanager;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

/** The one {@link LinkBook} of this process. */
@ApplicationScoped
public class LinkBookProducer {

    /** Shared by the function that fills it and the route that reads it. */
    @Produces
    @ApplicationScoped
    LinkBook book() {
        return new LinkBook();
    }
}
