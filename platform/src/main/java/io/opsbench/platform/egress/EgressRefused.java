package io.opsbench.platform.egress;

import java.net.UnknownHostException;

/** An outbound connection the egress policy refused. */
public class EgressRefused extends UnknownHostException {

    public EgressRefused(String host, String reason) {
        super("Refused to connect to %s: it resolves to a %s address".formatted(host, reason));
    }
}
