package io.certlife.cli;

import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "trust-anchors", description = "The CA certificates an issuer's answers must chain to (CSR: the enterprise "
        + "CA and each public CA the estate buys from).")
final class TrustAnchorCommands {

    static final Output.Column[] COLUMNS = {Output.col("SUBJECT", "subject"), Output.col("NOT AFTER", "notAfter"),
            Output.col("SHA-256", "fingerprintSha256"), Output.col("ADDED BY", "addedBy")};

    @ParentCommand
    Certlife root;

    @Command(name = "list", description = "An issuer's trust anchors.")
    int list(@Parameters(paramLabel = "ISSUER", description = "CSR, INTERNAL_CA, ...") String issuer, @Mixin Output output) {
        output.print(root.out(), root.api().get(root.renewal, "/issuers/" + issuer + "/trust-anchors"), COLUMNS);
        return 0;
    }

    @Command(name = "set", description = "Replace an issuer's trust anchors with the CA certificates in a PEM file (admin).")
    int set(@Parameters(paramLabel = "ISSUER") String issuer, @Parameters(paramLabel = "FILE") Path file, @Mixin Output output) {
        output.print(root.out(), root.api().put(root.renewal, "/issuers/" + issuer + "/trust-anchors", "application/x-pem-file",
                Api.read(file)), COLUMNS);
        return 0;
    }
}
