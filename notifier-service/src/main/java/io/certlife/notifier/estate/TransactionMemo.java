package io.certlife.notifier.estate;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Values read once per transaction: a poll's worth of events is applied in one transaction, and most of them ask
 * the same questions (the server's facts, its site's owner, the routing rules). Misses are remembered too. Outside a
 * transaction nothing is remembered.
 */
@ApplicationScoped
public class TransactionMemo {

    @Inject
    TransactionSynchronizationRegistry transactions;

    /** The value under {@code key} in this transaction, computed the first time it is asked for. */
    @SuppressWarnings("unchecked")
    public <V> V get(Object key, Supplier<V> compute) {
        Map<Object, Object> memo = memo();
        if (memo == null) {
            return compute.get();
        }
        if (memo.containsKey(key)) {
            return (V) memo.get(key);
        }
        V value = compute.get();
        memo.put(key, value);
        return value;
    }

    /** Keeps {@code value} under {@code key} for the rest of this transaction (nothing outside a transaction). */
    public void put(Object key, Object value) {
        Map<Object, Object> memo = memo();
        if (memo != null) {
            memo.put(key, value);
        }
    }

    /** The value under {@code key} in this transaction, or null; computes nothing. */
    @SuppressWarnings("unchecked")
    public <V> V peek(Object key) {
        Map<Object, Object> memo = memo();
        return memo == null ? null : (V) memo.get(key);
    }

    /** Forgets the value under {@code key}. */
    public void forget(Object key) {
        Map<Object, Object> memo = memo();
        if (memo != null) {
            memo.remove(key);
        }
    }

    /** Forgets what this transaction remembered (after a change to what the values were read from). */
    public void forgetAll() {
        Map<Object, Object> memo = memo();
        if (memo != null) {
            memo.clear();
        }
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> memo() {
        if (transactions.getTransactionStatus() != Status.STATUS_ACTIVE) {
            return null;
        }
        Map<Object, Object> memo = (Map<Object, Object>) transactions.getResource(TransactionMemo.class);
        if (memo == null) {
            memo = new HashMap<>();
            transactions.putResource(TransactionMemo.class, memo);
        }
        return memo;
    }
}
