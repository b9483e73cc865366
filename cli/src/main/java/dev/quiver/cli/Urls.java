package dev.quiver.cli;

import java.net.URI;

/** Checks the URLs users give on the command line. */
final class Urls {

    private Urls() {
    }

    /** The URL, or a usage failure naming the option when it is not an http(s) URL. */
    static URI parse(String option, String text) {
        try {
            URI uri = URI.create(text);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return uri;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new CliException(ExitCodes.USAGE, option + " must be an http:// URL such as http://127.0.0.1:8081, got '"
                + text + "'");
    }
}
