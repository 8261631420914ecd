package dev.herald.adapter.rest;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The REST API lives under {@code /api}; health and Prometheus metrics are at the root. */
@ApplicationPath("/api")
public class HeraldRestApplication extends Application {
}
