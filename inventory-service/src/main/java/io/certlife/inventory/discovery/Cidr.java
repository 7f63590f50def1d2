package io.certlife.inventory.discovery;

import io.certlife.inventory.Refusal;
import java.util.ArrayList;
import java.util.List;

/** Expands an IPv4 CIDR range (a.b.c.d/n) to its addresses, refusing ranges over a limit. */
final class Cidr {

    private Cidr() {
    }

    static List<String> expand(String cidr, int maxAddresses) {
        String[] parts = cidr.trim().split("/");
        if (parts.length != 2) {
            throw Refusal.invalid("CIDR '" + cidr + "' is not a.b.c.d/n");
        }
        String[] octets = parts[0].split("\\.");
        int prefix;
        try {
            prefix = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw Refusal.invalid("CIDR '" + cidr + "' has no numeric prefix length");
        }
        if (octets.length != 4 || prefix < 0 || prefix > 32) {
            throw Refusal.invalid("CIDR '" + cidr + "' is not an IPv4 range a.b.c.d/n");
        }
        long base = 0;
        for (String octet : octets) {
            int value;
            try {
                value = Integer.parseInt(octet);
            } catch (NumberFormatException e) {
                throw Refusal.invalid("CIDR '" + cidr + "' has a non-numeric octet");
            }
            if (value < 0 || value > 255) {
                throw Refusal.invalid("CIDR '" + cidr + "' has an octet out of range");
            }
            base = (base << 8) | value;
        }
        long size = 1L << (32 - prefix);
        if (size > maxAddresses) {
            throw Refusal.invalid("CIDR '" + cidr + "' has " + size + " addresses, over the limit of "
                    + maxAddresses + " (certlife.discovery.max-cidr-addresses)");
        }
        long first = base & ~(size - 1);
        List<String> addresses = new ArrayList<>((int) size);
        for (long address = first; address < first + size; address++) {
            addresses.add(((address >> 24) & 255) + "." + ((address >> 16) & 255) + "." + ((address >> 8) & 255) + "."
                    + (address & 255));
        }
        return addresses;
    }
}
