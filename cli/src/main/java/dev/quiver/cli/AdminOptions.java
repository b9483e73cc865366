package dev.quiver.cli;

import dev.quiver.cli.admin.AdminClient;
import dev.quiver.cli.backend.AdminBackend;
import dev.quiver.cli.backend.FunctionsBackend;
import dev.quiver.cli.backend.KubernetesBackend;
import dev.quiver.cli.backend.Target;
import dev.quiver.cli.dev.DevFolder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import picocli.CommandLine.Option;

import java.io.File;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * The options that say where a command finds functions: {@code --target dev} (the admin API of a
 * {@code quiver dev} runtime) or {@code --target cluster} (Kubernetes, from the kubeconfig that kubectl uses).
 */
public class AdminOptions {

    private static final String DEFAULT_ADMIN_URL = "http://127.0.0.1:8081";

    @Option(names = "--target", paramLabel = "dev|cluster", defaultValue = "${env:QUIVER_TARGET}",
            description = "Where the functions are: dev (a local quiver dev runtime) or cluster (Kubernetes). "
                    + "Default: env QUIVER_TARGET, else dev when a local runtime answers (or --admin-url is given), else cluster.")
    Target target;

    @Option(names = "--admin-url", paramLabel = "URL",
            description = "The dev runtime's admin API (default: env QUIVER_ADMIN_URL, else " + DEFAULT_ADMIN_URL + ").")
    String adminUrl;

    @Option(names = "--admin-token-file", paramLabel = "FILE",
            description = "The dev runtime's admin token (default: env QUIVER_ADMIN_TOKEN_FILE, else .quiver/"
                    + DevFolder.ADMIN_TOKEN + " in the folder quiver dev would serve from here).")
    Path adminTokenFile;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NS",
            description = "The cluster namespace (default: the kubeconfig context's namespace, else default).")
    String namespace;

    @Option(names = "--context", paramLabel = "CTX", description = "The kubeconfig context (default: the current one).")
    String context;

    @Option(names = "--kubeconfig", paramLabel = "FILE",
            description = "The kubeconfig file (default: env KUBECONFIG, else ~/.kube/config, as kubectl finds it).")
    File kubeconfig;

    /** The target the probe found when none was given. */
    private Target probed;

    /** A client of the admin API the user pointed at, with the runtime's token. */
    public AdminClient client() {
        return new AdminClient(url(), tokenFile());
    }

    /**
     * Where the admin token is: the option, else QUIVER_ADMIN_TOKEN_FILE, else the work folder of the folder that
     * {@code quiver dev} serves when run here without DIR (this folder when it is a function's, else its functions).
     */
    public Path tokenFile() {
        String env = System.getenv("QUIVER_ADMIN_TOKEN_FILE");
        if (adminTokenFile != null) {
            return adminTokenFile;
        }
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return DevFolder.defaultDir(Path.of("").toAbsolutePath()).resolve(DevFolder.WORK_DIR)
                .resolve(DevFolder.ADMIN_TOKEN);
    }

    /** The admin API's URL: the option, else QUIVER_ADMIN_URL, else the default port on this machine. */
    public URI url() {
        String env = System.getenv("QUIVER_ADMIN_URL");
        return Urls.parse("--admin-url", adminUrl != null ? adminUrl : env != null && !env.isBlank() ? env : DEFAULT_ADMIN_URL);
    }

    /** The target chosen: the option, else dev when a dev runtime was named or answers, else cluster. */
    public Target target() {
        if (target != null) {
            return target;
        }
        if (probed == null) {
            boolean named = adminUrl != null || System.getenv("QUIVER_ADMIN_URL") != null;
            probed = named || client().answers() ? Target.dev : Target.cluster;
        }
        return probed;
    }

    /** Whether no kubeconfig file exists where kubectl looks and this is not a pod with a service account. */
    private static boolean noKubeconfig() {
        boolean inCluster = System.getenv("KUBERNETES_SERVICE_HOST") != null;
        return !inCluster && Config.getKubeconfigFilenames().stream().noneMatch(f -> new File(f).isFile());
    }

    /** The functions where the target says. */
    public FunctionsBackend backend() {
        if (target() == Target.dev) {
            return new AdminBackend(client());
        }
        // Nothing found either way: say both, rather than fail on a cluster the user never meant.
        if (target == null && kubeconfig == null && noKubeconfig()) {
            throw new CliException(ExitCodes.NOT_RUNNING, "no quiver dev runtime answers at " + url()
                    + " and there is no kubeconfig (KUBECONFIG or ~/.kube/config)",
                    List.of("start one on this machine: ./quiver dev", "or point KUBECONFIG at a cluster with Quiver installed"));
        }
        if (kubeconfig != null && !kubeconfig.isFile()) {
            throw new CliException(ExitCodes.FAILED, "--kubeconfig " + kubeconfig + ": no such file");
        }
        Config config = kubeconfig != null ? Config.fromKubeconfig(context, kubeconfig) : Config.autoConfigure(context);
        // A command line fails fast: one retry, not the client's default back-off of a minute.
        config.setRequestRetryBackoffLimit(1);
        String ns = namespace != null ? namespace : config.getNamespace() != null ? config.getNamespace() : "default";
        return new KubernetesBackend(new KubernetesClientBuilder().withConfig(config).build(), ns);
    }
}
