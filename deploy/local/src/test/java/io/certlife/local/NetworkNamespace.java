package io.certlife.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A network namespace of the test's own, joined to this machine by a veth pair on a test network nothing else uses
 * ({@value #HOST_ADDRESS} at the host's end, {@value #NAMESPACE_ADDRESS} inside): a process started with
 * {@link #wrapper()} reaches the servers on the host's end only over that pair, so a test can cut the link or make it
 * lossy and slow for that process alone while the rest of the system goes on. Needs root, {@code iproute2} and
 * {@code iptables}; when one is missing, {@link #create} fails naming the package.
 * <p>
 * The kernel of the build machines has no {@code sch_netem} ("Specified qdisc kind is unknown"), so a bad link is made
 * of what it has: 5% of the packets dropped each way ({@code iptables -m statistic}) and a 2 Mbit/s token bucket that
 * queues up to 300 ms ({@code tc tbf}), not a fixed added delay.
 */
final class NetworkNamespace implements AutoCloseable {

    static final String HOST_ADDRESS = "10.231.0.1";
    static final String NAMESPACE_ADDRESS = "10.231.0.2";
    private static final String HOST_END = "clf-host";
    private static final String NAMESPACE_END = "clf-ns";

    private final String name;

    private NetworkNamespace(String name) {
        this.name = name;
    }

    /** Makes the namespace and its link (replacing one an aborted run left behind), both ends up. */
    static NetworkNamespace create(String name) {
        requirePeer("ip", "-V", "iproute2");
        requirePeer("iptables", "--version", "iptables");
        run(false, "ip", "netns", "del", name);
        run(false, "ip", "link", "del", HOST_END);
        NetworkNamespace namespace = new NetworkNamespace(name);
        run(true, "ip", "netns", "add", name);
        run(true, "ip", "link", "add", HOST_END, "type", "veth", "peer", "name", NAMESPACE_END);
        run(true, "ip", "link", "set", NAMESPACE_END, "netns", name);
        run(true, "ip", "addr", "add", HOST_ADDRESS + "/24", "dev", HOST_END);
        run(true, "ip", "link", "set", HOST_END, "up");
        namespace.inside("ip", "link", "set", "lo", "up");
        namespace.inside("ip", "addr", "add", NAMESPACE_ADDRESS + "/24", "dev", NAMESPACE_END);
        namespace.inside("ip", "link", "set", NAMESPACE_END, "up");
        return namespace;
    }

    /** The command-line prefix that runs a program inside the namespace. */
    List<String> wrapper() {
        return List.of("ip", "netns", "exec", name);
    }

    /** Takes the namespace's end of the link down for {@code duration}: its processes reach nothing but themselves. */
    void cut(Duration duration) throws InterruptedException {
        inside("ip", "link", "set", NAMESPACE_END, "down");
        try {
            Thread.sleep(duration.toMillis());
        } finally {
            inside("ip", "link", "set", NAMESPACE_END, "up");
        }
    }

    /** For {@code duration}, drops 5% of the packets each way and slows the namespace's end to 2 Mbit/s. */
    void degrade(Duration duration) throws InterruptedException {
        for (String chain : List.of("INPUT", "OUTPUT")) {
            inside("iptables", "-A", chain, "-m", "statistic", "--mode", "random", "--probability", "0.05", "-j", "DROP");
        }
        inside("tc", "qdisc", "add", "dev", NAMESPACE_END, "root", "tbf", "rate", "2mbit", "burst", "32kbit", "latency", "300ms");
        try {
            Thread.sleep(duration.toMillis());
        } finally {
            inside("tc", "qdisc", "del", "dev", NAMESPACE_END, "root");
            inside("iptables", "-F");
        }
    }

    private void inside(String... command) {
        List<String> all = new ArrayList<>(wrapper());
        all.addAll(List.of(command));
        run(true, all.toArray(String[]::new));
    }

    /** Deletes the namespace, which takes both ends of the link with it. */
    @Override
    public void close() {
        run(false, "ip", "netns", "del", name);
    }

    private static void requirePeer(String program, String versionFlag, String debianPackage) {
        try {
            Process process = new ProcessBuilder(program, versionFlag).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            if (process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0) {
                return;
            }
        } catch (IOException e) {
            // not installed: the failure below names the package
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("the network faults need `" + program + "`: install the Debian package "
                + debianPackage + " (apt-get install -y " + debianPackage + ") and run as root");
    }

    private static void run(boolean mustSucceed, String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(String.join(" ", command) + " did not finish within 30 s");
            }
            if (mustSucceed && process.exitValue() != 0) {
                throw new IllegalStateException(String.join(" ", command) + " failed (run the fault suite's network "
                        + "faults as root): " + output.strip());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + String.join(" ", command), e);
        }
    }
}
