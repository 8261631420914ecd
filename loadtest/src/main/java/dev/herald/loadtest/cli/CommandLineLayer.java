package dev.herald.loadtest.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The settings given on the command line, as a layer over the config file: every option the user
 * typed, under the camelCase form of its long name ({@code --client-count 5} is {@code clientCount=5}),
 * plus {@code --set} entries. Options that steer the command itself are left out.
 */
final class CommandLineLayer {

    private static final Set<String> NOT_SETTINGS = Set.of("--config", "--json", "--set", "--output", "--label", "--help",
            "--scenarios", "--skip-redis-reset", "--all", "--baseline", "--target", "--scenario");

    private CommandLineLayer() {
    }

    static Map<String, String> of(CommandSpec spec, Map<String, String> set) {
        Map<String, String> layer = new LinkedHashMap<>();
        for (OptionSpec option : spec.commandLine().getParseResult().matchedOptions()) {
            String name = option.longestName();
            if (NOT_SETTINGS.contains(name) || option.getValue() == null) {
                continue;
            }
            layer.put(camel(name), String.valueOf((Object) option.getValue()));
        }
        if (set != null) {
            layer.putAll(set);
        }
        return layer;
    }

    static String camel(String option) {
        String bare = option.replaceFirst("^-+", "");
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : bare.toCharArray()) {
            if (c == '-') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }
}
