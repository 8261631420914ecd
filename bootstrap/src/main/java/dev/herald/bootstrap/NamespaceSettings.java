package dev.herald.bootstrap;

import dev.herald.domain.channel.History;
import dev.herald.domain.channel.Namespace;
import dev.herald.domain.channel.NamespaceOptions;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the namespaces: {@code herald.namespaces} (comma-separated names) and, for each name N,
 * {@code herald.namespace.N.history|client-publish|presence|join-leave}, or their environment
 * variables by the usual mapping ({@code HERALD_NAMESPACE_CHAT_CLIENT_PUBLISH}). Read once at start;
 * an unknown option, an option of a namespace not listed, or a value that is not one of the
 * option's stops the start with a message naming the setting, so a misspelt option never leaves a
 * namespace silently at its defaults.
 */
final class NamespaceSettings {

    static final String PREFIX = "herald.namespace.";
    private static final String ENV_PREFIX = "HERALD_NAMESPACE_";

    /** The options a namespace has, by their property suffix. */
    enum Option {
        HISTORY("history"), CLIENT_PUBLISH("client-publish"), PRESENCE("presence"), JOIN_LEAVE("join-leave");

        final String suffix;

        Option(String suffix) {
            this.suffix = suffix;
        }

        String envSuffix() {
            return name();
        }
    }

    private NamespaceSettings() {
    }

    static Map<Namespace, NamespaceOptions> from(HeraldConfig config) {
        List<Namespace> names = names(config);
        rejectUnknownNames(config, names);
        Map<Namespace, NamespaceOptions> namespaces = new LinkedHashMap<>();
        for (Namespace namespace : names) {
            namespaces.put(namespace, new NamespaceOptions(
                    history(config, namespace),
                    flag(config, namespace, Option.CLIENT_PUBLISH, NamespaceOptions.DEFAULT.clientPublish()),
                    flag(config, namespace, Option.PRESENCE, NamespaceOptions.DEFAULT.presence()),
                    flag(config, namespace, Option.JOIN_LEAVE, NamespaceOptions.DEFAULT.joinLeave())));
        }
        return namespaces;
    }

    static String property(Namespace namespace, Option option) {
        return PREFIX + namespace.name() + "." + option.suffix;
    }

    private static List<Namespace> names(HeraldConfig config) {
        List<Namespace> names = new ArrayList<>();
        List<String> upperCased = new ArrayList<>();
        for (String name : config.list(Setting.NAMESPACES)) {
            if (!Namespace.valid(name)) {
                throw invalid(Setting.NAMESPACES.property() + " names \"" + name
                        + "\", expected namespace names of letters and digits ([A-Za-z0-9]+) separated by commas");
            }
            String upper = name.toUpperCase(Locale.ROOT);
            if (upperCased.contains(upper)) {
                throw invalid(Setting.NAMESPACES.property() + " names \"" + name + "\" twice (or twice in different case:"
                        + " their environment variables could not tell them apart)");
            }
            upperCased.add(upper);
            names.add(new Namespace(name));
        }
        return names;
    }

    private static History history(HeraldConfig config, Namespace namespace) {
        String property = property(namespace, Option.HISTORY);
        Optional<String> value = config.value(property);
        if (value.isEmpty()) {
            return NamespaceOptions.DEFAULT.history();
        }
        return History.fromConfig(value.get()).orElseThrow(() ->
                invalid(property + " is \"" + value.get() + "\", expected durable or none"));
    }

    private static boolean flag(HeraldConfig config, Namespace namespace, Option option, boolean fallback) {
        String property = property(namespace, option);
        Optional<String> value = config.value(property);
        if (value.isEmpty()) {
            return fallback;
        }
        if (value.get().equalsIgnoreCase("true")) {
            return true;
        }
        if (value.get().equalsIgnoreCase("false")) {
            return false;
        }
        throw invalid(property + " is \"" + value.get() + "\", expected true or false");
    }

    /**
     * Every configured name of the {@code herald.namespace.} family, as a property or as an
     * environment variable, must be an option of a listed namespace.
     */
    private static void rejectUnknownNames(HeraldConfig config, List<Namespace> namespaces) {
        for (String name : config.names()) {
            String normalized = environmentForm(name);
            if (!normalized.startsWith(ENV_PREFIX) || config.value(name).isEmpty()) {
                continue;
            }
            String rest = normalized.substring(ENV_PREFIX.length());
            Optional<Namespace> namespace = namespaces.stream()
                    .filter(n -> rest.startsWith(n.name().toUpperCase(Locale.ROOT) + "_")).findFirst();
            if (namespace.isEmpty()) {
                throw invalid(name + " is set, but its namespace is not in " + Setting.NAMESPACES.property()
                        + " (" + (namespaces.isEmpty() ? "none listed" : String.join(",", namespaces.stream()
                        .map(Namespace::name).toList())) + ")");
            }
            String optionPart = rest.substring(namespace.get().name().length() + 1);
            Option option = null;
            for (Option candidate : Option.values()) {
                option = candidate.envSuffix().equals(optionPart) ? candidate : option;
            }
            if (option == null) {
                throw invalid(name + " is not an option of namespace " + namespace.get().name()
                        + "; the options are history, client-publish, presence and join-leave");
            }
            String canonical = property(namespace.get(), option);
            if (config.value(canonical).isEmpty()) {
                // e.g. herald.namespace.chat.client_publish in a properties file: close enough to be
                // meant, but not a name MicroProfile Config finds for the option (an environment
                // variable, however a config source spells it, is found)
                throw invalid(name + " is not read; write it as " + canonical + " or " + environmentForm(canonical));
            }
        }
    }

    /** MicroProfile Config's environment variable form: upper case, anything not a letter or digit to {@code _}. */
    private static String environmentForm(String name) {
        StringBuilder out = new StringBuilder(name.length());
        for (char c : name.toCharArray()) {
            out.append((c >= 'a' && c <= 'z') ? Character.toUpperCase(c)
                    : ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) ? c : '_');
        }
        return out.toString();
    }

    private static IllegalStateException invalid(String message) {
        return new IllegalStateException("Invalid configuration: " + message);
    }
}
