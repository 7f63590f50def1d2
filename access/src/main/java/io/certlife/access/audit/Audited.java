package io.certlife.access.audit;

import jakarta.interceptor.InterceptorBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * On a JAX-RS resource: each of its operations that may change something runs in one transaction with its audit
 * record ({@link AuditedChanges}), so the change and the record commit together or not at all. Services' own
 * transactions join it. An operation that cannot run in one transaction says so with {@link AuditedAfterResponse}.
 */
@InterceptorBinding
@Inherited
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface Audited {
}
