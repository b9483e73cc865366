package dev.quiver.cli.backend;

import java.time.Duration;

/**
 * Which part of a function's replica output {@code quiver logs} asks for.
 *
 * @param revision  only this revision's replicas; {@code null} = every revision's
 * @param tailLines only the last lines of each replica's output; {@code null} = all the platform keeps
 * @param since     only what was written this long ago or later; {@code null} = from the start
 */
public record LogQuery(String revision, Integer tailLines, Duration since) {

    /** Everything of one revision (or of every revision when {@code null}). */
    public static LogQuery of(String revision) {
        return new LogQuery(revision, null, null);
    }
}
