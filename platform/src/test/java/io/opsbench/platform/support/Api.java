package io.opsbench.platform.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain HTTP client for the platform under test. Every problem it receives is checked against the
 * code table in {@code docs/api.md}, so an undocumented code fails whichever test provoked it.
 */
public final class Api {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Set<String> DOCUMENTED_CODES = documentedCodes();

    private final int port;
    private final JsonMapper json;

    Api(int port, JsonMapper json) {
        this.port = port;
        this.json = json;
    }

    public Client as(String key) {
        return new Client(key);
    }

    public Client anonymous() {
        return new Client(null);
    }

    public URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    /** The codes listed in docs/api.md's problem table. */
    public static Set<String> documentedCodes() {
        try {
            String doc = Files.readString(Path.of("..", "docs", "api.md"));
            Matcher row = Pattern.compile("^\\| `([a-z_]+)` \\| (\\d{3}) \\|", Pattern.MULTILINE).matcher(doc);
            Map<String, String> codes = new LinkedHashMap<>();
            while (row.find()) {
                codes.put(row.group(1), row.group(2));
            }
            return codes.keySet();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public final class Client {

        private final String key;

        private Client(String key) {
            this.key = key;
        }

        public Response get(String path) {
            return send(request(path).GET());
        }

        public Response delete(String path) {
            return send(request(path).DELETE());
        }

        public Response post(String path, String body) {
            return send(request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)));
        }

        /** A JSON POST with extra headers ({@code Idempotency-Key}). */
        public Response post(String path, String body, Map<String, String> headers) {
            HttpRequest.Builder builder = request(path).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body));
            headers.forEach(builder::header);
            return send(builder);
        }

        public Response post(String path) {
            return send(request(path).POST(HttpRequest.BodyPublishers.noBody()));
        }

        /** Any method with extra headers ({@code If-Match}, {@code If-None-Match}); a null body sends none. */
        public Response request(String method, String path, String body, Map<String, String> headers) {
            HttpRequest.Builder builder = request(path).method(method, body == null
                    ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                builder.header("Content-Type", "application/json");
            }
            headers.forEach(builder::header);
            return send(builder);
        }

        public Response patch(String path, String body) {
            return send(request(path).header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
        }

        public Response send(String method, String path, String contentType, HttpRequest.BodyPublisher body) {
            HttpRequest.Builder builder = request(path).method(method, body);
            if (contentType != null) {
                builder.header("Content-Type", contentType);
            }
            return send(builder);
        }

        public Response send(String method, String path) {
            return send(request(path).method(method, HttpRequest.BodyPublishers.noBody()));
        }

        private HttpRequest.Builder request(String path) {
            HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30));
            if (key != null) {
                builder.header("Authorization", "Bearer " + key);
            }
            return builder;
        }

        private Response send(HttpRequest.Builder builder) {
            try {
                HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
                Response result = new Response(response, json);
                result.checkProblemShape();
                return result;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    public static final class Response {

        private final HttpResponse<String> response;
        private final JsonMapper json;
        private JsonNode body;

        Response(HttpResponse<String> response, JsonMapper json) {
            this.response = response;
            this.json = json;
        }

        public int status() {
            return response.statusCode();
        }

        public String raw() {
            return response.body();
        }

        public String header(String name) {
            return response.headers().firstValue(name).orElse(null);
        }

        public JsonNode json() {
            if (body == null) {
                body = json.readTree(response.body());
            }
            return body;
        }

        public String text(String field) {
            JsonNode value = json().get(field);
            return value == null || value.isNull() ? null : value.asString();
        }

        public Response assertStatus(int expected) {
            assertThat(status()).as("status of %s %s: %s", response.request().method(), response.uri(), raw())
                    .isEqualTo(expected);
            return this;
        }

        /** Asserts a problem with the given status and code, and returns it. */
        public Response assertProblem(int status, String code) {
            assertStatus(status);
            assertThat(header("Content-Type")).startsWith("application/problem+json");
            assertThat(text("code")).as("problem code in %s", raw()).isEqualTo(code);
            return this;
        }

        void checkProblemShape() {
            if (status() < 400 || status() == 304) {
                return;
            }
            assertThat(header("Content-Type")).as("content type of a %d: %s", status(), raw())
                    .startsWith("application/problem+json");
            JsonNode problem = json();
            assertThat(problem.get("status").asInt()).isEqualTo(status());
            assertThat(problem.get("type").asString()).startsWith("urn:opsbench:problem:");
            assertThat(problem.get("title").asString()).isNotBlank();
            assertThat(problem.get("request_id").asString()).isEqualTo(header("X-Request-Id"));
            assertThat(DOCUMENTED_CODES).as("docs/api.md documents code of %s", raw())
                    .contains(problem.get("code").asString());
        }
    }
}
