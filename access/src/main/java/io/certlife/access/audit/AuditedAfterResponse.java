package io.certlife.access.audit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On an operation of an {@link Audited} resource that must not run in one transaction (it calls another service
 * between its own transactions, or waits on the network): it is audited once its response is sent, as refused calls
 * are. {@link #value()} says why.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface AuditedAfterResponse {

    /** Why this operation is not one transaction with its audit record. */
    String value();
}
