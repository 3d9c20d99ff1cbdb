package io.opsbench.platform.idempotency;

import io.opsbench.platform.auth.Principal;
import io.opsbench.platform.crypto.Secrets;
import io.opsbench.platform.crypto.Sha256;
import io.opsbench.platform.tenancy.TenantId;
import io.opsbench.platform.web.BodyTooLarge;
import io.opsbench.platform.web.NoConnection;
import io.opsbench.platform.web.Problem;
import io.opsbench.platform.web.ProblemCode;
import io.opsbench.platform.web.ProblemException;
import io.opsbench.platform.web.ProblemWriter;
import io.opsbench.platform.web.RequestFilter;
import io.opsbench.platform.web.RequestIds;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * {@code Idempotency-Key} on POST: the first request with a key claims it in its own committed
 * transaction before it runs, so of concurrent repeats exactly one runs; its response is stored
 * (encrypted: some carry one-time secrets) and replayed to repeats with the same method, path and
 * body. Keys belong to the tenant for tenant keys, and to the calling key for operator and vendor keys.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 50)
class Idempotency extends RequestFilter {

    static final String HEADER = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";
    private static final Logger log = LoggerFactory.getLogger(Idempotency.class);

    private final IdempotencyRepository repository;
    private final TransactionTemplate transactions;
    private final Secrets secrets;
    private final ProblemWriter problems;
    private final IdempotencySettings settings;
    private final Clock clock;

    Idempotency(IdempotencyRepository repository, TransactionTemplate transactions, Secrets secrets,
            ProblemWriter problems, IdempotencySettings settings, Clock clock) {
        this.repository = repository;
        this.transactions = transactions;
        this.secrets = secrets;
        this.problems = problems;
        this.settings = settings;
        this.clock = clock;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<Principal> principal = Principal.of(request);
        if (principal.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        String key = request.getHeader(HEADER);
        if (!wellFormed(key)) {
            problems.write(request, response, new ProblemException(ProblemCode.VALIDATION_ERROR,
                    "The Idempotency-Key header is invalid", List.of(Problem.FieldError.parameter(HEADER,
                            "must be 1 to 255 printable ASCII characters")), Map.of()));
            return;
        }
        HttpServletRequest replayable;
        byte[] fingerprint;
        try {
            if (isMultipart(request)) {
                replayable = request;
                fingerprint = fingerprint(request, partsDigest(request));
            } else {
                byte[] body = request.getInputStream().readAllBytes();
                replayable = new CachedBody(request, body);
                fingerprint = fingerprint(request, body);
            }
        } catch (BodyTooLarge e) {
            problems.write(request, response, ProblemCode.PAYLOAD_TOO_LARGE, e.getMessage());
            return;
        }
        UUID owner = owner(principal.get());
        TenantId tenant = principal.get() instanceof Principal.Tenant t ? t.tenantId() : null;
        try {
            if (!claim(owner, tenant, key, fingerprint, request, response)) {
                return;
            }
        } catch (RuntimeException e) {
            if (!NoConnection.is(e)) {
                throw e;
            }
            // Nothing was claimed or run: the client may retry with the same key.
            response.setHeader("Retry-After", NoConnection.RETRY_AFTER_SECONDS);
            problems.write(request, response, NoConnection.problem(e));
            return;
        }
        ContentCachingResponseWrapper recording = new ContentCachingResponseWrapper(response);
        boolean stored = false;
        try {
            chain.doFilter(replayable, recording);
            int status = recording.getStatus();
            if (status < 500) {
                byte[] sealed = secrets.encrypt(recording.getContentAsByteArray(), context(owner, key));
                String requestId = RequestIds.of(request);
                transactions.executeWithoutResult(tx -> repository.complete(owner, key, requestId, status,
                        recording.getContentType(), sealed));
                stored = true;
            }
        } finally {
            if (!stored) {
                release(owner, key);
            }
            recording.copyBodyToResponse();
        }
    }

    /** Claims the key, or answers the repeat (replay, 409 or 422) and returns false. */
    private boolean claim(UUID owner, TenantId tenant, String key, byte[] fingerprint, HttpServletRequest request,
            HttpServletResponse response) throws IOException {
        Instant now = clock.instant();
        for (int attempt = 0; attempt < 3; attempt++) {
            boolean claimed = Boolean.TRUE.equals(transactions.execute(tx -> repository.claim(owner, tenant, key,
                    fingerprint, now, now.plus(settings.retention()), now.minus(settings.abandonAfter()))));
            if (claimed) {
                return true;
            }
            Optional<IdempotencyRepository.Stored> existing = transactions.execute(tx -> repository.find(owner, key));
            if (existing.isEmpty()) {
                continue; // released by a failed first request in between: try to claim again
            }
            IdempotencyRepository.Stored stored = existing.get();
            if (!MessageDigest.isEqual(stored.fingerprint(), fingerprint)) {
                problems.write(request, response, ProblemCode.IDEMPOTENCY_KEY_REUSED,
                        "This Idempotency-Key was used with another method, path or body");
            } else if (!stored.done()) {
                response.setHeader("Retry-After", "1");
                problems.write(request, response, ProblemCode.IDEMPOTENCY_IN_PROGRESS,
                        "A request with this Idempotency-Key is still running");
            } else {
                replay(stored, secrets.decrypt(stored.body(), context(owner, key)), response);
            }
            return false;
        }
        response.setHeader("Retry-After", "1");
        problems.write(request, response, ProblemCode.IDEMPOTENCY_IN_PROGRESS,
                "A request with this Idempotency-Key is still running");
        return false;
    }

    private static void replay(IdempotencyRepository.Stored stored, byte[] body, HttpServletResponse response)
            throws IOException {
        response.setStatus(stored.status());
        if (stored.contentType() != null) {
            response.setContentType(stored.contentType());
        }
        response.setHeader(REPLAYED, "true");
        // The replay is the first response, problems included: they quote the first request's id.
        if (stored.requestId() != null) {
            response.setHeader(RequestIds.HEADER, stored.requestId());
        }
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private void release(UUID owner, String key) {
        try {
            transactions.executeWithoutResult(tx -> repository.release(owner, key));
        } catch (RuntimeException e) {
            log.warn("Could not release Idempotency-Key claim; it frees itself after {}", settings.abandonAfter(), e);
        }
    }

    @Scheduled(fixedDelayString = "${opsbench.idempotency.purge-interval:10m}")
    void purgeExpired() {
        try {
            int purged = repository.purge(clock.instant());
            if (purged > 0) {
                log.debug("Purged {} expired idempotency records", purged);
            }
        } catch (RuntimeException e) {
            log.warn("Could not purge expired idempotency records; will retry", e);
        }
    }

    static boolean wellFormed(String key) {
        return key != null && !key.isEmpty() && key.length() <= 255 && !key.isBlank()
                && key.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }

    private static UUID owner(Principal principal) {
        return principal instanceof Principal.Tenant tenant ? tenant.tenantId().value() : principal.keyId();
    }

    private static String context(UUID owner, String key) {
        return "idempotency:" + owner + ":" + key;
    }

    private static boolean isMultipart(HttpServletRequest request) {
        String type = request.getContentType();
        return type != null && type.toLowerCase(Locale.ROOT).startsWith("multipart/");
    }

    private static byte[] fingerprint(HttpServletRequest request, byte[] body) {
        MessageDigest sha = Sha256.newDigest();
        String target = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
        sha.update((request.getMethod() + "\n" + target + "\n").getBytes(StandardCharsets.UTF_8));
        sha.update(body);
        return sha.digest();
    }

    /** Multipart bodies carry a random boundary: digest the parts, which the container keeps for the handler. */
    private static byte[] partsDigest(HttpServletRequest request) throws IOException, ServletException {
        MessageDigest sha = Sha256.newDigest();
        for (Part part : request.getParts()) {
            sha.update((part.getName() + "\n" + part.getSubmittedFileName() + "\n" + part.getContentType() + "\n")
                    .getBytes(StandardCharsets.UTF_8));
            try (InputStream in = part.getInputStream()) {
                sha.update(in.readAllBytes());
            }
        }
        return sha.digest();
    }

    /** The request with its body read once, for the fingerprint, and handed to the handler again. */
    private static final class CachedBody extends HttpServletRequestWrapper {

        private final byte[] body;

        CachedBody(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("The body is already read");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            String encoding = getCharacterEncoding();
            return new BufferedReader(new InputStreamReader(getInputStream(),
                    encoding == null ? StandardCharsets.UTF_8 : java.nio.charset.Charset.forName(encoding)));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
