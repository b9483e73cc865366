package dev.quiver.standin.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Free loopback ports and waiting for a process to listen on one: the helpers every process fixture needs. */
public final class Ports {

    private Ports() {
    }

    /** A port free on the loopback address now (the OS picks it; a process started next binds it). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    /**
     * This many ports free on the loopback address now, all different: each is held until every one is picked, since
     * the OS may hand a port that was just closed out again (a process given two equal ports binds one of them twice).
     */
    public static int[] freePorts(int count) {
        ServerSocket[] held = new ServerSocket[count];
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                held[i] = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ports[i] = held[i].getLocalPort();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback ports", e);
        } finally {
            for (ServerSocket socket : held) {
                closeQuietly(socket);
            }
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        if (socket == null) {
            return;
        }
        try {
            socket.close();
        } catch (IOException ignored) {
            // the port is given back either way
        }
    }

    /** Whether something accepts connections on {@code 127.0.0.1:port} now. */
    public static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    /**
     * Waits until something accepts connections on {@code 127.0.0.1:port}, failing with {@code what} and the
     * process's log when the time is up or when {@code alive} turns false (the process exited: no use waiting).
     */
    public static void awaitListening(int port, Duration atMost, BooleanSupplier alive, String what) {
        Instant deadline = Instant.now().plus(atMost);
        while (Instant.now().isBefore(deadline)) {
            if (!alive.getAsBoolean()) {
                throw new IllegalStateException(what + " exited before it listened on port " + port);
            }
            if (listening(port)) {
                return;
            }
            sleep(50);
        }
        throw new IllegalStateException(what + " did not listen on port " + port + " within " + atMost.toSeconds() + " s");
    }

    /** Sleeps, keeping the interrupt for the caller. */
    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
