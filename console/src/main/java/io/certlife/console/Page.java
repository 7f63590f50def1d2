package io.certlife.console;

import io.quarkus.security.identity.SecurityIdentity;

/**
 * What every page's frame shows: who is signed in (and so which actions to offer), which page this is, and what the
 * last action did ({@link Flash}), if anything.
 */
public record Page(Session user, String current, Flash.Message flash) {

    /** The page for the signed-in user of this request. */
    static Page of(SecurityIdentity identity, String current, jakarta.ws.rs.core.HttpHeaders headers) {
        return new Page(identity.getAttribute(SessionCookieMechanism.SESSION), current,
                Flash.read(headers.getCookies().get(Flash.COOKIE)));
    }

    public boolean mayOperate() {
        return user.may(ConsoleRoles.OPERATOR);
    }

    public boolean mayAudit() {
        return user.may(ConsoleRoles.ADMIN);
    }

    public boolean mayHoldKeys() {
        return user.may(ConsoleRoles.KEY_CUSTODIAN);
    }

    public boolean mayApprove() {
        return user.may(ConsoleRoles.APPROVER);
    }
}
