package dev.herald.domain.violation;

import jakarta.ws.rs.core.Response;

/**
 * Test fixture only: a "domain" class that breaks the rules, so the architecture test can show that
 * its rules catch a violation (a rule that cannot fail proves nothing).
 */
public class DomainClassUsingJakarta {

    public int status(Response response) {
        return response.getStatus();
    }
}
