package io.certlife.console;

/**
 * The certlife roles the console's pages and buttons check, spelled as the services spell them (the access module's
 * {@code Roles}, which the console does not depend on: it has no broker or database of its own).
 */
public final class ConsoleRoles {

    public static final String VIEWER = "viewer";
    public static final String OPERATOR = "operator";
    public static final String APPROVER = "approver";
    public static final String KEY_CUSTODIAN = "key-custodian";
    public static final String ADMIN = "admin";

    private ConsoleRoles() {
    }
}
