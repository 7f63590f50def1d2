package io.certlife.inventory.estate;

import io.certlife.inventory.Refusal;
import io.certlife.inventory.Team;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Teams: they own sites and servers; deleting one that still owns something is refused. */
@ApplicationScoped
public class Teams implements EstateKind<TeamSpec, Team, String> {

    @Inject
    EntityManager entityManager;

    @Override
    public String entity() {
        return "TEAM";
    }

    @Override
    public String describe(String name) {
        return "team " + name;
    }

    @Override
    public String key(TeamSpec spec) {
        return spec.name();
    }

    @Override
    public Optional<Team> find(String name) {
        return Team.findByIdOptional(name);
    }

    @Override
    public List<Team> all() {
        return Team.listAll();
    }

    @Override
    public TeamSpec spec(Team t) {
        return new TeamSpec(t.name, t.email, t.chatChannel);
    }

    @Override
    public TeamSpec prepare(TeamSpec spec, Optional<Team> existing) {
        return spec;
    }

    @Override
    public Team create() {
        return new Team();
    }

    @Override
    public void apply(TeamSpec spec, Team team) {
        team.name = spec.name();
        team.email = spec.email();
        team.chatChannel = spec.chatChannel();
        team.persist();
    }

    @Override
    public Set<UUID> affected(TeamSpec before, TeamSpec after) {
        return Set.of();
    }

    @Override
    public void beforeDelete(Team team) {
        List<String> owned = entityManager.createQuery(
                        "select s.name from Site s where s.owner = ?1 union select v.fqdn from Server v where v.owner = ?1", String.class)
                .setParameter(1, team.name).getResultList();
        if (!owned.isEmpty()) {
            throw Refusal.conflict("team " + team.name + " still owns " + String.join(", ", owned));
        }
    }
}
