package dev.quiver.acceptance;

import dev.quiver.api.ApiJson;
import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.conditions.ConditionTypes;
import dev.quiver.standin.ClusterStandIn;
import dev.quiver.standin.PodProcess;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;

/**
 * The cluster stand-in: the fabric8 mock API server with Quiver's CRDs and a kubelet stand-in that runs each pod
 * as a real process, the built controller and the built runtime ({@code quiver.platform=kubernetes}, one or more
 * replicas) as processes pointed at it by a kubeconfig, images pushed to a loopback registry, and the built CLI
 * ({@code --target cluster}) for deploy, traffic and rollback.
 */
final class StandInClusterPlatform implements PlatformUnderTest {

    /** The namespace functions are deployed to. */
    static final String NAMESPACE = "default";
    /**
     * What the samples' triggers use in {@link #NAMESPACE} beyond {@code default.>}: granted by the operator, as a
     * cluster would ({@code quiver.nats.namespace-subjects}, read by the controller and the runtime).
     */
    static final String SUBJECT_GRANTS = "default=link-events,default=link-events-dead,default=link-results,"
            + "default=texts.>";
    /** The namespace of the runtime's Leases, as in the install manifests. */
    static final String SYSTEM_NAMESPACE = "quiver-system";

    private final Path dir;
    private final ClusterStandIn cluster;
    private final String natsUrl;
    private final ChildProcess controller;
    private final List<ChildProcess> runtimes;
    private final List<Integer> gatewayPorts;
    private final DashboardAccess dashboard;
    private final Cli cli;

    private StandInClusterPlatform(Path dir, ClusterStandIn cluster, String natsUrl, ChildProcess controller,
            List<ChildProcess> runtimes, List<Integer> gatewayPorts, DashboardAccess dashboard, Cli cli) {
        this.dir = dir;
        this.cluster = cluster;
        this.natsUrl = natsUrl;
        this.controller = controller;
        this.runtimes = runtimes;
        this.gatewayPorts = gatewayPorts;
        this.dashboard = dashboard;
        this.cli = cli;
    }

    /**
     * Starts the stand-in, the controller and {@code runtimeReplicas} runtimes, and waits until each gateway answers.
     *
     * @param natsUrl         the NATS server of the runtime and the functions
     * @param settings        further runtime settings (system properties)
     * @param runtimeReplicas how many runtime processes (gateway replicas) to run
     */
    static StandInClusterPlatform start(String natsUrl, Map<String, String> settings, int runtimeReplicas) {
        Path dir = Checkout.newFolder("cluster");
        ClusterStandIn cluster = ClusterStandIn.start(dir.resolve("standin"));
        KubernetesClient client = cluster.client();
        for (String namespace : List.of(NAMESPACE, SYSTEM_NAMESPACE)) {
            client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(namespace).endMetadata()
                    .build()).create();
        }
        Path systemKubeconfig = cluster.kubeconfig(SYSTEM_NAMESPACE);
        List<Integer> gatewayPorts = new ArrayList<>();
        for (int i = 0; i < runtimeReplicas; i++) {
            gatewayPorts.add(Checkout.freePort());
        }
        Map<String, String> kube = Map.of("KUBECONFIG", systemKubeconfig.toString());
        String gateway = "http://127.0.0.1:" + gatewayPorts.get(0);
        // What function pods get as NATS_URL and QUIVER_GATEWAY_URL: as environment variables, which a controller
        // that has no such setting ignores.
        Map<String, String> controllerEnv = Map.of("KUBECONFIG", systemKubeconfig.toString(),
                "QUIVER_CONTROLLER_NATS_URL", natsUrl, "QUIVER_CONTROLLER_FUNCTION_GATEWAY_URL", gateway,
                "QUIVER_NATS_NAMESPACE_SUBJECTS", SUBJECT_GRANTS);
        List<String> controllerCommand = new ArrayList<>(List.of(Checkout.java(),
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=" + Checkout.freePort(),
                "-Dquiver.controller.gateway-url=" + gateway,
                // Short, because the never-ready scenario waits for it; a pod here starts in a few seconds.
                "-Dquiver.controller.progress-deadline-seconds=40"));
        // the tracing endpoint is the controller's setting too: function pods get it as OTEL_* variables
        settings.forEach((key, value) -> {
            if (key.startsWith("quiver.tracing.")) {
                controllerCommand.add("-D" + key + "=" + value);
            }
        });
        controllerCommand.add("-jar");
        controllerCommand.add(Checkout.controllerJar().toString());
        ChildProcess controller = ChildProcess.start("controller", controllerCommand, controllerEnv,
                dir.resolve("controller.log"));
        List<ChildProcess> runtimes = new ArrayList<>();
        // The first replica serves the dashboard (off on a cluster unless its port is set), its token from the
        // environment as a Secret would give it.
        DashboardAccess dashboard = new DashboardAccess(URI.create("http://127.0.0.1:" + Checkout.freePort()),
                UUID.randomUUID().toString());
        for (int i = 0; i < runtimeReplicas; i++) {
            List<String> command = new ArrayList<>(List.of(Checkout.java(),
                    "-Dquiver.platform=kubernetes",
                    "-Dquarkus.http.host=127.0.0.1",
                    "-Dquarkus.http.port=" + gatewayPorts.get(i),
                    "-Dquiver.admin.port=" + Checkout.freePort(),
                    "-Dquiver.nats.url=" + natsUrl,
                    "-Dquiver.nats.namespace-subjects=" + SUBJECT_GRANTS,
                    "-Dquiver.kubernetes.runtime-namespace=" + SYSTEM_NAMESPACE,
                    "-Dquiver.kubernetes.identity=quiver-runtime-" + i));
            Map<String, String> env = kube;
            if (i == 0) {
                command.add("-Dquiver.dashboard.port=" + dashboard.base().getPort());
                env = Map.of("KUBECONFIG", systemKubeconfig.toString(), "QUIVER_DASHBOARD_TOKEN", dashboard.token());
            }
            settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
            command.add("-jar");
            command.add(Checkout.runtimeJar().toString());
            runtimes.add(ChildProcess.start("runtime-" + i, command, env, dir.resolve("runtime-" + i + ".log")));
        }
        Cli cli = new Cli(Map.of(), List.of("--target", "cluster", "--kubeconfig",
                cluster.kubeconfig(NAMESPACE).toString(), "-n", NAMESPACE), dir.resolve("cli"));
        StandInClusterPlatform platform = new StandInClusterPlatform(dir, cluster, natsUrl, controller, runtimes,
                gatewayPorts, dashboard, cli);
        try {
            for (int port : gatewayPorts) {
                await("a runtime's gateway on " + port).atMost(Duration.ofMinutes(3))
                        .pollInterval(Duration.ofMillis(250)).until(() -> {
                            runtimes.forEach(ChildProcess::requireAlive);
                            controller.requireAlive();
                            return listening(port);
                        });
            }
        } catch (RuntimeException | Error e) {
            platform.close();
            throw e;
        }
        return platform;
    }

    private static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    @Override
    public String name() {
        return "cluster";
    }

    @Override
    public URI gateway() {
        return gateway(0);
    }

    /** The gateway of one runtime replica. */
    URI gateway(int replica) {
        return URI.create("http://127.0.0.1:" + gatewayPorts.get(replica));
    }

    @Override
    public String natsUrl() {
        return natsUrl;
    }

    @Override
    public DashboardAccess dashboard() {
        return dashboard;
    }

    /** The stand-in, for what only a cluster has (pods, Jobs, ConfigMaps). */
    ClusterStandIn cluster() {
        return cluster;
    }

    @Override
    public String deploy(FunctionFolder folder) {
        String name = folder.name();
        Function function = folder.function();
        // As `quiver build` (which writes the image and the probes' default back into function.yaml) and then
        // `quiver deploy function.yaml --no-build` leave it: the image is built once per source for the suite.
        SuiteImages.Built built = SuiteImages.get().image(folder);
        function.getSpec().image = built.image();
        Map<String, String> annotations = new HashMap<>(built.annotations());
        if (function.getMetadata().getAnnotations() != null) {
            annotations.putAll(function.getMetadata().getAnnotations());
        }
        function.getMetadata().setAnnotations(annotations);
        Path file;
        try {
            file = Files.createTempFile(Files.createDirectories(dir.resolve("deploys")), name + "-", ".yaml");
            Files.writeString(file, ApiJson.toYaml(function));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> before = revisions(name).stream().map(r -> r.getMetadata().getName()).collect(Collectors.toSet());
        Cli.Run run = cli.run("deploy", file.toString(), "--no-build", "--timeout",
                String.valueOf(DeployWait.LIMIT.toSeconds()));
        if (run.exitCode() != 0) {
            FunctionRevision failed = revisions(name).stream()
                    .filter(r -> !before.contains(r.getMetadata().getName()))
                    .filter(r -> r.getStatus() != null && DeployWait.condition(r.getStatus().conditions,
                            ConditionTypes.READY) != null)
                    .findFirst().orElse(null);
            if (failed == null) {
                throw new AssertionError("quiver deploy failed with no new revision:\n" + run.out() + "\n" + diagnostics());
            }
        }
        return DeployWait.newRevision(this, name, before, () -> run.out() + "\n" + diagnostics());
    }

    @Override
    public FunctionFolder configure(FunctionFolder folder, String configName, Map<String, String> env) {
        cluster.client().configMaps().inNamespace(NAMESPACE).resource(new ConfigMapBuilder().withNewMetadata()
                .withName(configName).withNamespace(NAMESPACE).endMetadata().withData(env).build()).createOr(
                NonDeletingOperation::update);
        return folder.edit(function -> env.keySet().forEach(key -> {
            function.getSpec().template.env.removeIf(var -> var.getName().equals(key));
            function.getSpec().template.env.add(new EnvVarBuilder().withName(key).withNewValueFrom()
                    .withNewConfigMapKeyRef(key, configName, false).endValueFrom().build());
        }));
    }

    @Override
    public void traffic(String function, String... args) {
        List<String> command = new ArrayList<>(List.of("traffic", function));
        command.addAll(List.of(args));
        cli.run(command.toArray(String[]::new)).requireSuccess();
    }

    @Override
    public void rollback(String function) {
        cli.run("rollback", function).requireSuccess();
    }

    @Override
    public Cli.Run rollout(String function, String action) {
        return cli.run("rollout", action, function);
    }

    @Override
    public Function function(String function) {
        return cluster.client().resources(Function.class).inNamespace(NAMESPACE).withName(function).get();
    }

    @Override
    public List<FunctionRevision> revisions(String function) {
        return cluster.client().resources(FunctionRevision.class).inNamespace(NAMESPACE)
                .withLabel("quiver.dev/function", function).list().getItems();
    }

    @Override
    public int replicas(String function, String revision) {
        return (int) pods().stream()
                .filter(pod -> revision.equals(pod.labels().get("quiver.dev/revision")) && pod.ready())
                .count();
    }

    /** The pod processes the kubelet stand-in runs in the functions' namespace. */
    List<PodProcess> pods() {
        return cluster.kubelet().pods(NAMESPACE);
    }

    @Override
    public int killReplicas(String function) {
        List<PodProcess> replicas = pods().stream()
                .filter(pod -> function.equals(pod.labels().get("quiver.dev/function"))
                        && !pod.labels().containsKey("quiver.dev/job"))
                .toList();
        replicas.forEach(pod -> cluster.kubelet().kill(NAMESPACE, pod.name()));
        return replicas.size();
    }

    @Override
    public int runningJobs(String function) {
        return (int) pods().stream()
                .filter(pod -> function.equals(pod.labels().get("quiver.dev/function"))
                        && pod.labels().containsKey("quiver.dev/job"))
                .count();
    }

    @Override
    public List<String> succeededJobs(String function) {
        return cluster.client().batch().v1().jobs().inNamespace(NAMESPACE).withLabel("quiver.dev/function", function)
                .list().getItems().stream()
                .filter(job -> job.getStatus() != null && job.getStatus().getSucceeded() != null
                        && job.getStatus().getSucceeded() > 0)
                .map(job -> job.getMetadata().getName())
                .toList();
    }

    @Override
    public String diagnostics() {
        StringBuilder text = new StringBuilder(controller.logTail(40));
        runtimes.forEach(runtime -> text.append("\n").append(runtime.logTail(40)));
        return text.toString();
    }

    @Override
    public void close() {
        runtimes.forEach(ChildProcess::close);
        controller.close();
        cluster.close();
    }
}
