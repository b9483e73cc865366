package dev.quiver.api.revisions;

import dev.quiver.api.ConfigSnapshot;

/**
 * How long the name of a ConfigMap or Secret a template reads may be, given that each revision keeps an
 * immutable copy of it named {@code <revision>-cm-<source>} or {@code <revision>-secret-<source>}
 * ({@code ChildNames.configCopy}; its {@code ChildNamesTest} checks that the longest source name allowed
 * here makes a copy name of exactly {@link #MAX_OBJECT_NAME} characters). The validator refuses a longer source
 * up front, rather than the controller failing to create the copy of a revision later.
 */
public final class ConfigCopyNames {

    /** Longest name of a ConfigMap or Secret: a DNS subdomain. */
    public static final int MAX_OBJECT_NAME = 253;
    /** What separates the revision's name from a copied ConfigMap's name. */
    public static final String CONFIG_MAP_INFIX = "-cm-";
    /** What separates the revision's name from a copied Secret's name (a ConfigMap and a Secret may share a name). */
    public static final String SECRET_INFIX = "-secret-";
    /**
     * The most a revision's name adds to its function's: '-' and the revision number, at least 5 digits
     * ({@link RevisionNames#of}) and at most 10 (the largest int), so that no later revision outgrows the limit.
     */
    public static final int MAX_REVISION_SUFFIX = 1 + Integer.toString(Integer.MAX_VALUE).length();

    private ConfigCopyNames() {
    }

    /** The separator of a copy of the given kind. */
    public static String infix(ConfigSnapshot.Kind kind) {
        return kind == ConfigSnapshot.Kind.ConfigMap ? CONFIG_MAP_INFIX : SECRET_INFIX;
    }

    /** The longest name a source of this kind may have, so that every revision's copy of it is a valid name. */
    public static int maxSourceName(String functionName, ConfigSnapshot.Kind kind) {
        return MAX_OBJECT_NAME - functionName.length() - MAX_REVISION_SUFFIX - infix(kind).length();
    }
}
