package io.certlife.local;

import io.certlife.testsupport.CpuTime;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Each service's (and the console's) time from launch to its first ready answer and its resident memory, started alone
 * (the rest of the system running), beside a bare Quarkus REST application ({@code deploy/bare-quarkus}: same Quarkus,
 * same reactor, started the same way by {@link ServiceProcess}) measured in the same run; each start {@code
 * bench.starts} times (3), the median. Then the resident memory after the demo's load beside the bare application's
 * after as many requests. Prints figures and ratios, asserts no time (run: see the README).
 */
@Tag("benchmark")
class FootprintBenchmark {

    private static final String BARE = "deploy/bare-quarkus";
    private static final int BARE_REQUESTS = 10_000;

    /**
     * Every JVM (services, console, the bare application) tracks its native memory, so that its resident memory can be
     * taken apart ({@code jcmd VM.native_memory}; the tracking itself costs a few MB, alike for all), and logs how long
     * each of Quarkus' start-up steps took (a system property only: Quarkus reads it before its configuration).
     */
    private static final Map<String, String> DIAGNOSTICS = Map.of("JAVA_TOOL_OPTIONS",
            "-XX:NativeMemoryTracking=summary -Dquarkus.debug.print-startup-times=true");
    private static final Pattern STEP = Pattern.compile("Build step (\\S+) completed in: (\\d+)ms");
    private static final Pattern COMMITTED = Pattern.compile("^-\\s+(.+?) \\(reserved=\\d+KB, committed=(\\d+)KB\\)", Pattern.MULTILINE);

    @RegisterExtension
    static final LocalSystemExtension LOCAL = new LocalSystemExtension(Optional.empty(), () -> DIAGNOSTICS);

    @Test
    void eachServiceBesideABareQuarkusApplication() throws Exception {
        int starts = Integer.getInteger("bench.starts", 3);
        LocalSystem system = LOCAL.system();
        Path home = LocalSystemExtension.home();

        // the bare application, started alone the same way: median of the starts; the last one stays for the load
        long[] bareStart = new long[starts];
        long[] bareRss = new long[starts];
        long[] bareCpu = new long[starts];
        long[] bareClasses = new long[starts];
        ServiceProcess bare = null;
        int port = FreePorts.one();
        try {
            for (int i = 0; i < starts; i++) {
                if (bare != null) {
                    bare.close();
                }
                long launched = System.nanoTime();
                Map<String, String> environment = new java.util.HashMap<>(DIAGNOSTICS);
                environment.put("QUARKUS_HTTP_HOST", "127.0.0.1");
                bare = ServiceProcess.start(home, BARE, List.of(), "127.0.0.1", port, environment, LOCAL.dataDir().resolve("logs/bare-" + i));
                bare.awaitReady(Duration.ofSeconds(60));
                bareStart[i] = System.nanoTime() - launched;
                bareRss[i] = bare.residentKb();
                bareCpu[i] = CpuTime.process(bare.pid());
                bareClasses[i] = classesLoaded(bare.pid());
            }
            Map<String, long[]> startTimes = new LinkedHashMap<>();
            Map<String, long[]> startRss = new LinkedHashMap<>();
            Map<String, long[]> startCpu = new LinkedHashMap<>();
            Map<String, long[]> startClasses = new LinkedHashMap<>();
            List<String> names = new ArrayList<>(LocalSystem.SERVICES);
            names.add(LocalSystem.CONSOLE);
            for (String name : names) {
                long[] times = new long[starts];
                long[] rss = new long[starts];
                long[] cpu = new long[starts];
                long[] classes = new long[starts];
                for (int i = 0; i < starts; i++) {
                    times[i] = system.restart(name).toNanos();
                    rss[i] = system.residentKb(name);
                    cpu[i] = CpuTime.process(system.pid(name));
                    classes[i] = classesLoaded(system.pid(name));
                }
                startTimes.put(name, times);
                startRss.put(name, rss);
                startCpu.put(name, cpu);
                startClasses.put(name, classes);
            }

            // the demo's load on the services; as many requests to the bare application's one endpoint
            Demo demo = new Demo(system, Optional.empty());
            demo.load(LOCAL.dataDir());
            demo.progress(Duration.ofSeconds(90));
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest hello = HttpRequest.newBuilder(URI.create(bare.baseUrl() + "/hello")).build();
            for (int i = 0; i < BARE_REQUESTS; i++) {
                http.send(hello, HttpResponse.BodyHandlers.discarding());
            }
            long bareLoaded = bare.residentKb();

            double bareMs = median(bareStart) / 1e6;
            double bareMb = median(bareRss) / 1024.0;
            System.out.printf("%nFootprint, started alone (median of %d starts; -Xmx384m, as the launcher starts them)%n", starts);
            System.out.printf("  %-20s %9s %6s %11s %6s %17s %6s%n", "", "to ready", "ratio", "RSS start", "ratio", "RSS after load",
                    "ratio");
            System.out.printf("  %-20s %,7.0f ms %6s %,8.0f MB %6s %,14.0f MB %6s   (load: %,d GET /hello)%n", "bare Quarkus", bareMs,
                    "", bareMb, "", bareLoaded / 1024.0, "", BARE_REQUESTS);
            boolean met = true;
            for (String name : names) {
                double ms = median(startTimes.get(name)) / 1e6;
                double mb = median(startRss.get(name)) / 1024.0;
                double loaded = system.residentKb(name) / 1024.0;
                met &= ms / bareMs <= 1.5 && mb / bareMb <= 1.5 && loaded / (bareLoaded / 1024.0) <= 1.5;
                System.out.printf("  %-20s %,7.0f ms %5.2fx %,8.0f MB %5.2fx %,14.0f MB %5.2fx%n", name, ms, ms / bareMs, mb,
                        mb / bareMb, loaded, loaded * 1024.0 / bareLoaded);
            }
            System.out.printf("  every ratio at most 1.5x -> %s%n", met ? "met" : "NOT met");

            // what a start is made of: the JVM's CPU until ready (on two cores: a start is mostly work, not waiting) and the
            // classes it loaded by then (loading, linking and initializing them is most of that work)
            System.out.printf("%nWhat a start costs (medians): CPU used until ready, classes loaded by then%n");
            System.out.printf("  %-20s %,7.0f ms %17s %,8.0f%n", "bare Quarkus", median(bareCpu) / 1e6, "", median(bareClasses));
            for (String name : names) {
                double cpu = median(startCpu.get(name));
                double classes = median(startClasses.get(name));
                System.out.printf("  %-20s %,7.0f ms CPU %5.2fx %,8.0f classes %5.2fx%n", name, cpu / 1e6, cpu / median(bareCpu),
                        classes, classes / median(bareClasses));
            }

            // where it goes: the slowest start-up steps of the last start, and the resident memory by JVM category
            System.out.printf("%nThe slowest Quarkus start-up steps (last start, ms) and committed memory by category (after load, MB)%n");
            System.out.printf("  %-20s %s%n  %-20s %s%n", "bare Quarkus", slowestSteps(bare.log()), "", memory(bare.pid()));
            for (String name : names) {
                System.out.printf("  %-20s %s%n  %-20s %s%n", name, slowestSteps(system.log(name)), "", memory(system.pid(name)));
            }
        } finally {
            if (bare != null) {
                bare.close();
            }
        }
    }

    /** The five slowest start-up steps in the log's last start, with their sum and the sum of all steps. */
    private static String slowestSteps(Path log) throws java.io.IOException {
        String text = Files.readString(log);
        int lastStart = Math.max(0, text.lastIndexOf("LoggingResourceProcessor.setupLoggingStaticInit"));
        Matcher steps = STEP.matcher(text.substring(lastStart));
        List<Map.Entry<String, Integer>> all = new ArrayList<>();
        while (steps.find()) {
            all.add(Map.entry(steps.group(1), Integer.parseInt(steps.group(2))));
        }
        all.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
        int total = all.stream().mapToInt(Map.Entry::getValue).sum();
        return all.stream().limit(5).map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "))
                + " (all " + all.size() + " steps: " + total + " ms)";
    }

    /** Classes the JVM has loaded and not unloaded, from its performance counters. */
    private static long classesLoaded(long pid) throws Exception {
        String out = jcmd(pid, "PerfCounter.print");
        return counter(out, "java.cls.loadedClasses") - counter(out, "java.cls.unloadedClasses");
    }

    private static long counter(String perfCounters, String name) {
        Matcher value = Pattern.compile("^" + Pattern.quote(name) + "=(\\d+)$", Pattern.MULTILINE).matcher(perfCounters);
        if (!value.find()) {
            throw new IllegalStateException("no performance counter " + name + " in: " + perfCounters.lines().findFirst().orElse(""));
        }
        return Long.parseLong(value.group(1));
    }

    /** The JVM's committed memory by native memory tracking category, the largest first (categories over 5 MB). */
    private static String memory(long pid) throws Exception {
        String out = jcmd(pid, "VM.native_memory", "summary");
        Matcher categories = COMMITTED.matcher(out);
        List<Map.Entry<String, Long>> all = new ArrayList<>();
        while (categories.find()) {
            all.add(Map.entry(categories.group(1).trim(), Long.parseLong(categories.group(2))));
        }
        if (all.isEmpty()) {
            return "(no native memory summary: " + out.lines().findFirst().orElse("") + ")";
        }
        all.sort(Map.Entry.<String, Long>comparingByValue().reversed());
        return all.stream().filter(e -> e.getValue() > 5 * 1024).map(e -> String.format("%s %.0f", e.getKey(), e.getValue() / 1024.0))
                .collect(Collectors.joining(", "));
    }

    /** What this JDK's {@code jcmd} answers for a command to the JVM of {@code pid}. */
    private static String jcmd(long pid, String... command) throws Exception {
        List<String> line = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                String.valueOf(pid)));
        line.addAll(List.of(command));
        Process jcmd = new ProcessBuilder(line).redirectErrorStream(true).start();
        String out = new String(jcmd.getInputStream().readAllBytes());
        jcmd.waitFor();
        return out;
    }

    private static double median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2.0;
    }
}
