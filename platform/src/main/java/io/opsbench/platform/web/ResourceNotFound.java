package io.opsbench.platform.web;

public class ResourceNotFound extends ProblemException {

    public ResourceNotFound(String resource, Object id) {
        super(ProblemCode.NOT_FOUND, "No %s with id %s".formatted(resource, id));
    }
}
