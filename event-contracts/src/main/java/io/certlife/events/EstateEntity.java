package io.certlife.events;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import java.time.Duration;
import java.util.List;

/**
 * One entity of the estate as inventory describes it in {@code TopologyChanged}; the event's {@code entity} names
 * which (the records below, one per kind). Consumers read these, never inventory's API representations.
 */
@JsonSubTypes({
        @JsonSubTypes.Type(value = EstateEntity.Team.class, name = "TEAM"),
        @JsonSubTypes.Type(value = EstateEntity.Site.class, name = "SITE"),
        @JsonSubTypes.Type(value = EstateEntity.Server.class, name = "SERVER"),
        @JsonSubTypes.Type(value = EstateEntity.Namespace.class, name = "NAMESPACE"),
        @JsonSubTypes.Type(value = EstateEntity.PublishingRule.class, name = "PUBLISHING_RULE"),
        @JsonSubTypes.Type(value = EstateEntity.Binding.class, name = "BINDING")})
public sealed interface EstateEntity {

    /** A team that owns sites or servers, and where it is reached (an address, a chat endpoint's name). */
    record Team(String name, String email, String chatChannel) implements EstateEntity {
    }

    /** An Active Directory site; {@code timeZone} is an IANA zone id, which its maintenance windows are in. */
    record Site(String name, String timeZone, String owner, List<MaintenanceWindow> maintenanceWindows) implements EstateEntity {
        public Site {
            maintenanceWindows = maintenanceWindows == null ? List.of() : List.copyOf(maintenanceWindows);
        }

        public Site(String name, String timeZone, String owner) {
            this(name, timeZone, owner, List.of());
        }
    }

    /**
     * A server: FQDN (lower case), host (NetBIOS) name, site, roles, whether the internet reaches it, its OS, owner,
     * the address discovery connects to, and the PFX profile its OS imports (LEGACY or MODERN).
     */
    record Server(String fqdn, String hostName, String site, List<ServerRole> roles, boolean internetFacing,
                  String os, String owner, String address, String pfxProfile) implements EstateEntity {
        public Server {
            roles = roles == null ? List.of() : List.copyOf(roles);
        }
    }

    /** A client namespace, the client profiles that use it, and the servers and services that answer for it. */
    record Namespace(String name, List<String> clientProfiles, List<String> servers,
                     List<ServiceKind> services) implements EstateEntity {
    }

    /** An ISA web publishing rule: the listener on an ISA server that publishes a host name for CAS servers. */
    record PublishingRule(String id, String isaServer, String webListener, String publicHostName,
                          List<String> casServers) implements EstateEntity {
    }

    /**
     * A binding: the certificate intended for a service on a server (and the one pending after a renewal), its
     * renewBefore, whether the slot is retired (no alerts), and a non-standard port discovery probes.
     */
    record Binding(String server, ServiceKind service, String certificateId, String thumbprint,
                   String pendingCertificateId, Duration renewBefore, boolean retired, Integer port, KeyCustody keyCustody)
            implements EstateEntity {

        public Binding {
            keyCustody = keyCustody == null ? KeyCustody.CENTRAL : keyCustody;
        }

        /** A binding whose renewals make their key centrally. */
        public Binding(String server, ServiceKind service, String certificateId, String thumbprint,
                       String pendingCertificateId, Duration renewBefore, boolean retired, Integer port) {
            this(server, service, certificateId, thumbprint, pendingCertificateId, renewBefore, retired, port, KeyCustody.CENTRAL);
        }

        /** The slot this binding fills. */
        public SlotRef slot() {
            return new SlotRef(server, service);
        }
    }
}
