package io.certlife.access.audit;

import io.certlife.access.IssuedTokens;
import io.certlife.access.Roles;
import io.certlife.delivery.Outbox;
import io.certlife.events.AuditRecordedV1;
import io.certlife.events.CloudEvent;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.vertx.http.runtime.security.QuarkusHttpUser;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The audit trail: every request that may change something (any method but GET, HEAD and OPTIONS; a token lookup,
 * {@link IssuedTokens#LOOKUP_PATH}, is a read) and every refused request (401, 403): who (the identity's name, or
 * {@code anonymous}), with which certlife roles, what (method and path), the outcome (status), from which address,
 * the request id ({@code X-Request-Id}, else made here). It is stored in the service's {@code audit_record} table and
 * published as {@code AuditRecorded} through the outbox, in one transaction. A change an {@link Audited} operation
 * makes is recorded in the change's own transaction ({@link AuditedChanges}); a refused or failed request, and an
 * operation that is {@link AuditedAfterResponse}, once the response is sent. No header value other than the request
 * id and no body is ever read: no secret reaches the trail. Health, metrics and OpenAPI ({@code /q/}) are not audited.
 */
@ApplicationScoped
public class AuditTrail {

    private static final Logger LOG = Logger.getLogger(AuditTrail.class);
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");
    private static final String REQUEST_ID = "certlife.audit.request-id";
    private static final String RECORDED = "certlife.audit.recorded";

    @Inject
    EntityManager entityManager;

    @Inject
    Outbox outbox;

    @Inject
    Clock clock;

    @Inject
    Vertx vertx;

    @ConfigProperty(name = "quarkus.application.name")
    String service;

    void watch(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).handler(this::onRequest);
    }

    private void onRequest(RoutingContext context) {
        if (!context.request().path().startsWith("/q/")) {
            String requestId = context.request().getHeader("X-Request-Id");
            context.put(REQUEST_ID, requestId == null || requestId.isBlank() || requestId.length() > 100
                    ? UUID.randomUUID().toString() : requestId);
            context.addEndHandler(done -> {
                int status = context.response().getStatusCode();
                if (context.get(RECORDED) == null && (isChange(context) || status == 401 || status == 403)) {
                    Entry entry = entry(context, status);
                    vertx.executeBlocking(() -> {
                        QuarkusTransaction.requiringNew().run(() -> persist(entry));
                        return null;
                    }, false).onFailure(e -> LOG.errorf(e, "could not record %s in the audit trail", entry.action()));
                }
            });
        }
        context.next();
    }

    /** Whether the request may change something: any method but GET, HEAD and OPTIONS, except a token lookup. */
    static boolean isChange(RoutingContext context) {
        return !READS.contains(context.request().method().name())
                && !context.request().path().equals(IssuedTokens.LOOKUP_PATH);
    }

    /** Records a change in the caller's transaction, with the outcome its operation answers. */
    void recordInTransaction(RoutingContext context, int outcome) {
        persist(entry(context, outcome));
        context.put(RECORDED, Boolean.TRUE);
    }

    private static Entry entry(RoutingContext context, int outcome) {
        SecurityIdentity identity = context.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null;
        String address = context.request().remoteAddress() == null ? null : context.request().remoteAddress().hostAddress();
        String path = context.request().path();
        return new Entry(identity == null || identity.isAnonymous() ? "anonymous" : identity.getPrincipal().getName(),
                identity == null ? List.of() : identity.getRoles().stream().filter(Roles.ALL::contains).sorted().toList(),
                context.request().method().name() + " " + path, path, outcome, address, context.get(REQUEST_ID));
    }

    /** What one audit record says. */
    record Entry(String subject, List<String> roles, String action, String object, int outcome, String address,
                 String requestId) {
    }

    private void persist(Entry entry) {
        AuditRecord record = new AuditRecord();
        record.id = UUID.randomUUID();
        record.at = clock.instant();
        record.subject = entry.subject();
        record.roles = entry.roles();
        record.action = entry.action();
        record.object = entry.object();
        record.outcome = entry.outcome();
        record.address = entry.address();
        record.requestId = entry.requestId();
        entityManager.persist(record);
        outbox.publish(CloudEvent.create("/certlife/" + service.replace("-service", ""), record.id.toString(),
                new AuditRecordedV1(record.id.toString(), service, record.at, record.subject, record.roles,
                        record.action, record.object, record.outcome, record.address, record.requestId), clock));
    }

    /** The newest records first, optionally of one subject, at most {@code limit}. */
    public List<AuditRecord> search(String subject, int limit) {
        return (subject == null
                ? entityManager.createQuery("from AuditRecord order by at desc", AuditRecord.class)
                : entityManager.createQuery("from AuditRecord where subject = ?1 order by at desc", AuditRecord.class)
                        .setParameter(1, subject))
                .setMaxResults(limit).getResultList();
    }
}
