package dev.herald.adapter.rest;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AdminPathsTest {

    @Test
    void everythingUnderAdminAndTheDrainIsGuarded() {
        assertThat(AdminPaths.guarded("/admin/maintenance", null)).isTrue();
        assertThat(AdminPaths.guarded("/admin", "clients/{clientId}")).isTrue();
        assertThat(AdminPaths.guarded("admin/", "/users/{sub}")).isTrue();
        assertThat(AdminPaths.guarded("/admin/jobs/{jobId}/events", null)).isTrue();
        assertThat(AdminPaths.guarded("/", "admin/clients")).isTrue();
        assertThat(AdminPaths.guarded("//admin//clients/", null)).isTrue();
        assertThat(AdminPaths.guarded("/realtime/drain", null)).isTrue();
        assertThat(AdminPaths.guarded("/realtime", "/drain/")).isTrue();
    }

    @Test
    void otherEndpointsAreNot() {
        assertThat(AdminPaths.guarded("/jobs", "{jobId}/events")).isFalse();
        assertThat(AdminPaths.guarded("/realtime/metrics", null)).isFalse();
        assertThat(AdminPaths.guarded("/administration", null)).isFalse();
        assertThat(AdminPaths.guarded("/jobs/admin", null)).isFalse();
        assertThat(AdminPaths.guarded("/realtime/drainage", null)).isFalse();
        assertThat(AdminPaths.guarded(null, null)).isFalse();
    }
}
