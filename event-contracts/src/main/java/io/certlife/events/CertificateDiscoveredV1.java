package io.certlife.events;

import java.util.Objects;

/** The inventory learned of a certificate, by import or by TLS discovery ({@code source}: IMPORT, DISCOVERY, ISSUED). */
public record CertificateDiscoveredV1(CertificateSummary certificate, String source) implements EventData {
    public CertificateDiscoveredV1 {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(source, "source");
    }
}
