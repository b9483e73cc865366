package dev.quiver.runtime.platform;

/**
 * Which revision: the namespace and function it belongs to, and its name.
 *
 * @param namespace the namespace ("default" on the local platform)
 * @param function  the function's name
 * @param revision  the revision's name, e.g. hello-00002
 */
public record RevisionRef(String namespace, String function, String revision) {

    @Override
    public String toString() {
        return namespace + "/" + revision;
    }
}
