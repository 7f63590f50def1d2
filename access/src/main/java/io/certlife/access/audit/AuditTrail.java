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
 * The audit trail: every request that may change something (any method but GET and HEAD) and every refused request
 * (401, 403), whatever its method (a token lookup, {@link IssuedTokens#LOOKUP_PATH}, is a read), is recorded once the response is sent: who (the identity's name, or
 * {@code anonymous}), with which certlife roles, what (method and path), the outcome (status), from which address,
 * the request id ({@code X-Request-Id}, else made here). It is stored in the service's {@code audit_record} table and
 * published as {@code AuditRecorded} through the outbox, in one transaction. No header value other than the request
 * id and no body is ever read: no secret reaches the trail. Health, metrics and OpenAPI ({@code /q/}) are not audited.
 */
@ApplicationScoped
public class AuditTrail {

    private static final Logger LOG = Logger.getLogger(AuditTrail.class);
    private static final Set<String> READS = Set.of("GET", "HEAD", "OPTIONS");

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
        String path = context.request().path();
        String method = context.request().method().name();
        if (!path.startsWith("/q/")) {
            String requestId = context.request().getHeader("X-Request-Id");
            String id = requestId == null || requestId.isBlank() || requestId.length() > 100 ? UUID.randomUUID().toString()
                    : requestId;
            context.addEndHandler(done -> {
                int status = context.response().getStatusCode();
                boolean change = !READS.contains(method) && !path.equals(IssuedTokens.LOOKUP_PATH);
                if (change || status == 401 || status == 403) {
                    SecurityIdentity identity = context.user() instanceof QuarkusHttpUser user ? user.getSecurityIdentity() : null;
                    String address = context.request().remoteAddress() == null ? null
                            : context.request().remoteAddress().hostAddress();
                    Entry entry = new Entry(identity == null || identity.isAnonymous() ? "anonymous"
                            : identity.getPrincipal().getName(),
                            identity == null ? List.of() : identity.getRoles().stream().filter(Roles.ALL::contains).sorted().toList(),
                            method + " " + path, path, status, address, id);
                    vertx.executeBlocking(() -> {
                        record(entry);
                        return null;
                    }, false).onFailure(e -> LOG.errorf(e, "could not record %s %s in the audit trail", method, path));
                }
            });
        }
        context.next();
    }

    /** What one audit record says. */
    record Entry(String subject, List<String> roles, String action, String object, int outcome, String address,
                 String requestId) {
    }

    void record(Entry entry) {
        QuarkusTransaction.requiringNew().run(() -> {
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
        });
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
