package io.opsbench.platform.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * Refuses request bodies over {@code opsbench.http.max-body-size} (default 1 MB; uploads such as plugin
 * bundles: {@code opsbench.http.max-upload-size}, default 20 MB) with 413: at once when
 * {@code Content-Length} says so, and while reading when a chunked body grows past it.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
class BodySizeLimit extends RequestFilter {

    private final long defaultLimit;
    private final long uploadLimit;
    private final ProblemWriter problems;

    BodySizeLimit(HttpSettings settings, ProblemWriter problems) {
        this.defaultLimit = settings.maxBodySize().toBytes();
        this.uploadLimit = settings.maxUploadSize().toBytes();
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        long limit = isUpload(request.getContentType()) ? uploadLimit : defaultLimit;
        if (request.getContentLengthLong() > limit) {
            problems.write(request, response, ProblemCode.PAYLOAD_TOO_LARGE,
                    "The request body is larger than %d bytes".formatted(limit));
            return;
        }
        chain.doFilter(new Limited(request, limit), response);
    }

    private static boolean isUpload(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.toLowerCase(java.util.Locale.ROOT);
        return type.startsWith("application/zip") || type.startsWith("application/java-archive")
                || type.startsWith("multipart/form-data");
    }

    private static final class Limited extends HttpServletRequestWrapper {

        private final long limit;
        private ServletInputStream stream;

        Limited(HttpServletRequest request, long limit) {
            super(request);
            this.limit = limit;
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            if (stream == null) {
                stream = new CountingStream(super.getInputStream(), limit);
            }
            return stream;
        }
    }

    private static final class CountingStream extends ServletInputStream {

        private final ServletInputStream delegate;
        private final long limit;
        private long read;

        CountingStream(ServletInputStream delegate, long limit) {
            this.delegate = delegate;
            this.limit = limit;
        }

        @Override
        public int read() throws IOException {
            int b = delegate.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = delegate.read(buffer, offset, length);
            if (n > 0) {
                count(n);
            }
            return n;
        }

        private void count(int n) throws IOException {
            read += n;
            if (read > limit) {
                throw new BodyTooLarge(limit);
            }
        }

        @Override
        public boolean isFinished() {
            return delegate.isFinished();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
            delegate.setReadListener(listener);
        }
    }
}
