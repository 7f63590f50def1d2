package io.certlife.inventory.estate;

import io.certlife.inventory.Refusal;
import io.certlife.inventory.Site;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Active Directory sites: a time zone (IANA), an owner and maintenance windows; deleting one that still has servers is refused. */
@ApplicationScoped
public class Sites implements EstateKind<SiteSpec, Site, String> {

    @Inject
    EstateReferences references;

    @Override
    public String entity() {
        return "SITE";
    }

    @Override
    public String describe(String name) {
        return "site " + name;
    }

    @Override
    public String key(SiteSpec spec) {
        return spec.name();
    }

    @Override
    public Optional<Site> find(String name) {
        return Site.findByIdOptional(name);
    }

    @Override
    public List<Site> all() {
        return Site.listAll();
    }

    @Override
    public SiteSpec spec(Site s) {
        return new SiteSpec(s.name, s.timeZone, s.owner, s.maintenanceWindows);
    }

    @Override
    public SiteSpec prepare(SiteSpec spec, Optional<Site> existing) {
        try {
            ZoneId.of(spec.timeZone());
        } catch (DateTimeException e) {
            throw Refusal.invalid("site " + spec.name() + ": time zone '" + spec.timeZone()
                    + "' is not an IANA zone id (e.g. Europe/Berlin)");
        }
        references.requireTeam(spec.owner(), "site " + spec.name());
        return spec;
    }

    @Override
    public Site create() {
        return new Site();
    }

    @Override
    public void apply(SiteSpec spec, Site site) {
        site.name = spec.name();
        site.timeZone = spec.timeZone();
        site.owner = spec.owner();
        site.maintenanceWindows = spec.maintenanceWindows();
        site.persist();
    }

    @Override
    public Set<UUID> affected(SiteSpec before, SiteSpec after) {
        // a site's servers are the same before and after; a site with servers is never deleted; its windows change
        // when its certificates are renewed
        return after == null ? Set.of() : references.certificatesOfServers(references.serversOfSite(after.name()));
    }

    @Override
    public void beforeDelete(Site site) {
        List<String> servers = references.serversOfSite(site.name);
        if (!servers.isEmpty()) {
            throw Refusal.conflict("site " + site.name + " still has servers " + String.join(", ", servers));
        }
    }
}
