package dev.quiver.standin;

import io.fabric8.kubernetes.api.model.Pod;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * Pod IPs: each pod gets a loopback address of its own, {@code 127.B.x.y} with B random per stand-in (so that two
 * stand-ins on one machine rarely meet), where every port the pod declares can be bound.
 */
final class LoopbackAddresses {

    private final int base = 16 + new SecureRandom().nextInt(224);
    private int next;

    /** A free address for the pod's ports (8080 when it declares none). */
    synchronized String allocate(Pod pod) {
        List<Integer> ports = new ArrayList<>();
        pod.getSpec().getContainers().forEach(c -> {
            if (c.getPorts() != null) {
                c.getPorts().forEach(p -> ports.add(p.getContainerPort()));
            }
        });
        if (ports.isEmpty()) {
            ports.add(8080);
        }
        for (int attempt = 0; attempt < 1000; attempt++) {
            int n = next++;
            String ip = "127." + base + "." + (n / 250 % 250) + "." + (n % 250 + 2);
            if (bindable(ip, ports)) {
                return ip;
            }
        }
        throw new IllegalStateException("no free loopback address for pod " + pod.getMetadata().getName());
    }

    private static boolean bindable(String ip, List<Integer> ports) {
        for (int port : ports) {
            try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(ip))) {
                socket.setReuseAddress(true);
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
