package io.certlife.inventory.service;

import io.certlife.delivery.Outbox;
import io.certlife.events.CloudEvent;
import io.certlife.events.PolicyFindingRaisedV1;
import io.certlife.events.PolicyFindingResolvedV1;
import io.certlife.events.ServerOs;
import io.certlife.events.ServerRole;
import io.certlife.events.ServiceKind;
import io.certlife.events.Severity;
import io.certlife.events.SlotRef;
import io.certlife.inventory.Certificate;
import io.certlife.inventory.CertificateRevocation;
import io.certlife.inventory.Namespace;
import io.certlife.inventory.PolicyFinding;
import io.certlife.inventory.PublishingRule;
import io.certlife.inventory.Server;
import io.certlife.inventory.Slot;
import io.certlife.inventory.estate.EstateChanged;
import io.certlife.inventory.policy.ClientProfile;
import io.certlife.inventory.policy.Finding;
import io.certlife.inventory.policy.PlanningFacts.CertificateFacts;
import io.certlife.inventory.policy.PlanningFacts.CrlProblem;
import io.certlife.inventory.policy.PlanningFacts.CrlState;
import io.certlife.inventory.policy.PlanningFacts.NamespaceUse;
import io.certlife.inventory.policy.PlanningFacts.PublishingUse;
import io.certlife.inventory.policy.PlanningFacts.RevocationFacts;
import io.certlife.inventory.policy.PlanningFacts.RevocationStatus;
import io.certlife.inventory.policy.PlanningFacts.ServerFacts;
import io.certlife.inventory.policy.PlanningFacts.SlotCertificate;
import io.certlife.inventory.policy.PlanningFacts.SlotUse;
import io.certlife.inventory.policy.PlanningRules;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs the planning rules for the certificates and servers a change touched, stores the findings, and
 * emits {@code PolicyFindingRaised} when a finding appears and {@code PolicyFindingResolved} when it
 * goes away; a finding that persists emits nothing again.
 */
@ApplicationScoped
public class FindingsService {

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @Inject
    MeterRegistry meters;

    void onEstateChanged(@Observes EstateChanged change) {
        evaluate(change.affectedCertificateIds(), change.affectedServers());
    }

    /**
     * Evaluates certificates just stored: no slot serves them and no finding names them yet, so only the rules on the
     * certificate itself apply, and nothing needs to be read first.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void evaluateNew(Collection<Certificate> certificates) {
        Map<UUID, CertificateFacts> facts = facts(certificates);
        for (Certificate certificate : certificates) {
            reconcile(List.of(), PlanningRules.checkCertificate(facts.get(certificate.id), List.of()), certificate.id);
        }
    }

    /** Re-evaluates the certificates, the servers given, and the servers whose slots use those certificates. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void evaluate(Collection<UUID> certificateIds, Collection<String> servers) {
        Set<String> allServers = new LinkedHashSet<>(servers);
        for (UUID id : certificateIds) {
            Certificate certificate = Certificate.findById(id);
            if (certificate == null) {
                continue;
            }
            // a pending replacement already stands for the slot: the rules judge what the slot will serve
            Slot.ofCertificate(id).stream().filter(s -> id.equals(effective(s))).forEach(s -> allServers.add(s.key.serverFqdn()));
            List<SlotUse> uses = uses(id);
            reconcile(PolicyFinding.list("certificateId = ?1 and resolvedAt is null", id),
                    PlanningRules.checkCertificate(facts(certificate), uses), id);
        }
        for (String fqdn : allServers) {
            Server server = Server.findById(fqdn);
            List<PolicyFinding> open = PolicyFinding.list(
                    "certificateId is null and server = ?1 and resolvedAt is null and ruleId <> ?2", fqdn,
                    PlanningRules.SERVED_CERTIFICATE_MISMATCH);
            List<Finding> found = server == null ? List.of() : PlanningRules.checkServer(new ServerFacts(fqdn,
                    roles(server), Slot.ofServer(fqdn).stream().map(this::slotCertificate).toList(), clock.instant()));
            reconcile(open, found, null);
        }
    }

    /** Findings, newest first: open ones only or all, optionally of one certificate, server or rule. */
    public List<PolicyFinding> search(boolean openOnly, UUID certificateId, String server, String ruleId) {
        StringBuilder query = new StringBuilder("1 = 1");
        Parameters parameters = new Parameters();
        if (openOnly) {
            query.append(" and resolvedAt is null");
        }
        if (certificateId != null) {
            query.append(" and certificateId = :certificateId");
            parameters.and("certificateId", certificateId);
        }
        if (server != null) {
            query.append(" and server = :server");
            parameters.and("server", server.toLowerCase());
        }
        if (ruleId != null) {
            query.append(" and ruleId = :ruleId");
            parameters.and("ruleId", ruleId);
        }
        return PolicyFinding.list(query.toString(), Sort.descending("raisedAt"), parameters);
    }

    /** How the certificate's live slots are used (a pending replacement stands for the slot it will serve). */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<SlotUse> uses(UUID certificateId) {
        return uses(List.of(certificateId)).getOrDefault(certificateId, List.of());
    }

    /**
     * How each certificate's live slots are used, read at once (the slots, their servers, the namespaces and the
     * publishing rules in four queries, whatever the number of certificates: a sweep emits thousands at a time).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<UUID, List<SlotUse>> uses(Collection<UUID> certificateIds) {
        Set<UUID> wanted = new HashSet<>(certificateIds);
        List<Slot> slots = Slot.ofCertificates(wanted).stream().filter(s -> wanted.contains(effective(s)) && !s.retired).toList();
        if (slots.isEmpty()) {
            return Map.of();
        }
        Map<String, Server> servers = new HashMap<>();
        Server.<Server>list("fqdn in ?1", slots.stream().map(s -> s.key.serverFqdn()).distinct().toList())
                .forEach(server -> servers.put(server.fqdn, server));
        List<Namespace> namespaces = Namespace.listAll();
        List<PublishingRule> rules = PublishingRule.listAll();
        Map<UUID, List<SlotUse>> uses = new HashMap<>();
        for (Slot slot : slots) {
            SlotUse use = use(slot, servers.get(slot.key.serverFqdn()), namespaces, rules);
            if (use != null) {
                uses.computeIfAbsent(effective(slot), id -> new ArrayList<>()).add(use);
            }
        }
        return uses;
    }

    /**
     * Records what discovery saw on a slot: {@code unexpected} is the certificate served instead of the
     * intended one (a mismatch finding), or null when the intended certificate is served.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void observed(Slot slot, Certificate unexpected) {
        String server = slot.key.serverFqdn();
        ServiceKind service = ServiceKind.valueOf(slot.key.service());
        List<PolicyFinding> open = PolicyFinding.list("ruleId = ?1 and server = ?2 and service = ?3 and resolvedAt is null",
                PlanningRules.SERVED_CERTIFICATE_MISMATCH, server, service);
        List<Finding> found = unexpected == null ? List.of() : List.of(new Finding(PlanningRules.SERVED_CERTIFICATE_MISMATCH,
                Severity.ERROR, server + " serves " + unexpected.subject + " (thumbprint " + unexpected.thumbprintSha1
                + ") for " + service + ", not the intended certificate" + intended(slot),
                "slot:" + server + "/" + service, server, service));
        reconcile(open, found, null);
    }

    private static String intended(Slot slot) {
        Certificate intended = slot.certificateId == null ? null : Certificate.findById(slot.certificateId);
        return intended == null ? "" : " " + intended.subject + " (thumbprint " + intended.thumbprintSha1 + ")";
    }

    private void reconcile(List<PolicyFinding> open, List<Finding> found, UUID certificateId) {
        Map<String, PolicyFinding> openByKey = open.stream()
                .collect(Collectors.toMap(f -> f.ruleId + "|" + f.subjectKey, Function.identity()));
        for (Finding finding : found) {
            PolicyFinding existing = openByKey.remove(finding.ruleId() + "|" + finding.subjectKey());
            if (existing != null) {
                existing.message = finding.message();
                existing.severity = finding.severity();
                continue;
            }
            PolicyFinding stored = new PolicyFinding();
            stored.id = UUID.randomUUID();
            stored.ruleId = finding.ruleId();
            stored.severity = finding.severity();
            stored.message = finding.message();
            stored.subjectKey = finding.subjectKey();
            stored.certificateId = certificateId;
            stored.server = finding.server();
            stored.service = finding.service();
            stored.raisedAt = clock.instant();
            stored.persist();
            meters.counter("certlife.findings.raised", "rule", stored.ruleId).increment();
            outbox.publish(CloudEvent.create(CertificateEvents.SOURCE, subject(stored), new PolicyFindingRaisedV1(
                    stored.id.toString(), stored.ruleId, stored.severity, stored.message,
                    certificateId == null ? null : certificateId.toString(), slot(stored)), clock));
        }
        for (PolicyFinding gone : openByKey.values()) {
            gone.resolvedAt = clock.instant();
            meters.counter("certlife.findings.resolved", "rule", gone.ruleId).increment();
            outbox.publish(CloudEvent.create(CertificateEvents.SOURCE, subject(gone), new PolicyFindingResolvedV1(
                    gone.id.toString(), gone.ruleId, gone.certificateId == null ? null : gone.certificateId.toString(),
                    slot(gone)), clock));
        }
    }

    private static java.util.UUID effective(Slot slot) {
        return slot.pendingCertificateId != null ? slot.pendingCertificateId : slot.certificateId;
    }

    private static String subject(PolicyFinding finding) {
        return finding.certificateId != null ? finding.certificateId.toString() : finding.server;
    }

    private static SlotRef slot(PolicyFinding finding) {
        return finding.server == null || finding.service == null ? null : new SlotRef(finding.server, finding.service);
    }

    private static SlotUse use(Slot slot, Server server, List<Namespace> namespaces, List<PublishingRule> rules) {
        if (server == null) {
            return null;
        }
        ServiceKind service = ServiceKind.valueOf(slot.key.service());
        List<NamespaceUse> namespaceUses = namespaces.stream()
                .filter(n -> n.servers.contains(server.fqdn) && n.services.contains(service.name()))
                .map(n -> new NamespaceUse(n.name, n.clientProfiles.stream().map(ClientProfile::valueOf)
                        .collect(Collectors.toSet())))
                .toList();
        List<PublishingUse> publishedBy = service != ServiceKind.IIS ? List.of()
                : rules.stream().filter(r -> r.casServers.contains(server.fqdn)).map(r -> {
                    Server isa = Server.findById(r.isaServer);
                    return new PublishingUse(r.isaServer, r.webListener, r.publicHostName,
                            isa == null ? ServerOs.OTHER : ServerOs.valueOf(isa.os));
                }).toList();
        return new SlotUse(server.fqdn, service, roles(server), server.internetFacing, ServerOs.valueOf(server.os),
                namespaceUses, publishedBy);
    }

    private SlotCertificate slotCertificate(Slot slot) {
        Certificate certificate = effective(slot) == null ? null : Certificate.findById(effective(slot));
        return new SlotCertificate(ServiceKind.valueOf(slot.key.service()),
                certificate == null ? null : facts(certificate), slot.retired);
    }

    static CertificateFacts facts(Certificate c) {
        return facts(List.of(c)).get(c.id);
    }

    /**
     * The rules' facts of each certificate, read for all of them at once: the signature algorithms of its chain, and
     * what the last revocation check found (its HTTP CRL distribution points that are not current, each with why: the
     * guard's reason, say; those too long to fetch; and its revocation status).
     */
    @SuppressWarnings("unchecked")
    static Map<UUID, CertificateFacts> facts(Collection<Certificate> certificates) {
        if (certificates.isEmpty()) {
            return Map.of(); // an import's page of certificates all known: nothing to read
        }
        Set<String> chains = certificates.stream().flatMap(c -> c.chainThumbprints.stream()).collect(Collectors.toSet());
        Map<String, String> algorithms = new HashMap<>();
        if (!chains.isEmpty()) {
            Certificate.<Certificate>list("thumbprintSha1 in ?1", chains)
                    .forEach(chain -> algorithms.put(chain.thumbprintSha1, chain.signatureAlgorithm));
        }
        Set<String> urls = certificates.stream().flatMap(c -> c.crlDistributionPoints.stream()).collect(Collectors.toSet());
        Map<String, List<CrlProblem>> checked = new HashMap<>();
        if (!urls.isEmpty()) {
            List<Object[]> rows = Certificate.getEntityManager().createNativeQuery("""
                            select url, state, detail from {h-schema}crl_check
                            where state <> 'CURRENT' and url in (:urls) order by url""")
                    .setParameter("urls", urls).getResultList();
            rows.forEach(row -> checked.computeIfAbsent((String) row[0], url -> new ArrayList<>())
                    .add(new CrlProblem((String) row[0], CrlState.valueOf((String) row[1]), (String) row[2])));
        }
        Map<UUID, CertificateRevocation> statuses = new HashMap<>();
        CertificateRevocation.<CertificateRevocation>list("certificateId in ?1", certificates.stream().map(c -> c.id).toList())
                .forEach(status -> statuses.put(status.certificateId, status));
        Map<UUID, CertificateFacts> facts = new HashMap<>();
        for (Certificate c : certificates) {
            List<String> chainAlgorithms = c.chainThumbprints.stream().map(algorithms::get).filter(Objects::nonNull).toList();
            List<CrlProblem> problems = new ArrayList<>();
            c.crlDistributionPoints.stream().distinct().sorted().forEach(url -> problems.addAll(checked.getOrDefault(url, List.of())));
            c.crlDistributionPoints.stream().filter(url -> url.toLowerCase().startsWith("http"))
                    .filter(url -> url.length() > PlanningRules.MAX_CRL_URL_LENGTH)
                    .forEach(url -> problems.add(new CrlProblem(url.substring(0, 100) + "...", CrlState.UNREACHABLE, url.length()
                            + " characters, over the " + PlanningRules.MAX_CRL_URL_LENGTH + " certlife fetches: not fetched")));
            CertificateRevocation status = statuses.get(c.id);
            RevocationFacts revocation = status == null
                    ? new RevocationFacts(problems, RevocationStatus.UNKNOWN, RevocationFacts.NOT_CHECKED.detail())
                    : new RevocationFacts(problems, status.status, status.detail);
            facts.put(c.id, new CertificateFacts(c.id, c.commonName, c.subjectAltNames, c.keyAlgorithm, c.keySize,
                    c.signatureAlgorithm, chainAlgorithms, c.selfSigned, c.certificateAuthority, c.notBefore, c.notAfter,
                    c.privateKeyExportable, c.crlDistributionPoints, revocation, c.trusted));
        }
        return facts;
    }

    private static Set<ServerRole> roles(Server server) {
        return server.roles.stream().map(ServerRole::valueOf).collect(Collectors.toSet());
    }
}
