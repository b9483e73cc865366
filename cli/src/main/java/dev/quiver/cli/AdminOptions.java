package dev.quiver.cli;

import dev.quiver.cli.admin.AdminClient;
import picocli.CommandLine.Option;

import java.net.URI;

/** The {@code --admin-url} option of every command that talks to the runtime's admin API. */
public class AdminOptions {

    @Option(names = "--admin-url", paramLabel = "URL", defaultValue = "${env:QUIVER_ADMIN_URL:-http://127.0.0.1:8081}",
            description = "The runtime's admin API (default: ${DEFAULT-VALUE}; env QUIVER_ADMIN_URL).")
    String adminUrl;

    /** A client of the admin API the user pointed at. */
    public AdminClient client() {
        return new AdminClient(Urls.parse("--admin-url", adminUrl));
    }

    /** The admin API's URL as given. */
    public URI url() {
        return Urls.parse("--admin-url", adminUrl);
    }
}
