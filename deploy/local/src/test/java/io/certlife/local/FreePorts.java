package io.certlife.local;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for the processes the ITs start. They are taken below the kernel's ephemeral range: a port the kernel hands
 * out for a port-0 bind or an outgoing connection (a Kafka client's, say) can be taken by such a connection between
 * our check and the service's bind, which made a service fail to start with "port in use". Ports handed out once in
 * this JVM are not handed out again.
 */
final class FreePorts {

    private static final Set<Integer> GIVEN = new HashSet<>();

    private FreePorts() {
    }

    static int one() {
        return consecutive(1);
    }

    /** The first of {@code count} consecutive ports that are free now. */
    static synchronized int consecutive(int count) {
        int ephemeralStart = ephemeralRangeStart();
        int low = 10_000;
        for (int attempt = 0; attempt < 200; attempt++) {
            int first = ThreadLocalRandom.current().nextInt(low, Math.max(low + 1_000, ephemeralStart - count));
            boolean free = true;
            for (int port = first; port < first + count && free; port++) {
                free = !GIVEN.contains(port) && bindable(port);
            }
            if (free) {
                for (int port = first; port < first + count; port++) {
                    GIVEN.add(port);
                }
                return first;
            }
        }
        throw new IllegalStateException("no " + count + " consecutive free ports below " + ephemeralStart);
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket(port)) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The start of Linux's ephemeral port range (32768 unless configured otherwise). */
    private static int ephemeralRangeStart() {
        // read as a stream: /proc reports a size that Files.readString trusts and cuts the text to
        try (var reader = Files.newBufferedReader(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))) {
            return Integer.parseInt(reader.readLine().strip().split("\\s+")[0]);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }
}
