package dev.herald.bootstrap.docs;

import dev.herald.bootstrap.Setting;
import dev.herald.domain.channel.NamespaceOptions;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/configuration.md's settings tables (property, environment variables, default) against
 * {@link Setting}, both ways: every setting documented, every documented setting read, the same
 * environment variables in the same order, the same default.
 */
class ConfigurationDocTest {

    private static final MarkdownDoc PAGE = MarkdownDoc.read("configuration.md");

    /** The namespace options' rows stand for a family: {@code herald.namespace.N.<option>}. */
    private static final String NAMESPACE_FAMILY = "herald.namespace.N.";

    @Test
    void everySettingIsDocumentedAndEveryDocumentedSettingIsRead() {
        Map<String, MarkdownDoc.Row> documented = documentedSettings();
        List<String> problems = new ArrayList<>();
        for (Setting setting : Setting.values()) {
            if (!documented.containsKey(setting.property())) {
                problems.add(setting.property() + " (Setting." + setting + ") has no row in docs/configuration.md");
            }
        }
        documented.forEach((property, row) -> {
            if (!property.startsWith(NAMESPACE_FAMILY) && Setting.byProperty(property).isEmpty()) {
                problems.add("docs/configuration.md line " + row.line() + " documents " + property
                        + ", which no Setting reads");
            }
        });
        assertThat(problems).as("settings in the docs and in the code").isEmpty();
    }

    @Test
    void theEnvironmentVariablesAreTheOnesTheCodeReads() {
        List<String> problems = new ArrayList<>();
        documentedSettings().forEach((property, row) -> {
            List<String> documented = MarkdownDoc.codeSpans(row.cell(1));
            Optional<Setting> setting = Setting.byProperty(property);
            List<String> expected = new ArrayList<>();
            expected.add(environmentForm(property));
            setting.ifPresent(s -> expected.addAll(s.aliases()));
            if (setting.isPresent() || property.startsWith(NAMESPACE_FAMILY)) {
                if (!documented.equals(expected)) {
                    problems.add("docs/configuration.md line " + row.line() + ": " + property
                            + " lists the environment variables " + documented + ", the code reads " + expected);
                }
            }
        });
        assertThat(problems).as("environment variables in the docs and in the code").isEmpty();
    }

    @Test
    void theDefaultsAreTheOnesTheCodeUses() {
        List<String> problems = new ArrayList<>();
        documentedSettings().forEach((property, row) -> {
            Optional<String> documented = documentedDefault(row.cell(2));
            Optional<Optional<String>> actual = property.startsWith(NAMESPACE_FAMILY)
                    ? namespaceDefault(property.substring(NAMESPACE_FAMILY.length()))
                    : Setting.byProperty(property).map(Setting::defaultValue);
            actual.filter(code -> !code.equals(documented)).ifPresent(code -> problems.add(
                    "docs/configuration.md line " + row.line() + ": " + property + " has the default "
                            + documented.map(d -> "`" + d + "`").orElse("\"" + row.cell(2) + "\" (no value)")
                            + ", the code's is " + code.map(c -> "`" + c + "`").orElse("none (unset or computed)")));
        });
        assertThat(problems).as("defaults in the docs and in the code").isEmpty();
    }

    @Test
    void theNamespaceFamilyRowsAreTheOptionsTheCodeReads() {
        List<String> documented = documentedSettings().keySet().stream()
                .filter(p -> p.startsWith(NAMESPACE_FAMILY)).map(p -> p.substring(NAMESPACE_FAMILY.length())).toList();
        assertThat(documented).containsExactlyInAnyOrder("history", "client-publish", "presence", "join-leave");
    }

    /**
     * server.xml keeps Liberty variables with defaults of their own (the container cannot read
     * Setting): the ones that are Herald settings must have Setting's default, and the Liberty
     * table of the page must give server.xml's.
     */
    @Test
    void theServerXmlVariablesAgreeWithSettingAndThePage() throws java.io.IOException {
        String serverXml = java.nio.file.Files.readString(java.nio.file.Path.of("src/main/liberty/config/server.xml"));
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("<variable name=\"([^\"]+)\" defaultValue=\"([^\"]*)\"").matcher(serverXml);
        Map<String, String> variables = new LinkedHashMap<>();
        while (m.find()) {
            variables.put(m.group(1), m.group(2));
        }
        assertThat(variables).as("variables with defaults in server.xml").isNotEmpty();
        List<String> problems = new ArrayList<>();
        variables.forEach((name, value) -> Setting.byProperty(name).ifPresent(setting -> {
            if (!setting.defaultValue().equals(Optional.of(value))) {
                problems.add("server.xml gives " + name + " the default " + value + ", Setting " + setting.defaultValue());
            }
        }));
        PAGE.tables().stream().filter(t -> t.headerStartsWith("environment variable", "default"))
                .flatMap(t -> t.rows().stream()).forEach(row -> {
                    String variable = MarkdownDoc.codeSpans(row.cell(0)).get(0);
                    variables.forEach((name, value) -> {
                        if (environmentForm(name).equals(variable)
                                && !documentedDefault(row.cell(1)).equals(Optional.of(value))) {
                            problems.add("docs/configuration.md line " + row.line() + ": " + variable
                                    + " has the default " + row.cell(1) + ", server.xml's is " + value);
                        }
                    });
                });
        assertThat(problems).as("server.xml's defaults").isEmpty();
    }

    /** Every row of the tables headed "property | environment variable(s) | default", by property. */
    private static Map<String, MarkdownDoc.Row> documentedSettings() {
        Map<String, MarkdownDoc.Row> rows = new LinkedHashMap<>();
        PAGE.tables().stream().filter(t -> t.headerStartsWith("property", "environment variable(s)", "default"))
                .flatMap(t -> t.rows().stream()).forEach(row -> {
                    List<String> names = MarkdownDoc.codeSpans(row.cell(0));
                    assertThat(names).as("docs/configuration.md line " + row.line() + ": a property in code span")
                            .hasSize(1);
                    assertThat(rows.put(names.get(0), row)).as("docs/configuration.md documents " + names.get(0)
                            + " twice (line " + row.line() + ")").isNull();
                });
        assertThat(rows).as("settings tables in docs/configuration.md").isNotEmpty();
        return rows;
    }

    /**
     * A default cell that starts with a code span gives that value ({@code `500` (unlimited)});
     * one that starts with words ("none", "empty", "2 x CPU cores") or with a placeholder path
     * ({@code `<server output dir>/...`}) says there is no fixed value.
     */
    private static Optional<String> documentedDefault(String cell) {
        if (!cell.startsWith("`")) {
            return Optional.empty();
        }
        String value = MarkdownDoc.codeSpans(cell).get(0);
        return value.contains("<") ? Optional.empty() : Optional.of(value);
    }

    private static Optional<Optional<String>> namespaceDefault(String option) {
        NamespaceOptions defaults = NamespaceOptions.DEFAULT;
        return Optional.ofNullable(switch (option) {
            case "history" -> Optional.of(defaults.history().name().toLowerCase(Locale.ROOT));
            case "client-publish" -> Optional.of(String.valueOf(defaults.clientPublish()));
            case "presence" -> Optional.of(String.valueOf(defaults.presence()));
            case "join-leave" -> Optional.of(String.valueOf(defaults.joinLeave()));
            default -> null;
        });
    }

    /** MicroProfile Config's environment form of a property; the namespace family's N stays N. */
    private static String environmentForm(String property) {
        StringBuilder out = new StringBuilder();
        for (char c : property.toCharArray()) {
            out.append(Character.isLetterOrDigit(c) ? Character.toUpperCase(c) : '_');
        }
        return out.toString();
    }

}
