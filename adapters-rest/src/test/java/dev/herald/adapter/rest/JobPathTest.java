package dev.herald.adapter.rest;

import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.RejectedException;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobPathTest {

    /** A request that only knows its path, as the container gives it (still percent-encoded). */
    private static HttpServletRequest request(String contextPath, String uri) {
        return (HttpServletRequest) Proxy.newProxyInstance(JobPathTest.class.getClassLoader(),
                new Class<?>[]{HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getRequestURI" -> uri;
                    case "getContextPath" -> contextPath;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void theSegmentIsTheJobOfExactlyThatRoute() {
        assertThat(JobPath.segment(request("", "/api/jobs/job-1/events"), "/events")).hasValue("job-1");
        assertThat(JobPath.segment(request("", "/api/jobs/job-1/events/batch"), "/events/batch")).hasValue("job-1");
        assertThat(JobPath.segment(request("/ctx", "/ctx/api/jobs/a%2Fb/stream"), "/stream")).hasValue("a%2Fb");
    }

    @Test
    void anyOtherPathHasNoSegment() {
        assertThat(JobPath.segment(request("", "/api/jobs/job-1/events/"), "/events")).isEmpty();
        assertThat(JobPath.segment(request("", "/api/jobs/a/b/events"), "/events")).isEmpty();
        assertThat(JobPath.segment(request("", "/api/jobs//events"), "/events")).isEmpty();
        assertThat(JobPath.segment(request("", "/api/jobs/events"), "/events")).isEmpty();
        assertThat(JobPath.segment(request("", "/api/other/job-1/events"), "/events")).isEmpty();
        assertThat(JobPath.segment(request("", "/api/jobs/job-1/events/batch"), "/events")).isEmpty();
    }

    @Test
    void aSegmentIsDecodedAsAPathParameterIs() {
        assertThat(JobPath.decode("job%2D1")).isEqualTo("job-1");
        assertThat(JobPath.decode("a+b")).isEqualTo("a+b");
        assertThat(JobPath.decode("a%2Fb")).isEqualTo("a/b");
        assertThatThrownBy(() -> JobPath.decode("bad%zz")).isInstanceOfSatisfying(RejectedException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
    }
}
