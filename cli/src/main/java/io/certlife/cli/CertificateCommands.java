package io.certlife.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "certs", description = "Certificates in the inventory.")
final class CertificateCommands {

    static final Output.Column[] COLUMNS = {Output.col("THUMBPRINT", "thumbprintSha1"), Output.col("SUBJECT", "subject"),
            Output.col("NOT AFTER", "notAfter"), Output.col("ISSUER", "issuer"), Output.col("GEN", "generation"),
            Output.col("SOURCE", "source")};

    @ParentCommand
    Certlife root;

    @Command(name = "list", description = "Certificates, soonest expiry first.")
    int list(@Option(names = "--expiring", paramLabel = "DAYS", description = "only those expiring within, e.g. 30d "
                     + "(expired ones included)") String expiring,
             @Option(names = "--server", paramLabel = "FQDN", description = "only those intended or pending for the "
                     + "server's slots") String server,
             @Option(names = "--name", paramLabel = "TEXT", description = "only those with TEXT (3 characters or more) in the "
                     + "common name or a subject alternative name") String name,
             @Option(names = "--limit", defaultValue = "1000", description = "at most this many (default: ${DEFAULT-VALUE})")
             int limit,
             @Mixin Output output) {
        output.print(root.out(), root.api().get(root.inventory, Api.path("/certificates", "size", String.valueOf(limit),
                "expiringWithin", expiring, "server", server, "name", name)), COLUMNS);
        return 0;
    }

    @Command(name = "show", description = "One certificate by SHA-1 thumbprint or SHA-256 fingerprint.")
    int show(@Parameters(paramLabel = "THUMBPRINT") String thumbprint, @Mixin Output output) {
        JsonNode certificate = byThumbprint(root, thumbprint);
        output.print(root.out(), certificate, Output.col("THUMBPRINT", "thumbprintSha1"), Output.col("ID", "id"),
                Output.col("SUBJECT", "subject"), Output.col("SANS", "subjectAltNames"), Output.col("NOT BEFORE", "notBefore"),
                Output.col("NOT AFTER", "notAfter"), Output.col("KEY", "keyAlgorithm"), Output.col("BITS", "keySize"),
                Output.col("ISSUER", "issuer"), Output.col("REPLACES", "replacesId"), Output.col("RENEWAL AT", "renewalTime"));
        return 0;
    }

    @Command(name = "get", description = "A certificate itself, as its servers need it: PEM (with --chain, its chain after "
            + "it, leaf first) or DER (--der), to stdout or a file.")
    int get(@Parameters(paramLabel = "ID-OR-THUMBPRINT") String idOrThumbprint,
            @Option(names = "--chain", description = "the chain after the certificate, as far as the inventory knows it") boolean chain,
            @Option(names = "--der", description = "the certificate alone, DER") boolean der,
            @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "write to this file") Path file) {
        if (der && chain) {
            throw new ApiException(ApiException.USER_ERROR, "DER holds one certificate: --chain goes with PEM");
        }
        String id = RenewalCommands.certificateId(root, idOrThumbprint);
        byte[] content = root.api().download(root.inventory, "/certificates/" + id,
                der ? "application/pkix-cert" : "application/x-pem-file");
        if (!der && !chain) {
            String pem = new String(content, StandardCharsets.US_ASCII);
            String end = "-----END CERTIFICATE-----\n";
            content = pem.substring(0, pem.indexOf(end) + end.length()).getBytes(StandardCharsets.US_ASCII);
        }
        if (file != null) {
            RenewalCommands.write(file, content, false);
            root.out().println("written to " + file);
        } else if (der) {
            throw new ApiException(ApiException.USER_ERROR, "DER is binary: write it to a file with -o FILE");
        } else {
            root.out().print(new String(content, StandardCharsets.US_ASCII));
            root.out().flush();
        }
        return 0;
    }

    @Command(name = "import", description = "Import certificate files: PEM, DER, PKCS#7 (.p7b), PKCS#12 (.pfx/.p12). "
            + "All or nothing. The inventory never keeps a private key.")
    int importFiles(@Parameters(paramLabel = "FILE", arity = "1..*") List<Path> files,
                    @Option(names = "--password-file", paramLabel = "FILE", description = "the PKCS#12 password, read from "
                            + "this file (or the CERTLIFE_PFX_PASSWORD environment variable); never on the command line")
                    Path passwordFile,
                    @Mixin Output output) {
        String password = passwordFile != null ? new String(Api.read(passwordFile), StandardCharsets.UTF_8).strip()
                : System.getenv("CERTLIFE_PFX_PASSWORD");
        JsonNode result = root.api().postFiles(root.inventory, "/certificates/bulk", files, password);
        output.print(root.out(), result.path("certificates"), COLUMNS);
        if (result.path("privateKeyDiscarded").asBoolean()) {
            root.spec.commandLine().getErr().println("certlife: " + result.path("note").asText());
        }
        return 0;
    }

    /** The certificate with this thumbprint (not found: exit code 3). */
    static JsonNode byThumbprint(Certlife root, String thumbprint) {
        JsonNode found = root.api().get(root.inventory, Api.path("/certificates", "thumbprint", thumbprint));
        if (found.isEmpty()) {
            throw new ApiException(ApiException.NOT_FOUND, "no certificate with thumbprint " + thumbprint);
        }
        return found.get(0);
    }
}
