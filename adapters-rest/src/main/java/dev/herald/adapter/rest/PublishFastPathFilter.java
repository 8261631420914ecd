package dev.herald.adapter.rest;

import dev.herald.application.port.out.Telemetry;
import dev.herald.domain.error.RejectedException;
import jakarta.inject.Inject;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Answers {@code POST /api/jobs/{jobId}/events} and {@code .../events/batch} in front of JAX-RS, with
 * the same {@link PublishRequests} and the same answers as {@link JobsResource}. Publishing is the
 * gateway's hottest request, and JAX-RS with its CDI interception cost about a quarter of the
 * gateway's CPU per published event (docs/decisions/0007). A request of an unusual shape
 * (matrix parameters, an {@code Accept} that needs negotiating) passes on to JAX-RS, which answers it.
 * It never goes asynchronous itself, but it shares its URL pattern with the event streams'
 * {@link dev.herald.adapter.rest.sse.SseStreamFilter}, which does: a filter before it in the chain
 * that did not support async would make every stream fail to start.
 */
@WebFilter(urlPatterns = "/api/jobs/*", asyncSupported = true)
public class PublishFastPathFilter implements Filter {

    private static final System.Logger LOG = System.getLogger(PublishFastPathFilter.class.getName());
    private static final String EVENTS = "/events";
    private static final String BATCH = "/events/batch";

    @Inject
    PublishRequests publishing;
    @Inject
    Telemetry telemetry;

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        if (!"POST".equals(http.getMethod()) || !acceptsJson(http.getHeader("Accept"))) {
            chain.doFilter(request, response);
            return;
        }
        Optional<String> single = JobPath.segment(http, EVENTS).filter(PublishFastPathFilter::plain);
        Optional<String> batch = single.isPresent() ? Optional.empty()
                : JobPath.segment(http, BATCH).filter(PublishFastPathFilter::plain);
        if (single.isEmpty() && batch.isEmpty()) {
            chain.doFilter(request, response);
            return;
        }
        HttpServletResponse out = (HttpServletResponse) response;
        try {
            String jobId = JobPath.decode(single.orElseGet(batch::get));
            String contentType = http.getContentType();
            String authorization = http.getHeader("Authorization");
            String key = http.getHeader(JobsResource.IDEMPOTENCY_KEY);
            PublishReply reply = single.isPresent()
                    ? publishing.one(jobId, contentType, authorization, key, http.getInputStream())
                    : publishing.batch(jobId, contentType, authorization, key, http.getInputStream());
            write(http, out, reply);
        } catch (RejectedException e) {
            telemetry.rejected(e.code());
            ErrorResponses.write(out, e.rejection());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Unexpected error answering a REST request", e);
            ErrorResponses.write(out, 500, "INTERNAL_ERROR", "Internal error");
        }
    }

    private static void write(HttpServletRequest http, HttpServletResponse out, PublishReply reply) throws IOException {
        out.setStatus(reply.status());
        out.setContentType("application/json");
        if (reply.location() != null) {
            out.setHeader("Location", apiBase(http) + reply.location());
        }
        if (reply.replayed()) {
            out.setHeader(PublishReply.IDEMPOTENT_REPLAYED, "true");
        }
        byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        out.setContentLength(body.length);
        out.getOutputStream().write(body);
    }

    /** {@code scheme://host:port/api/}, as JAX-RS resolves a relative location against the request's base URI. */
    private static String apiBase(HttpServletRequest http) {
        StringBuffer url = http.getRequestURL();
        int path = url.indexOf("/api/jobs/", url.indexOf("//") + 2);
        return url.substring(0, path) + "/api/";
    }

    /** Matrix parameters ({@code ;}) are JAX-RS's to strip. */
    private static boolean plain(String segment) {
        return segment.indexOf(';') < 0;
    }

    /**
     * No {@code Accept}, or one that names JSON or any type without weighing it: JSON is the only
     * answer, so there is nothing to negotiate. Anything else (q-values, other types only) is
     * left to JAX-RS, which answers 406 where JSON is ruled out.
     */
    static boolean acceptsJson(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        if (accept.indexOf(';') >= 0) {
            return false;
        }
        for (String range : accept.split(",")) {
            String type = range.trim();
            if (type.equalsIgnoreCase("application/json") || type.equals("*/*") || type.equalsIgnoreCase("application/*")) {
                return true;
            }
        }
        return false;
    }
}
