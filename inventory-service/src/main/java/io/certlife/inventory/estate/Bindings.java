package io.certlife.inventory.estate;

import io.certlife.events.ServiceKind;
import io.certlife.events.SlotRef;
import io.certlife.inventory.Certificate;
import io.certlife.inventory.Refusal;
import io.certlife.inventory.Server;
import io.certlife.inventory.Slot;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Bindings: the certificate intended for a slot (a service on a server), named by id or SHA-1 thumbprint, the one
 * pending after a renewal, the slot's renewBefore and port, and whether it is retired.
 */
@ApplicationScoped
public class Bindings implements EstateKind<SlotSpec, Slot, SlotRef> {

    @Override
    public String entity() {
        return "BINDING";
    }

    @Override
    public String describe(SlotRef slot) {
        return "binding " + slot.service() + " on " + slot.server();
    }

    @Override
    public String entityId(SlotRef slot) {
        return slot.server() + "/" + slot.service();
    }

    @Override
    public SlotRef key(SlotSpec spec) {
        return new SlotRef(spec.server(), spec.service());
    }

    @Override
    public Optional<Slot> find(SlotRef slot) {
        return Slot.findByIdOptional(new Slot.Key(slot.server().toLowerCase(), slot.service().name()));
    }

    @Override
    public List<Slot> all() {
        return Slot.listAll();
    }

    /** The bindings of one server, or all. */
    public List<Slot> of(Optional<String> server) {
        return server.map(fqdn -> Slot.ofServer(fqdn.toLowerCase())).orElseGet(this::all);
    }

    @Override
    public SlotSpec spec(Slot s) {
        return new SlotSpec(s.key.serverFqdn(), ServiceKind.valueOf(s.key.service()), s.certificateId, null,
                s.pendingCertificateId, s.renewBeforeSeconds == null ? null : Duration.ofSeconds(s.renewBeforeSeconds),
                s.retired, s.port, s.keyCustody);
    }

    /** Resolves the certificate named by thumbprint to its id (stored without the thumbprint). */
    @Override
    public SlotSpec prepare(SlotSpec spec, Optional<Slot> existing) {
        if (Server.findByIdOptional(spec.server()).isEmpty()) {
            throw Refusal.invalid(describe(key(spec)) + ": server does not exist");
        }
        UUID certificateId = resolveCertificate(spec);
        if (spec.pendingCertificateId() != null && Certificate.findByIdOptional(spec.pendingCertificateId()).isEmpty()) {
            throw Refusal.invalid("binding: pending certificate " + spec.pendingCertificateId() + " does not exist");
        }
        return new SlotSpec(spec.server(), spec.service(), certificateId, null, spec.pendingCertificateId(),
                spec.renewBefore(), spec.retired(), spec.port(), spec.keyCustody());
    }

    private UUID resolveCertificate(SlotSpec spec) {
        if (spec.certificateId() != null) {
            Certificate byId = Certificate.<Certificate>findByIdOptional(spec.certificateId()).orElseThrow(() ->
                    Refusal.invalid(describe(key(spec)) + ": certificate " + spec.certificateId() + " does not exist"));
            if (spec.thumbprint() != null && !spec.thumbprint().equals(byId.thumbprintSha1)) {
                throw Refusal.invalid(describe(key(spec)) + ": certificateId and thumbprint name different certificates");
            }
            return byId.id;
        }
        if (spec.thumbprint() != null) {
            return Certificate.findByThumbprint(spec.thumbprint()).map(c -> c.id).orElseThrow(() ->
                    Refusal.invalid(describe(key(spec)) + ": no certificate with thumbprint " + spec.thumbprint()
                            + " (import it first)"));
        }
        return null;
    }

    @Override
    public Slot create() {
        return new Slot();
    }

    @Override
    public void apply(SlotSpec spec, Slot slot) {
        slot.key = new Slot.Key(spec.server(), spec.service().name());
        slot.certificateId = spec.certificateId();
        slot.pendingCertificateId = spec.pendingCertificateId();
        slot.renewBeforeSeconds = spec.renewBefore() == null ? null : spec.renewBefore().toSeconds();
        slot.retired = spec.retired();
        slot.port = spec.port();
        slot.keyCustody = spec.keyCustody();
        slot.persist();
    }

    @Override
    public Set<UUID> affected(SlotSpec before, SlotSpec after) {
        Set<UUID> affected = new LinkedHashSet<>();
        for (SlotSpec s : new SlotSpec[] {before, after}) {
            if (s != null) {
                affected.add(s.certificateId());
                affected.add(s.pendingCertificateId());
            }
        }
        affected.remove(null);
        return affected;
    }

    @Override
    public Set<String> servers(SlotSpec spec) {
        return Set.of(spec.server());
    }
}
