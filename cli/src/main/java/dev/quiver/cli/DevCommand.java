package dev.quiver.cli;

import dev.quiver.api.Function;
import dev.quiver.api.conditions.ConditionTypes;
import dev.quiver.cli.admin.AdminClient;
import dev.quiver.cli.dev.DevFolder;
import dev.quiver.cli.dev.RuntimeJar;
import dev.quiver.cli.dev.RuntimeLaunch;
import dev.quiver.cli.dev.RuntimeOutput;
import dev.quiver.cli.view.ReadinessTracker;
import dev.quiver.cli.view.Table;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@code quiver dev [DIR]}: runs the runtime with the local platform on the functions in DIR, reports their
 * progress, prints the URLs to call, and stops the runtime (which stops its functions) on Ctrl-C.
 */
@Command(name = "dev", mixinStandardHelpOptions = true,
        description = {"Build and run the functions in DIR on this machine (each function is a subfolder with a "
                + "function.yaml), or the one function whose folder DIR is, serve them on "
                + "http://localhost:PORT/fn/NAME, and rebuild them when they change. DIR may be anywhere on disk.",
                "Ctrl-C stops the runtime and its functions."},
        footer = {"", "Examples:", "  ./quiver dev functions", "  quiver dev .   (in a function's folder, e.g. one made by quiver new)",
                "  curl -s localhost:8080/fn/hello -d '{\"name\":\"Ada\"}'"})
public class DevCommand implements Callable<Integer> {

    private static final long PROGRESS_NOTE_MILLIS = 15_000;
    /** The dashboard's port when none is asked for (the runtime's quiver.dashboard.port default too). */
    static final int DEFAULT_DASHBOARD_PORT = 8082;
    private static final String DASHBOARD_PORT_PROPERTY = "quiver.dashboard.port";

    @Parameters(index = "0", arity = "0..1", paramLabel = "DIR",
            description = "A folder of functions, or one function's folder (default: the current folder when it is a "
                    + "function's, else functions).")
    Path dir;

    @Option(names = "--port", defaultValue = "8080", description = "The gateway's port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--host", defaultValue = RuntimeLaunch.LOOPBACK, paramLabel = "ADDRESS",
            description = "The address the gateway listens on (default: ${DEFAULT-VALUE}, this machine only; "
                    + "0.0.0.0 lets anyone on your network call your functions). The admin API stays on 127.0.0.1.")
    String host;

    @Option(names = "--admin-port", defaultValue = "8081",
            description = "The admin API's port on 127.0.0.1 (default: ${DEFAULT-VALUE}).")
    int adminPort;

    @Option(names = "--dashboard-port", paramLabel = "PORT",
            description = "The web dashboard's port on 127.0.0.1 (default: " + DEFAULT_DASHBOARD_PORT + ", or a free "
                    + "port when that is taken; 0: a free port; -1: no dashboard). quiver dev prints its link.")
    Integer dashboardPort;

    @Option(names = "--runtime-jar", paramLabel = "JAR",
            description = "The runtime's quarkus-run.jar (default: env QUIVER_RUNTIME_JAR, else the checkout's "
                    + "runtime/target/quarkus-app/quarkus-run.jar).")
    Path runtimeJar;

    @Option(names = "--runtime-jvm-option", paramLabel = "OPTION",
            description = "An option of the runtime's JVM, e.g. -Xmx512m or -XX:+UseParallelGC. Repeatable.")
    List<String> jvmOptions = new ArrayList<>();

    @Option(names = "-D", paramLabel = "KEY=VALUE", description = "A configuration property for the runtime. Repeatable.")
    Map<String, String> properties = new LinkedHashMap<>();

    @Spec
    CommandSpec spec;

    /** The dashboard's link, once the runtime is up ({@link #dashboardLink}); null when it is off. */
    private Supplier<String> dashboardLine;

    /** Set once Ctrl-C or SIGTERM asked this command to stop: the runtime's exit is expected from then on. */
    private volatile boolean stopRequested;

    @Override
    public Integer call() throws IOException, InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (dir == null) {
            dir = DevFolder.defaultDir(Path.of("").toAbsolutePath());
        }
        if (!Files.isDirectory(dir)) {
            throw new ParameterException(spec.commandLine(), "there is no folder " + dir.toAbsolutePath().normalize()
                    + ": give the folder that holds your functions (each a subfolder with a function.yaml), "
                    + "or a function's own folder");
        }
        DevFolder served;
        try {
            served = DevFolder.of(dir);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCodes.FAILED, e.getMessage());
        }
        List<String> folders = served.functions();
        Path jar = runtimeJar();
        requireFreePort(port, "--port");
        requireFreePort(adminPort, "--admin-port");
        // One function is served from its parent folder: keep the work files in the function's own .quiver (a
        // -Dquiver.local.work-dir of the user's, put after it, still wins).
        Map<String, String> runtimeProperties = new LinkedHashMap<>();
        if (served.single()) {
            runtimeProperties.put("quiver.local.work-dir", served.workDir().toString());
        }
        runtimeProperties.putAll(properties);
        int dashboard = dashboardPort(out);
        runtimeProperties.put(DASHBOARD_PORT_PROPERTY, Integer.toString(dashboard));
        RuntimeLaunch launch = new RuntimeLaunch(RuntimeLaunch.currentJava(), jar, served.functionsDir(), host, port,
                adminPort, List.copyOf(jvmOptions), runtimeProperties);
        if (launch.exposed()) {
            out.println("WARNING: the gateway will listen on " + launch.effectiveHost() + ": anyone who can reach this "
                    + "machine on port " + port + " can call your functions (leave out --host to keep it local).");
        }

        if (folders.isEmpty()) {
            out.println("No functions in " + dir + " yet (no subfolder has a function.yaml).");
        }
        out.println("Starting Quiver on " + dir + ": building and running " + folders.size() + " function"
                + (folders.size() == 1 ? "" : "s") + (folders.isEmpty() ? "" : " (" + String.join(", ", folders) + ")")
                + "...");
        out.flush();
        Process runtime = new ProcessBuilder(launch.command()).start();
        // Copied through this process (not inherited) to keep its last lines for the message if it dies.
        RuntimeOutput output = RuntimeOutput.follow(runtime, System.out, System.err);
        // Ctrl-C and SIGTERM run shutdown hooks: stop the runtime so no process outlives the session.
        Thread stopper = new Thread(() -> {
            stopRequested = true;
            stop(runtime);
        }, "quiver-dev-stop");
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            Path work = Path.of(runtimeProperties.getOrDefault("quiver.local.work-dir", served.workDir().toString()));
            AdminClient admin = new AdminClient(URI.create("http://127.0.0.1:" + adminPort),
                    work.resolve(DevFolder.ADMIN_TOKEN));
            dashboardLine = dashboard < 0 ? null : dashboardLink(dashboard, work.resolve(DevFolder.ADMIN_TOKEN));
            return follow(runtime, admin, folders.size(), output);
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopper);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running already; it stops the runtime.
            }
            stop(runtime);
        }
    }

    /** Reports the runtime's start and its functions' progress until the runtime exits. */
    private int follow(Process runtime, AdminClient admin, int expectedFunctions, RuntimeOutput output)
            throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        long started = System.currentTimeMillis();
        long lastNote = started;
        while (!admin.answers()) {
            if (runtime.waitFor(250, TimeUnit.MILLISECONDS)) {
                return exited(runtime, false, output);
            }
            if (System.currentTimeMillis() - lastNote >= PROGRESS_NOTE_MILLIS) {
                lastNote = System.currentTimeMillis();
                out.println("... still starting (" + (lastNote - started) / 1000 + " s)");
                out.flush();
            }
        }
        out.println("Runtime up (admin API on " + admin.base() + "); functions:");
        if (dashboardLine != null) {
            out.println(dashboardLine.get());
        }
        out.flush();
        ReadinessTracker tracker = new ReadinessTracker(expectedFunctions);
        boolean announced = false;
        while (runtime.isAlive()) {
            List<Function> functions;
            try {
                functions = admin.functions();
            } catch (CliException e) {
                // The runtime is going away or busy; its exit ends the loop.
                runtime.waitFor(500, TimeUnit.MILLISECONDS);
                continue;
            }
            tracker.update(functions).forEach(out::println);
            if (!announced && tracker.settled()) {
                out.print(urls(functions));
                announced = true;
            }
            out.flush();
            runtime.waitFor(announced ? 1000 : 300, TimeUnit.MILLISECONDS);
        }
        return exited(runtime, announced, output);
    }

    /** Where to call each function, and one curl to try. */
    private String urls(List<Function> functions) {
        StringBuilder text = new StringBuilder("\nQuiver is serving on http://localhost:" + port + " (Ctrl-C stops it):\n");
        Table table = new Table("FUNCTION", "URL", "STATE");
        functions.stream().sorted(Comparator.comparing(f -> f.getMetadata().getName())).forEach(function -> {
            boolean ready = function.getStatus() != null && function.getStatus().isTrue(ConditionTypes.READY);
            table.row(function.getMetadata().getName(), url(function), ready ? "ready" : "not ready: ./quiver describe "
                    + function.getMetadata().getName());
        });
        text.append(table.render("  "));
        functions.stream()
                .filter(f -> f.getStatus() != null && f.getStatus().isTrue(ConditionTypes.READY))
                .map(f -> f.getMetadata().getName())
                .min(Comparator.comparing((String name) -> !name.equals("hello")).thenComparing(name -> name))
                .ifPresent(name -> text.append("\nTry:\n  curl -s localhost:").append(port).append("/fn/").append(name)
                        .append(" -d '{\"name\":\"Ada\"}'\n  ./quiver invoke ").append(name)
                        .append(" --data '{\"name\":\"Ada\"}' -v\n"));
        text.append("\nInspect and steer: ./quiver list | ./quiver describe NAME | ./quiver traffic NAME REV=PCT...\n");
        if (dashboardLine != null) {
            text.append(dashboardLine.get()).append('\n');
        }
        return text.toString();
    }

    private String url(Function function) {
        String url = function.getStatus() == null ? null : function.getStatus().url;
        return url != null ? url : "http://localhost:" + port + "/fn/" + function.getMetadata().getName();
    }

    /**
     * The runtime has exited: quietly when this command stopped it (Ctrl-C sends SIGINT to both, status 130), else
     * with its status and last lines, and a failure status even when the runtime's was 0.
     */
    private int exited(Process runtime, boolean whileServing, RuntimeOutput output) throws InterruptedException {
        int status = runtime.exitValue();
        if (stopRequested || status == 130) {
            return status;
        }
        spec.commandLine().getErr().println(RuntimeOutput.exitMessage(status, whileServing, output.lastLines()));
        spec.commandLine().getErr().flush();
        return status == 0 ? ExitCodes.FAILED : status;
    }

    /**
     * The dashboard's port: {@code --dashboard-port} or {@code -Dquiver.dashboard.port} when given (0: a free one,
     * below 0: off), else {@value #DEFAULT_DASHBOARD_PORT}, or a free port when that one is taken (a second
     * {@code quiver dev} still gets a dashboard).
     */
    private int dashboardPort(PrintWriter out) {
        Integer asked = dashboardPort;
        if (asked == null && properties.containsKey(DASHBOARD_PORT_PROPERTY)) {
            try {
                asked = Integer.parseInt(properties.get(DASHBOARD_PORT_PROPERTY).trim());
            } catch (NumberFormatException e) {
                throw new ParameterException(spec.commandLine(), DASHBOARD_PORT_PROPERTY + " must be a port number, got "
                        + properties.get(DASHBOARD_PORT_PROPERTY));
            }
        }
        if (asked != null && asked < 0) {
            return -1;
        }
        if (asked != null && asked > 0) {
            requireFreePort(asked, "--dashboard-port");
            return asked;
        }
        if (asked == null && isFree(DEFAULT_DASHBOARD_PORT)) {
            return DEFAULT_DASHBOARD_PORT;
        }
        int free = freePort();
        if (asked == null) {
            out.println("Port " + DEFAULT_DASHBOARD_PORT + " is taken: the dashboard will be on port " + free + ".");
        }
        return free;
    }

    /**
     * {@code Dashboard: http://127.0.0.1:PORT/?token=TOKEN}: the link signs the browser in (the token is the admin
     * API's, which this user may read anyway). Read when printed, since the runtime writes the token file at start.
     */
    static Supplier<String> dashboardLink(int port, Path tokenFile) {
        return () -> {
            String base = "http://127.0.0.1:" + port + "/";
            try {
                String token = Files.isRegularFile(tokenFile) ? Files.readString(tokenFile).strip() : "";
                return token.isEmpty() ? "Dashboard: " + base + " (its token is the admin token in " + tokenFile + ")"
                        : "Dashboard: " + base + "?token=" + token;
            } catch (IOException e) {
                return "Dashboard: " + base + " (its token is the admin token in " + tokenFile + ")";
            }
        };
    }

    private static boolean isFree(int candidate) {
        try (ServerSocket socket = new ServerSocket(candidate)) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILED, "no free port for the dashboard: " + e.getMessage());
        }
    }

    private Path runtimeJar() {
        Path explicit = runtimeJar;
        String env = System.getenv(RuntimeJar.ENV);
        if (explicit == null && env != null && !env.isBlank()) {
            explicit = Path.of(env);
        }
        try {
            return RuntimeJar.locate(explicit, RuntimeJar.defaultSearch());
        } catch (IllegalStateException e) {
            throw new CliException(ExitCodes.FAILED, e.getMessage());
        }
    }

    private void requireFreePort(int candidate, String option) {
        if (candidate < 1 || candidate > 65535) {
            throw new ParameterException(spec.commandLine(), option + " must be a port from 1 to 65535, got " + candidate);
        }
        try (ServerSocket socket = new ServerSocket(candidate)) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new CliException(ExitCodes.FAILED, "port " + candidate + " is already in use (another ./quiver dev?): "
                    + "stop what uses it or pick another with " + option);
        }
    }

    /** Stops the runtime: SIGTERM so it drains and stops its functions; after 30 s, kill what is left. */
    private static void stop(Process runtime) {
        if (!runtime.isAlive()) {
            return;
        }
        System.err.println("Stopping the Quiver runtime and its functions...");
        runtime.destroy();
        try {
            if (!runtime.waitFor(30, TimeUnit.SECONDS)) {
                runtime.descendants().forEach(ProcessHandle::destroyForcibly);
                runtime.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
