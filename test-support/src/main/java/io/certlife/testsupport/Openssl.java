package io.certlife.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The openssl command line as a real peer in tests. Where openssl is not installed the check does not run, and
 * the test output says so.
 */
public final class Openssl {

    private Openssl() {
    }

    /**
     * Runs {@code openssl args...} with these extra environment variables (for passwords, never on the command line).
     *
     * @param check what the run checks, for the message printed when openssl is missing
     * @return openssl's output (stdout and stderr), or empty when openssl is missing
     * @throws AssertionError when openssl exits with another code than 0, with its output
     */
    public static Optional<String> run(String check, Map<String, String> environment, String... args)
            throws InterruptedException {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process openssl;
        try {
            openssl = builder.start();
        } catch (IOException e) {
            System.out.println("openssl not found on this machine: " + check + " did not run");
            return Optional.empty();
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
        return Optional.of(out);
    }
}
