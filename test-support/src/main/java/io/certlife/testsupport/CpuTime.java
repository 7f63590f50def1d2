package io.certlife.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where a benchmark's CPU went: this JVM's threads by name and the PostgreSQL server's processes, read from the JVM and
 * from {@code /proc} (Linux; elsewhere PostgreSQL's share reads 0). Threads that ended between two readings are missing
 * from both, and so is their CPU.
 */
public final class CpuTime {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean JVM =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    /** The kernel's clock ticks per second, the unit of {@code /proc/<pid>/stat}'s CPU times. */
    private static final long CLOCK_TICKS = clockTicks();

    private CpuTime() {
    }

    /** CPU time so far of this JVM's live threads, in nanoseconds, summed by name with its digits dropped ("executor-thread-"). */
    public static Map<String, Long> threads() {
        Map<String, Long> byName = new HashMap<>();
        for (long id : THREADS.getAllThreadIds()) {
            ThreadInfo info = THREADS.getThreadInfo(id);
            long cpu = THREADS.getThreadCpuTime(id);
            if (info != null && cpu > 0) {
                byName.merge(info.getThreadName().replaceAll("\\d+", ""), cpu, Long::sum);
            }
        }
        return byName;
    }

    /** The CPU each name used between two readings of {@link #threads()}, in nanoseconds. */
    public static Map<String, Long> since(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> used = new HashMap<>();
        after.forEach((name, cpu) -> used.put(name, cpu - before.getOrDefault(name, 0L)));
        return used;
    }

    /** The CPU a span of work used: this JVM's in all and by thread name ({@link #threads()}), and PostgreSQL's, in nanoseconds. */
    public record Used(Map<String, Long> threads, long jvm, long postgres) {
    }

    /** Starts measuring now; {@link Span#stop()} says what was used since. */
    public static Span start(Postgres server) {
        return new Span(server);
    }

    /** A span of work being measured ({@link #start}). */
    public static final class Span {
        private final Postgres server;
        private final Map<String, Long> threadsBefore = threads();
        private final long jvmBefore = JVM.getProcessCpuTime();
        private final long postgresBefore;

        private Span(Postgres server) {
            this.server = server;
            this.postgresBefore = server.nanos();
        }

        public Used stop() {
            return new Used(since(threadsBefore, threads()), JVM.getProcessCpuTime() - jvmBefore, server.nanos() - postgresBefore);
        }
    }

    /**
     * The PostgreSQL server a connection is served by: its postmaster and every process it started (the connections'
     * backends, the WAL writer, the checkpointer).
     */
    public static final class Postgres {
        private final long postmaster;

        private Postgres(long postmaster) {
            this.postmaster = postmaster;
        }

        /** The server behind this connection (found from its backend's parent process; none when not on this machine). */
        public static Postgres of(Connection connection) throws SQLException {
            try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery("select pg_backend_pid()")) {
                row.next();
                String[] backend = stat(Path.of("/proc", String.valueOf(row.getLong(1))));
                return new Postgres(backend == null ? -1 : Long.parseLong(backend[2]));
            }
        }

        /** CPU time used so far by the server's processes that are still running, in nanoseconds. */
        public long nanos() {
            if (postmaster < 0) {
                return 0;
            }
            long ticks = 0;
            try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
                for (Path process : (Iterable<Path>) processes::iterator) {
                    String[] stat = stat(process);
                    if (stat != null && (Long.parseLong(stat[0]) == postmaster || Long.parseLong(stat[2]) == postmaster)) {
                        ticks += ticks(stat);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return ticks * 1_000_000_000L / CLOCK_TICKS;
        }
    }

    /** CPU time used so far by one process of this machine (user and system), in nanoseconds; 0 when it has ended. */
    public static long process(long pid) {
        String[] stat = stat(Path.of("/proc", String.valueOf(pid)));
        return stat == null ? 0 : ticks(stat) * 1_000_000_000L / CLOCK_TICKS;
    }

    /** A process's user and system CPU time from its {@link #stat}, in clock ticks. */
    private static long ticks(String[] stat) {
        return Long.parseLong(stat[12]) + Long.parseLong(stat[13]);
    }

    private static long clockTicks() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
            return Long.parseLong(new String(getconf.getInputStream().readAllBytes()).trim());
        } catch (IOException | NumberFormatException e) {
            return 100;
        }
    }

    /** The fields of {@code /proc/<pid>/stat} after the command (pid first, then state, ppid, ...), or null. */
    private static String[] stat(Path process) {
        if (!process.getFileName().toString().chars().allMatch(Character::isDigit)) {
            return null;
        }
        try {
            String line = Files.readString(process.resolve("stat"));
            String pid = line.substring(0, line.indexOf(' '));
            return (pid + line.substring(line.lastIndexOf(')') + 1)).split(" ");
        } catch (IOException e) {
            return null; // the process ended
        }
    }
}
