package dev.quiver.cli.scaffold;

import java.util.Locale;

/** The kinds of function {@code quiver new} scaffolds; each has its files under {@code templates/<id>/}. */
public enum Template {

    /** A Funqy function over HTTP: JSON in, JSON out. */
    FUNQY("a Funqy function over HTTP: `greet` takes JSON and answers JSON",
            "curl -s localhost:8080/fn/{{name}} -d '{\"name\":\"Ada\"}'"),
    /** A plain Vert.x route on {@code /}: any method, any path handling the app wants. */
    HTTP("a plain HTTP route on `/` (Vert.x Web): GET with `?name=` or POST JSON",
            "curl -s 'localhost:8080/fn/{{name}}?name=Ada'"),
    /** Job mode: one process per event, which answers it and exits. */
    JOB("a Job-mode function: each event on `{{name}}.jobs` runs in a process of its own, which answers it and exits",
            "quiver publish {{name}}.jobs --data '{\"name\":\"Ada\"}' --jetstream\n    quiver describe {{name}}"),
    /** A function fed by NATS messages as CloudEvents. */
    EVENT("a function fed by NATS: each message on `{{name}}.requests` arrives as a CloudEvent (and plain HTTP works too)",
            "quiver publish {{name}}.requests --data '{\"name\":\"Ada\"}'\n    curl -s localhost:8080/fn/{{name}} -d '{\"name\":\"Ada\"}'");

    private final String summary;
    private final String tryIt;

    Template(String summary, String tryIt) {
        this.summary = summary;
        this.tryIt = tryIt;
    }

    /** The name on the command line and of the resource folder. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** One line on what the function does, for its README (may hold placeholders). */
    public String summary() {
        return summary;
    }

    /** Commands that call the running function, for its README (may hold placeholders). */
    public String tryIt() {
        return tryIt;
    }
}
