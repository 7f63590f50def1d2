package io.certlife.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** The JDK's keytool as a peer: how a Java server's operator reads a PFX certlife delivered. */
public final class Keytool {

    private Keytool() {
    }

    /**
     * {@code keytool -list -v} of a PKCS#12 file; the password goes through the environment, never the command line.
     *
     * @throws AssertionError when keytool exits with another code than 0 (with its output)
     */
    public static String list(Path pkcs12, String password) throws IOException, InterruptedException {
        ProcessBuilder keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(), "-list",
                "-v", "-keystore", pkcs12.toString(), "-storetype", "PKCS12", "-storepass:env", "PFX_PASSWORD").redirectErrorStream(true);
        keytool.environment().put("PFX_PASSWORD", password);
        Process listing = keytool.start();
        String out = new String(listing.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (listing.waitFor() != 0) {
            throw new AssertionError("keytool -list exited with " + listing.exitValue() + ":\n" + out);
        }
        return out;
    }
}
