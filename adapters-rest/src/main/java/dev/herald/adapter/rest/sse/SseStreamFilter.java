package dev.herald.adapter.rest.sse;

import dev.herald.adapter.http.Bearer;
import dev.herald.adapter.http.ClientAddressResolver;
import dev.herald.adapter.http.ClientIds;
import dev.herald.adapter.rest.ErrorResponses;
import dev.herald.adapter.rest.JobPath;
import dev.herald.application.port.in.Admission;
import dev.herald.application.port.in.ConnectClientUseCase;
import dev.herald.application.port.in.ConnectCommand;
import dev.herald.application.port.in.Credentials;
import dev.herald.application.port.in.DisconnectClientUseCase;
import dev.herald.application.port.in.SubscribeCommand;
import dev.herald.application.port.in.SubscribeUseCase;
import dev.herald.application.port.out.ServerMessage;
import dev.herald.application.port.out.Telemetry;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.client.OriginAllowList;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.RejectedException;
import dev.herald.domain.error.Rejection;
import dev.herald.domain.job.JobId;
import jakarta.inject.Inject;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * {@code GET /api/jobs/{jobId}/stream}: follows one job over Server-Sent Events. The request is
 * admitted like a socket (the same connect use case: drain, maintenance, origin, token, caps) and
 * subscribed with the same use case and cursor ({@code Last-Event-ID}, else {@code afterSeq}); the
 * replies reach it through {@link SseClientChannel}. The request then goes asynchronous: no thread
 * is held while the stream is open. Every other request under {@code /api/jobs/} passes on to the
 * REST resources.
 */
@WebFilter(urlPatterns = "/api/jobs/*", asyncSupported = true)
public class SseStreamFilter implements Filter {

    private static final System.Logger LOG = System.getLogger(SseStreamFilter.class.getName());
    private static final String SUFFIX = "/stream";

    @Inject
    SseClientChannel channel;
    @Inject
    ConnectClientUseCase connect;
    @Inject
    SubscribeUseCase subscribe;
    @Inject
    DisconnectClientUseCase disconnect;
    @Inject
    ClientAddressResolver addresses;
    @Inject
    OriginAllowList allowedOrigins;
    @Inject
    Telemetry telemetry;

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        Optional<String> jobSegment = JobPath.segment(http, SUFFIX);
        String method = http.getMethod();
        if (jobSegment.isEmpty() || !("GET".equals(method) || "OPTIONS".equals(method))) {
            chain.doFilter(request, response);
            return;
        }
        HttpServletResponse out = (HttpServletResponse) response;
        Optional<String> origin = Optional.ofNullable(http.getHeader("Origin")).filter(o -> !o.isBlank());
        StreamCors cors = new StreamCors(allowedOrigins, origin);
        if ("OPTIONS".equals(method)) {
            cors.preflight(out);
            return;
        }
        JobId jobId;
        OptionalLong afterSeq;
        try {
            jobId = JobId.of(JobPath.decode(jobSegment.get()));
            afterSeq = cursor(http);
        } catch (RejectedException e) {
            telemetry.rejected(e.code());
            StreamResponses.refuse(out, cors, ServerMessage.Error.of(e.code(), e.rejection().message()));
            return;
        }
        follow(http, out, cors, origin, jobId, afterSeq);
    }

    private void follow(HttpServletRequest http, HttpServletResponse out, StreamCors cors, Optional<String> origin,
                        JobId jobId, OptionalLong afterSeq) throws IOException {
        ClientId client = ClientIds.next();
        SseStream stream = channel.open(client);
        Admission admission = connect.connect(new ConnectCommand(client, origin,
                addresses.resolve(http.getRemoteAddr(), Optional.ofNullable(http.getHeader("X-Forwarded-For"))),
                credentials(http), true));
        if (!admission.isAccepted()) {
            channel.closed(client);
            Rejection rejection = admission.rejection().orElseThrow();
            StreamResponses.refuse(out, cors, ServerMessage.Error.of(rejection.code(), rejection.message()));
            return;
        }
        AsyncContext async = http.startAsync();
        async.setTimeout(0); // a stream lasts as long as its client wants it
        AtomicBoolean ended = new AtomicBoolean();
        async.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                end();
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                stream.abort("async timeout");
                end();
            }

            @Override
            public void onError(AsyncEvent event) {
                stream.abort("connection error");
                end();
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
            }

            private void end() {
                if (ended.compareAndSet(false, true)) {
                    channel.closed(client);
                    disconnect.disconnect(client, "SSE stream ended");
                }
            }
        });
        stream.attach(async, new StreamResponses(cors));
        LOG.log(System.Logger.Level.DEBUG, () -> "SSE stream requested: client " + client + " job " + jobId);
        try {
            subscribe.subscribe(new SubscribeCommand(client, jobId, afterSeq, Optional.empty()));
        } finally {
            channel.dispatched(stream);
        }
    }

    /** The token from {@code ?token=}, else the {@code Authorization} header. */
    private static Credentials credentials(HttpServletRequest http) {
        String token = http.getParameter("token");
        if (token != null && !token.isBlank()) {
            return Credentials.bearer(token);
        }
        return Bearer.from(http.getHeader("Authorization"));
    }

    /** {@code Last-Event-ID} (a reconnecting EventSource's last seq) wins over {@code afterSeq}. */
    static OptionalLong cursor(HttpServletRequest http) {
        String lastEventId = http.getHeader("Last-Event-ID");
        if (lastEventId != null && !lastEventId.isBlank()) {
            return OptionalLong.of(seq(lastEventId, "Last-Event-ID"));
        }
        String afterSeq = http.getParameter("afterSeq");
        return afterSeq == null ? OptionalLong.empty() : OptionalLong.of(seq(afterSeq, "afterSeq"));
    }

    private static long seq(String text, String name) {
        try {
            long value = Long.parseLong(text.trim());
            if (value >= 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new RejectedException(ErrorCode.BAD_REQUEST, name + " must be an integer >= 0");
    }

    /** How a stream's response starts, or is refused, with the CORS headers its caller needs. */
    static final class StreamResponses implements SseStream.Responses {

        private final StreamCors cors;

        StreamResponses(StreamCors cors) {
            this.cors = cors;
        }

        @Override
        public void open(HttpServletResponse response) {
            response.setStatus(200);
            response.setContentType("text/event-stream");
            response.setCharacterEncoding("UTF-8");
            response.setHeader("Cache-Control", "no-cache, no-transform");
            // nginx (and proxies that follow it) would otherwise buffer the stream
            response.setHeader("X-Accel-Buffering", "no");
            cors.apply(response);
        }

        @Override
        public void refuse(HttpServletResponse response, ServerMessage.Error error) throws IOException {
            StreamResponses.refuse(response, cors, error);
        }

        /** The REST API's error: the code's status, headers and {@code {"code","message"}}, with CORS. */
        static void refuse(HttpServletResponse response, StreamCors cors, ServerMessage.Error error) throws IOException {
            cors.apply(response);
            ErrorResponses.write(response, new Rejection(error.code(), error.message()));
        }
    }
}
