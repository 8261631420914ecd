package dev.herald.bootstrap.docs;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The log lines docs/runbook.md quotes as exact (the code blocks of its "Log signals" section,
 * {@code <...>} standing for values, {@code ...} for an elided part, a note after three spaces in
 * parentheses) each have a format in the code that can print them.
 */
class RunbookLogLinesDocTest {

    private static final MarkdownDoc RUNBOOK = MarkdownDoc.read("runbook.md");
    private static final Pattern NOTE = Pattern.compile("\\s{3,}\\(.*$");

    @Test
    void everyQuotedLogLineHasAFormatInTheCode() {
        List<LogFormats.Format> formats = LogFormats.inMainSources();
        assertThat(formats).as("log formats found in the main sources").hasSizeGreaterThan(50);
        List<String> quoted = quotedLines();
        assertThat(quoted).as("log lines quoted in runbook.md's Log signals").hasSizeGreaterThan(50);
        List<String> unmatched = quoted.stream()
                .filter(line -> formats.stream().noneMatch(f -> canPrint(f.template(), pattern(line)))).toList();
        assertThat(unmatched).as("runbook.md quotes these log lines, which no LOG.log format (nor exception message) in the code prints")
                .isEmpty();
    }

    /**
     * The runbook's prose quotes lines too, in code spans with values ({@code <id>}) or elisions
     * ({@code ...}): each one that starts as a line the code logs (its first 12 characters) must be
     * one the code can print.
     */
    @Test
    void everyLogLineTheRunbooksProseQuotesIsOneTheCodePrints() {
        List<LogFormats.Format> formats = LogFormats.inMainSources();
        List<String> problems = new ArrayList<>();
        List<String> lines = RUNBOOK.lines();
        for (int i = 0; i < lines.size(); i++) {
            for (String span : MarkdownDoc.codeSpans(lines.get(i))) {
                if (span.length() < 12 || !(span.contains("...") || span.contains("<"))) {
                    continue;
                }
                String quoted = pattern(span);
                boolean looksLogged = formats.stream().anyMatch(f -> f.template().startsWith(span.substring(0, 12)));
                if (looksLogged && formats.stream().noneMatch(f -> canPrint(f.template(), quoted))) {
                    problems.add("runbook.md line " + (i + 1) + ": " + span);
                }
            }
        }
        assertThat(problems).as("log lines quoted in runbook.md's prose that no LOG.log format or exception message prints").isEmpty();
    }

    /** The start line the other pages show as an example, values and all (configuration.md, deployment.md). */
    @Test
    void everyExampleStartLineInTheDocsIsOneTheCodePrints() throws java.io.IOException {
        List<LogFormats.Format> formats = LogFormats.inMainSources();
        List<String> examples = new ArrayList<>();
        try (java.util.stream.Stream<java.nio.file.Path> pages = java.nio.file.Files.list(java.nio.file.Path.of("..", "docs"))) {
            for (java.nio.file.Path page : pages.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                java.nio.file.Files.readAllLines(page).stream().filter(line -> line.startsWith("Herald gateway started: "))
                        .filter(line -> !line.contains("<")).forEach(line -> examples.add(page.getFileName() + ": " + line));
            }
        }
        assertThat(examples).as("example start lines in docs/").isNotEmpty();
        assertThat(examples.stream().filter(example -> formats.stream().noneMatch(f -> canPrint(f.template(),
                example.substring(example.indexOf(": ") + 2)))).toList())
                .as("example start lines that the code does not print").isEmpty();
    }

    @Test
    void aLineTheCodeDoesNotPrintIsFound() {
        List<LogFormats.Format> formats = LogFormats.inMainSources();
        assertThat(formats.stream().anyMatch(f -> canPrint(f.template(),
                pattern("Connection accepted: client <id> origin <origin|none> address <address> (total <n>)")))).isTrue();
        assertThat(formats.stream().anyMatch(f -> canPrint(f.template(),
                pattern("Connection accepted: client <id> from <address>")))).isFalse();
    }

    /** The lines of the code blocks (not the shell ones) between "## Log signals" and the next "## ". */
    private static List<String> quotedLines() {
        List<String> lines = RUNBOOK.lines();
        int start = lines.indexOf("## Log signals");
        assertThat(start).as("runbook.md has a \"## Log signals\" section").isNotNegative();
        List<String> quoted = new ArrayList<>();
        boolean inBlock = false;
        boolean shell = false;
        for (int i = start + 1; i < lines.size() && !lines.get(i).startsWith("## "); i++) {
            String line = lines.get(i);
            if (line.startsWith("```")) {
                shell = !inBlock && !line.equals("```");
                inBlock = !inBlock;
            } else if (inBlock && !shell && !line.isBlank()) {
                quoted.add(NOTE.matcher(line).replaceFirst("").strip());
            }
        }
        return quoted;
    }

    /** Stands for a {@code <value>} of a quoted line: only a computed part of the code prints it. */
    static final char VALUE = '\u0001';

    /**
     * A quoted line with its {@code <...>} (nested ones too) as {@link #VALUE} and its {@code ...}
     * (an elided part) as a wildcard.
     */
    static String pattern(String line) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '<') {
                if (depth++ == 0) {
                    out.append(VALUE);
                }
            } else if (c == '>' && depth > 0) {
                depth--;
            } else if (depth == 0) {
                if (line.startsWith("...", i)) {
                    out.append(LogFormats.WILDCARD);
                    i += 2;
                } else {
                    out.append(c);
                }
            }
        }
        return out.toString();
    }

    /**
     * Whether the code's template can print the quoted line: its literal text is the quoted line's,
     * in order, and each {@code <value>} of the quoted line falls in a computed part of the
     * template (which may also print words the quoted line spells out, as a ternary does). An
     * elision ({@code ...}) stands for any text but a {@code ;}, which separates a line's parts.
     */
    static boolean canPrint(String template, String quoted) {
        int prefix = 0;
        while (prefix < template.length() && prefix < quoted.length() && template.charAt(prefix) != LogFormats.WILDCARD
                && quoted.charAt(prefix) != LogFormats.WILDCARD && quoted.charAt(prefix) != VALUE) {
            if (template.charAt(prefix) != quoted.charAt(prefix)) {
                return false;
            }
            prefix++;
        }
        return intersect(template, quoted, prefix, prefix, new HashMap<>());
    }

    private static boolean intersect(String t, String q, int i, int j, Map<Long, Boolean> memo) {
        long key = ((long) i << 32) | j;
        Boolean known = memo.get(key);
        if (known != null) {
            return known;
        }
        boolean result;
        char w = LogFormats.WILDCARD;
        if (i == t.length() && j == q.length()) {
            result = true;
        } else if (i < t.length() && t.charAt(i) == w) {
            result = intersect(t, q, i + 1, j, memo) || (j < q.length() && intersect(t, q, i, j + 1, memo));
        } else if (j < q.length() && q.charAt(j) == w) {
            result = intersect(t, q, i, j + 1, memo)
                    || (i < t.length() && t.charAt(i) != ';' && intersect(t, q, i + 1, j, memo));
        } else if (j < q.length() && q.charAt(j) == VALUE) {
            result = false; // only a computed part prints a value
        } else {
            result = i < t.length() && j < q.length() && t.charAt(i) == q.charAt(j) && intersect(t, q, i + 1, j + 1, memo);
        }
        memo.put(key, result);
        return result;
    }
}
