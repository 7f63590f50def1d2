package io.certlife.inventory.policy;

import io.certlife.events.ServerRole;
import io.certlife.events.ServiceKind;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** The facts the planning rules read: plain values, so that the rules are pure functions. */
public final class PlanningFacts {

    private PlanningFacts() {
    }

    /** A certificate as the rules see it; {@code names} is the subject CN followed by the SANs in order. */
    public record CertificateFacts(UUID id, String commonName, List<String> subjectAltNames, String keyAlgorithm,
                                   int keySize, String signatureAlgorithm, List<String> chainSignatureAlgorithms,
                                   boolean selfSigned, boolean certificateAuthority, Instant notBefore, Instant notAfter,
                                   Boolean privateKeyExportable, List<String> crlDistributionPoints,
                                   List<String> unreachableCrls) {
        public List<String> names() {
            return commonName == null ? subjectAltNames
                    : java.util.stream.Stream.concat(java.util.stream.Stream.of(commonName), subjectAltNames.stream()).toList();
        }
    }

    /** One slot the certificate serves, with the server's facts and what the slot is reached for. */
    public record SlotUse(String server, ServiceKind service, Set<ServerRole> roles, boolean internetFacing, ServerOs os,
                          List<NamespaceUse> namespaces, List<PublishingUse> publishedBy) {
    }

    /** A client namespace answered by the slot. */
    public record NamespaceUse(String name, Set<ClientProfile> clientProfiles) {
    }

    /** An ISA rule that publishes the slot's server. */
    public record PublishingUse(String isaServer, String webListener, String publicHostName, ServerOs isaOs) {
    }

    /** A server with the certificates its slots intend, for the per-server rules. */
    public record ServerFacts(String fqdn, Set<ServerRole> roles, List<SlotCertificate> slots, Instant now) {
    }

    /** The certificate intended for one service on a server (null when the slot is empty). */
    public record SlotCertificate(ServiceKind service, CertificateFacts certificate, boolean retired) {
    }
}
