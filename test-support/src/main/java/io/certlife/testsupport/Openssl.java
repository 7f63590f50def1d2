package io.certlife.testsupport;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The openssl command line as a real peer in tests. A machine without openssl fails the test, naming the package to
 * install: a peer check never passes by not running.
 */
public final class Openssl {

    private Openssl() {
    }

    /**
     * Starts {@code openssl args...} as a server (an OCSP responder, say) writing its output to {@code log}; the caller
     * stops it.
     *
     * @throws AssertionError when openssl is missing
     */
    public static Process start(String check, Path log, String... args) {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        try {
            return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            throw missing(check, e);
        }
    }

    /**
     * Runs {@code openssl args...} with these extra environment variables (for passwords, never on the command line).
     *
     * @param check what the run checks, for the message when openssl cannot run
     * @return openssl's output (stdout and stderr)
     * @throws AssertionError when openssl is missing, or exits with another code than 0 (with its output)
     */
    public static String run(String check, Map<String, String> environment, String... args) throws InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process openssl;
        try {
            openssl = builder.start();
        } catch (IOException e) {
            throw missing(check, e);
        }
        String out;
        try {
            out = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("cannot read the output of " + command, e);
        }
        if (openssl.waitFor() != 0) {
            throw new AssertionError(String.join(" ", command) + " exited with " + openssl.exitValue() + ":\n" + out);
        }
        return out;
    }

    private static AssertionError missing(String check, IOException e) {
        return new AssertionError(check + " needs the openssl command: install the package 'openssl' (apt-get install -y openssl)", e);
    }
}
