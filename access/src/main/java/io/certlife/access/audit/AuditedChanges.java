package io.certlife.access.audit;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.ws.rs.core.Response;

/**
 * Runs an {@link Audited} resource's changing operation and its audit record in one transaction, outside any the
 * operation's services begin (they join it; those that ask for a new one page their work and commit each page). When
 * the operation fails, its transaction rolls back and the refusal is recorded after the response, in a transaction of
 * its own: there is no change to share it with.
 */
@Audited
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_BEFORE + 100)
public class AuditedChanges {

    @Inject
    AuditTrail trail;

    @Inject
    CurrentVertxRequest request;

    @AroundInvoke
    Object audit(InvocationContext invocation) throws Exception {
        RoutingContext context = request.getCurrent();
        if (context == null || !AuditTrail.isChange(context) || invocation.getMethod().isAnnotationPresent(AuditedAfterResponse.class)) {
            return invocation.proceed();
        }
        try {
            return QuarkusTransaction.joiningExisting().call(() -> {
                Object result = proceed(invocation);
                trail.recordInTransaction(context, result instanceof Response response ? response.getStatus()
                        : invocation.getMethod().getReturnType() == void.class ? 204 : 200);
                return result;
            });
        } catch (Failed failed) {
            throw failed.cause;
        }
    }

    private static Object proceed(InvocationContext invocation) {
        try {
            return invocation.proceed();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new Failed(e);
        }
    }

    /** A checked exception of the operation, carried through the transaction unchanged. */
    private static final class Failed extends RuntimeException {
        private final Exception cause;

        Failed(Exception cause) {
            super(null, cause, false, false);
            this.cause = cause;
        }
    }
}
