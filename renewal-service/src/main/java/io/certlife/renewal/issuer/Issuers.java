package io.certlife.renewal.issuer;

import io.certlife.events.KeyCustody;
import io.certlife.events.RenewalDueV1;
import io.certlife.renewal.config.RenewalConfig;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** The issuers, in the order {@code certlife.renewal.issuers} asks them; a configured name without an issuer stops the start. */
@Startup
@ApplicationScoped
public class Issuers {

    @Inject
    Instance<Issuer> all;

    @Inject
    RenewalConfig config;

    private final Map<String, Issuer> ordered = new LinkedHashMap<>();

    @PostConstruct
    void order() {
        Map<String, Issuer> byName = all.stream().collect(Collectors.toMap(Issuer::name, issuer -> issuer));
        for (String name : config.issuers()) {
            Issuer issuer = byName.get(name);
            if (issuer == null) {
                throw new IllegalStateException("certlife.renewal.issuers names " + name + ", which is not an issuer ("
                        + byName.keySet() + ")");
            }
            ordered.put(name, issuer);
        }
    }

    /** The first issuer, in the configured order, that renews the due certificate (with a server's key when its custody says so). */
    public Issuer choose(RenewalDueV1 due) {
        boolean onServer = due.requirements().keyCustody() == KeyCustody.ON_SERVER;
        return ordered.values().stream().filter(issuer -> issuer.renews(due) && (!onServer || issuer.takesServerKeys())).findFirst()
                .orElseThrow(() -> new IllegalStateException("no issuer of " + ordered.keySet() + " renews "
                        + due.certificate().subject() + ": end certlife.renewal.issuers with CSR, which renews any certificate"));
    }

    /** The configured issuers' names, in order. */
    public Set<String> names() {
        return Collections.unmodifiableSet(ordered.keySet());
    }

    /** The issuer a renewal was planned with. */
    public Issuer named(String name) {
        Issuer issuer = ordered.get(name);
        if (issuer == null) {
            throw new IllegalStateException("renewals of issuer " + name + " cannot go on: it is not in "
                    + "certlife.renewal.issuers " + ordered.keySet());
        }
        return issuer;
    }
}
