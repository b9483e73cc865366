package dev.quiver.standin;

import dev.quiver.standin.testing.Ports;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.CustomResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * A cluster that runs inside a test: the fabric8 mock API server in CRUD mode on a free {@code 127.0.0.1} port, with
 * Quiver's CRDs applied and a {@link Kubelet} stand-in that turns Deployments and Jobs into pods run as local
 * processes, Services into EndpointSlices, and collects orphans. A test component, never shipped.
 */
public final class ClusterStandIn implements AutoCloseable {

    private static final String CRD_FOLDER = "META-INF/fabric8/";

    /**
     * Built-in kinds whose status is a subresource on a real API server: the mock keeps their status on a PUT of the
     * whole object only when it knows that, so controllers updating a Deployment do not wipe what the kubelet wrote.
     */
    private static final List<CustomResourceDefinitionContext> STATUS_SUBRESOURCES = List.of(
            context("apps", "v1", "deployments", "Deployment"),
            context("batch", "v1", "jobs", "Job"),
            context(null, "v1", "pods", "Pod"));

    private final KubernetesMockServer server;
    private final KubernetesClient client;
    private final Path workDir;
    private final Kubelet kubelet;

    private ClusterStandIn(KubernetesMockServer server, KubernetesClient client, Path workDir, Kubelet kubelet) {
        this.server = server;
        this.client = client;
        this.workDir = workDir;
        this.kubelet = kubelet;
    }

    /**
     * Starts the API server on a free {@code 127.0.0.1} port, applies the CRDs found on the classpath
     * ({@code META-INF/fabric8/*-v1.yml}, from the crds jar) and starts the kubelet stand-in.
     *
     * @param workDir where pods keep their unpacked images, files and logs, and where kubeconfigs are written
     */
    public static ClusterStandIn start(Path workDir) {
        try {
            Files.createDirectories(workDir);
            ApiDispatcher dispatcher = new ApiDispatcher(STATUS_SUBRESOURCES);
            KubernetesMockServer server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(),
                    dispatcher, false);
            server.init(InetAddress.getByName("127.0.0.1"), Ports.freePort());
            try {
                KubernetesClient client = server.createClient();
                applyCrds(client);
                Kubelet kubelet = new Kubelet(client, workDir.toAbsolutePath());
                dispatcher.serveLogsFrom(kubelet::log);
                kubelet.start();
                return new ClusterStandIn(server, client, workDir.toAbsolutePath(), kubelet);
            } catch (IOException | RuntimeException e) {
                server.destroy();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A client of the API server (default namespace {@code test}). */
    public KubernetesClient client() {
        return client;
    }

    /** The API server's URL, {@code http://127.0.0.1:PORT/}. */
    public String apiServerUrl() {
        // 127.0.0.1 rather than "localhost": the server listens on IPv4 loopback only.
        return "http://127.0.0.1:" + server.getPort() + "/";
    }

    /**
     * Writes a kubeconfig for other processes (the controller, the runtime, the CLI): this API server, TLS checks
     * off, any token, the given default namespace.
     */
    public Path kubeconfig(String namespace) {
        Path file = workDir.resolve("kubeconfig-" + namespace + ".yaml");
        String yaml = String.join("\n",
                "apiVersion: v1",
                "kind: Config",
                "clusters:",
                "- name: standin",
                "  cluster:",
                "    server: " + apiServerUrl(),
                "    insecure-skip-tls-verify: true",
                "users:",
                "- name: standin",
                "  user:",
                "    token: standin-token",
                "contexts:",
                "- name: standin",
                "  context:",
                "    cluster: standin",
                "    user: standin",
                "    namespace: " + namespace,
                "current-context: standin",
                "");
        try {
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    /** The kubelet stand-in: the pods it runs. */
    public Kubelet kubelet() {
        return kubelet;
    }

    /** Stops every pod process (SIGTERM, then SIGKILL), closes the watches and stops the API server. */
    @Override
    public void close() {
        try {
            kubelet.close();
        } finally {
            client.close();
            server.destroy();
        }
    }

    private static void applyCrds(KubernetesClient client) throws IOException {
        for (String resource : crdResources()) {
            try (InputStream in = ClusterStandIn.class.getClassLoader().getResourceAsStream(resource)) {
                CustomResourceDefinition crd = client.getKubernetesSerialization().unmarshal(in, CustomResourceDefinition.class);
                client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
            }
        }
    }

    /** The CRD files on the classpath, from folders and jars alike. */
    static List<String> crdResources() throws IOException {
        TreeSet<String> names = new TreeSet<>();
        for (URL url : Collections.list(ClusterStandIn.class.getClassLoader().getResources(CRD_FOLDER))) {
            if ("file".equals(url.getProtocol())) {
                try (Stream<Path> files = Files.list(Path.of(url.toURI()))) {
                    files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith("-v1.yml"))
                            .forEach(n -> names.add(CRD_FOLDER + n));
                } catch (URISyntaxException e) {
                    throw new IOException(e);
                }
            } else if ("jar".equals(url.getProtocol())) {
                JarURLConnection connection = (JarURLConnection) url.openConnection();
                connection.setUseCaches(false);
                try (JarFile jar = connection.getJarFile()) {
                    jar.stream().map(e -> e.getName())
                            .filter(n -> n.startsWith(CRD_FOLDER) && n.endsWith("-v1.yml") && n.indexOf('/', CRD_FOLDER.length()) < 0)
                            .forEach(names::add);
                }
            }
        }
        if (names.isEmpty()) {
            throw new IllegalStateException("no CRDs (" + CRD_FOLDER + "*-v1.yml) on the classpath; is quiver-crds a dependency?");
        }
        return new ArrayList<>(names);
    }

    private static CustomResourceDefinitionContext context(String group, String version, String plural, String kind) {
        return new CustomResourceDefinitionContext.Builder().withGroup(group).withVersion(version).withPlural(plural)
                .withKind(kind).withScope("Namespaced").withStatusSubresource(true).build();
    }
}
