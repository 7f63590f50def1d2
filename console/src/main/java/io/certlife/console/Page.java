package io.certlife.console;

import io.quarkus.security.identity.SecurityIdentity;

/** What every page's frame shows: who is signed in (and so which actions to offer) and which page this is. */
public record Page(Session user, String current) {

    /** The page for the signed-in user of this request. */
    static Page of(SecurityIdentity identity, String current) {
        return new Page(identity.getAttribute(SessionCookieMechanism.SESSION), current);
    }

    public boolean mayOperate() {
        return user.may(ConsoleRoles.OPERATOR);
    }

    public boolean mayApprove() {
        return user.may(ConsoleRoles.APPROVER);
    }
}
