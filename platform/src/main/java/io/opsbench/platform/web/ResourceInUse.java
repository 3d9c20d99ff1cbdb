package io.opsbench.platform.web;

import java.util.List;
import java.util.Map;

/** A delete refused because other records still depend on the resource: 409 {@code resource_in_use}. */
public class ResourceInUse extends ProblemException {

    public ResourceInUse(String detail, Map<String, Object> extensions) {
        super(ProblemCode.RESOURCE_IN_USE, detail, List.of(), extensions);
    }
}
