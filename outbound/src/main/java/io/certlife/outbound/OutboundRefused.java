package io.certlife.outbound;

/** The outbound guard refused a request: the message names the address and the rule, never a response body. */
public class OutboundRefused extends Exception {

    public OutboundRefused(String message) {
        super(message);
    }
}
