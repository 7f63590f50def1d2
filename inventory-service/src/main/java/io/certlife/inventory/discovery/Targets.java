package io.certlife.inventory.discovery;

import io.certlife.inventory.Refusal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The ad-hoc endpoints a discovery request names: host:port targets, and a CIDR range on some ports. Pure. */
final class Targets {

    private Targets() {
    }

    static List<Endpoint> of(DiscoveryService.Request request, int maxCidrAddresses) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (String target : Optional.ofNullable(request.targets()).orElse(List.of())) {
            endpoints.add(parse(target));
        }
        if (request.cidr() != null && !request.cidr().isBlank()) {
            List<Integer> ports = request.ports() == null || request.ports().isEmpty() ? List.of(443) : request.ports();
            for (String address : Cidr.expand(request.cidr(), maxCidrAddresses)) {
                ports.forEach(port -> endpoints.add(new Endpoint(address, address, port, Endpoint.modeForPort(port), null, null)));
            }
        }
        return endpoints;
    }

    static Endpoint parse(String target) {
        int colon = target.lastIndexOf(':');
        if (colon <= 0 || colon == target.length() - 1) {
            throw Refusal.invalid("target '" + target + "' is not host:port");
        }
        String host = target.substring(0, colon).replace("[", "").replace("]", "");
        int port;
        try {
            port = Integer.parseInt(target.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw Refusal.invalid("target '" + target + "' has no numeric port");
        }
        if (port < 1 || port > 65535) {
            throw Refusal.invalid("target '" + target + "': port out of range");
        }
        return new Endpoint(host, host, port, Endpoint.modeForPort(port), null, null);
    }
}
