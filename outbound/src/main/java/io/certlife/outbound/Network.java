package io.certlife.outbound;

import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IP network in CIDR notation (IPv4 or IPv6); an IPv4-mapped IPv6 address is matched as IPv4. */
public record Network(String cidr, byte[] base, int prefix) {

    /** Parses {@code 10.0.0.0/8}, {@code fd00::/8} or a lone address (a /32 or /128). */
    public static Network parse(String cidr) {
        String[] parts = cidr.trim().split("/", 2);
        if (!parts[0].matches("[0-9.]+") && !parts[0].matches("[0-9a-fA-F:.]*:[0-9a-fA-F:.]*")) {
            throw new IllegalArgumentException("'" + cidr + "' is not an IP network (CIDR, e.g. 10.0.0.0/8)");
        }
        try {
            byte[] base = InetAddress.getByName(parts[0]).getAddress();
            int prefix = parts.length == 2 ? Integer.parseInt(parts[1]) : base.length * 8;
            if (prefix < 0 || prefix > base.length * 8) {
                throw new IllegalArgumentException("'" + cidr + "' has a prefix length out of range");
            }
            return new Network(cidr.trim(), base, prefix);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("'" + cidr + "' is not an IP network (CIDR, e.g. 10.0.0.0/8)");
        }
    }

    /** Whether {@code address} is in this network. */
    public boolean contains(InetAddress address) {
        byte[] candidate = unmapped(address.getAddress());
        if (candidate.length != base.length) {
            return false;
        }
        int drop = base.length * 8 - prefix;
        return new BigInteger(1, base).shiftRight(drop).equals(new BigInteger(1, candidate).shiftRight(drop));
    }

    /** An IPv4-mapped IPv6 address (::ffff:a.b.c.d) as its IPv4 bytes. */
    private static byte[] unmapped(byte[] address) {
        if (address.length == 16) {
            for (int i = 0; i < 10; i++) {
                if (address[i] != 0) {
                    return address;
                }
            }
            if (address[10] == (byte) 0xff && address[11] == (byte) 0xff) {
                return new byte[] {address[12], address[13], address[14], address[15]};
            }
        }
        return address;
    }

    @Override
    public String toString() {
        return cidr;
    }
}
