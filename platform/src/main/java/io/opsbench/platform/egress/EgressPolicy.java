package io.opsbench.platform.egress;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * Which resolved addresses outbound calls (webhooks, plugins' HTTP) may reach. Checked on the address
 * a connection is about to use, never on the URL text, so DNS tricks and exotic spellings of an
 * address ({@code 0x7f000001}, {@code ::ffff:127.0.0.1}) meet the same rule.
 */
public final class EgressPolicy {

    private EgressPolicy() {
    }

    /** Why an address is refused, or null when it may be reached. */
    public static String refusal(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return "loopback";
        }
        if (address.isAnyLocalAddress()) {
            return "unspecified";
        }
        if (address.isLinkLocalAddress()) {
            return "link-local (cloud metadata lives here)";
        }
        if (address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return "private";
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xFF;
            int second = b[1] & 0xFF;
            if (first == 0 || first >= 240) {
                return "reserved";
            }
            if (first == 100 && second >= 64 && second <= 127) {
                return "private (carrier-grade NAT)";
            }
            if (first == 198 && (second == 18 || second == 19)) {
                return "reserved (benchmarking)";
            }
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xFF;
            if ((first & 0xFE) == 0xFC) {
                return "private (unique local)";
            }
            if (isIpv4Embedded(b)) {
                try {
                    byte[] v4 = {b[12], b[13], b[14], b[15]};
                    return refusal(InetAddress.getByAddress(v4));
                } catch (java.net.UnknownHostException e) {
                    return "invalid";
                }
            }
        }
        return null;
    }

    private static boolean isIpv4Embedded(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] == 0 && b[11] == 0) || (b[10] == (byte) 0xFF && b[11] == (byte) 0xFF);
    }
}
