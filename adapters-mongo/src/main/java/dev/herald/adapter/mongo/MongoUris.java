package dev.herald.adapter.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoConfigurationException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses and redacts MongoDB connection strings. Every text that may reach a log or an exception
 * goes through here, because a connection string usually carries a password.
 */
final class MongoUris {

    static final String EXPECTED_FORM =
            "mongodb://[user:password@]host[:port][,host2[:port]...][/database][?options] or mongodb+srv://...";

    private static final String MASK = "****";

    private MongoUris() {
    }

    /**
     * @throws IllegalArgumentException naming the setting, the redacted URI and the expected form;
     *                                  the driver's own reason is kept only when it shows no secret
     * @throws IllegalStateException    when a {@code mongodb+srv://} URI's DNS TXT lookup fails
     */
    static ConnectionString parse(String uri) {
        if (uri == null || uri.isBlank()) {
            throw new IllegalArgumentException("The MongoDB URI (MONGODB_URI / herald.mongo.uri) is empty. Expected "
                    + EXPECTED_FORM);
        }
        try {
            return new ConnectionString(uri.strip());
        } catch (MongoConfigurationException e) {
            // mongodb+srv:// URIs are completed from DNS TXT records while parsing: not a syntax error
            throw new IllegalStateException("The MongoDB URI (MONGODB_URI / herald.mongo.uri) " + redact(uri)
                    + " could not be completed from DNS: " + withoutSecrets(e.getMessage(), uri));
        } catch (RuntimeException e) {
            // not chained as cause: the driver's exception text is unfiltered and may echo the password
            throw new IllegalArgumentException("The MongoDB URI (MONGODB_URI / herald.mongo.uri) is malformed: "
                    + withoutSecrets(e.getMessage(), uri) + " URI: " + redact(uri) + ". Expected " + EXPECTED_FORM);
        }
    }

    /** The URI with the password (and any password-like option value) replaced by {@code ****}. */
    static String redact(String uri) {
        String redacted = uri.strip();
        int schemeEnd = redacted.indexOf("://");
        int at = redacted.lastIndexOf('@');
        if (schemeEnd >= 0 && at > schemeEnd) {
            String userInfo = redacted.substring(schemeEnd + 3, at);
            int colon = userInfo.indexOf(':');
            String shown = colon < 0 ? userInfo : userInfo.substring(0, colon) + ":" + MASK;
            redacted = redacted.substring(0, schemeEnd + 3) + shown + redacted.substring(at);
        }
        for (String value : passwordOptionValues(redacted)) {
            redacted = redacted.replace("=" + value, "=" + MASK);
        }
        return redacted;
    }

    private static String withoutSecrets(String message, String uri) {
        String text = message == null ? "" : message.strip();
        for (String secret : secrets(uri)) {
            if (!secret.isEmpty() && text.contains(secret)) {
                return "(the driver's reason is withheld because it would show a password)";
            }
        }
        return text.endsWith(".") ? text : text + ".";
    }

    private static List<String> secrets(String uri) {
        List<String> secrets = new ArrayList<>(passwordOptionValues(uri));
        int schemeEnd = uri.indexOf("://");
        int at = uri.lastIndexOf('@');
        if (schemeEnd >= 0 && at > schemeEnd) {
            String userInfo = uri.substring(schemeEnd + 3, at);
            int colon = userInfo.indexOf(':');
            if (colon >= 0) {
                String password = userInfo.substring(colon + 1);
                secrets.add(password);
                secrets.add(decoded(password));
            }
        }
        return secrets;
    }

    private static List<String> passwordOptionValues(String uri) {
        List<String> values = new ArrayList<>();
        int query = uri.indexOf('?');
        if (query < 0) {
            return values;
        }
        for (String option : uri.substring(query + 1).split("[&;]")) {
            int eq = option.indexOf('=');
            if (eq > 0 && option.substring(0, eq).toLowerCase(Locale.ROOT).contains("password")) {
                String value = option.substring(eq + 1);
                if (!value.isEmpty()) {
                    values.add(value);
                    values.add(decoded(value));
                }
            }
        }
        return values;
    }

    private static String decoded(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text;
        }
    }
}
