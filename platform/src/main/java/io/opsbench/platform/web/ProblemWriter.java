package io.opsbench.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Writes problems from servlet filters, which run before Spring MVC's exception handling. */
@Component
public class ProblemWriter {

    private final JsonMapper json;

    ProblemWriter(JsonMapper json) {
        this.json = json;
    }

    public void write(HttpServletRequest request, HttpServletResponse response, ProblemException problem)
            throws IOException {
        write(request, response, problem.code(), problem.getMessage(), problem.errors(), problem.extensions());
    }

    public void write(HttpServletRequest request, HttpServletResponse response, ProblemCode code, String detail)
            throws IOException {
        write(request, response, code, detail, List.of(), Map.of());
    }

    private void write(HttpServletRequest request, HttpServletResponse response, ProblemCode code, String detail,
            List<Problem.FieldError> errors, Map<String, Object> extensions) throws IOException {
        Problem problem = Problem.of(code, detail, RequestIds.of(request), errors, extensions);
        response.resetBuffer();
        response.setStatus(code.status().value());
        response.setContentType(Problem.MEDIA_TYPE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), problem);
    }
}
