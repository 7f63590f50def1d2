package io.certlife.access;

import java.util.List;

/**
 * certlife's roles, named once (the README has what each may do). Every role may read what holds no secret: an
 * identity with any of them also holds {@link #VIEWER}. The others are separate duties: an admin does not export keys
 * and an operator does not approve.
 */
public final class Roles {

    /** Reads everything that holds no secret. */
    public static final String VIEWER = "viewer";
    /** Renews now, runs discovery, acknowledges and snoozes alerts, works tasks, uploads a CA's answer to a CSR. */
    public static final String OPERATOR = "operator";
    /** Approves a renewal plan. */
    public static final String APPROVER = "approver";
    /** Creates PFX exports: the only role that can get a private key out. */
    public static final String KEY_CUSTODIAN = "key-custodian";
    /** Edits the estate and policy, routing rules and recipients, rotates the KEK, manages API tokens. */
    public static final String ADMIN = "admin";

    public static final List<String> ALL = List.of(VIEWER, OPERATOR, APPROVER, KEY_CUSTODIAN, ADMIN);

    private Roles() {
    }
}
