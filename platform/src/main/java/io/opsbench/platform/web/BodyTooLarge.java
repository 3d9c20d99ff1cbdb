package io.opsbench.platform.web;

import java.io.IOException;

/** Thrown by the size-limited body stream once a request body passes the limit. */
public class BodyTooLarge extends IOException {

    BodyTooLarge(long limit) {
        super("The request body is larger than %d bytes".formatted(limit));
    }
}
