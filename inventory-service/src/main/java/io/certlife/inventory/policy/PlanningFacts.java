package io.certlife.inventory.policy;

import io.certlife.events.ServerOs;
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
                                   RevocationFacts revocation, Boolean trusted) {
        public List<String> names() {
            return commonName == null ? subjectAltNames
                    : java.util.stream.Stream.concat(java.util.stream.Stream.of(commonName), subjectAltNames.stream()).toList();
        }
    }

    /** What a CRL distribution point served when last fetched. */
    public enum CrlState { CURRENT, UNREACHABLE, UNREADABLE, STALE }

    /** A certificate's revocation status: {@code UNKNOWN} when no responder or CRL could say (the detail says why). */
    public enum RevocationStatus { GOOD, REVOKED, UNKNOWN }

    /** A CRL distribution point of the certificate that is not {@code CURRENT}, with why. */
    public record CrlProblem(String url, CrlState state, String detail) {
    }

    /** What the last revocation check found: the CRLs' problems and the certificate's status (with its source and why). */
    public record RevocationFacts(List<CrlProblem> crlProblems, RevocationStatus status, String detail) {
        public static final RevocationFacts NOT_CHECKED = new RevocationFacts(List.of(), RevocationStatus.UNKNOWN, "not checked yet");

        public List<CrlProblem> crls(CrlState state) {
            return crlProblems.stream().filter(problem -> problem.state() == state).toList();
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
