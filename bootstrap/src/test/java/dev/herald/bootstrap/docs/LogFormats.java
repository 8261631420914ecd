package dev.herald.bootstrap.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The formats of the lines Herald logs, read from the main sources: each {@code LOG.log(level,
 * message, ...)} call's message as a template, its string literals kept and everything computed
 * (a variable, a call, a parenthesised expression, a MessageFormat {@code {0}}) turned into a
 * {@link #WILDCARD}; and the messages of the exceptions it throws ({@code new ...Exception(message,
 * ...)}), which a failed start logs. Messages built apart from the call (a variable alone) give no
 * template.
 */
final class LogFormats {

    /** Stands for any text in a template. */
    static final char WILDCARD = '\u0000';

    private static final Pattern CALL = Pattern.compile("\\bLOG\\.log\\(");
    private static final Pattern EXCEPTION = Pattern.compile("\\bnew \\w*(?:Exception|Error)\\(");
    private static final Pattern MESSAGE_FORMAT_ARGUMENT = Pattern.compile("\\{\\d+}");

    /** A template and where it comes from. */
    record Format(String template, String source) {
    }

    private LogFormats() {
    }

    /** Every template in the main sources of the modules beside the one the tests run in. */
    static List<Format> inMainSources() {
        List<Format> formats = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of(".."))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")
                    && f.toString().contains("/src/main/java/") && !f.toString().contains("/target/")).toList()) {
                String source = Files.readString(file);
                for (Pattern call : List.of(CALL, EXCEPTION)) {
                    Matcher m = call.matcher(source);
                    while (m.find()) {
                        int line = source.substring(0, m.start()).split("\n", -1).length;
                        template(source, m.end(), call == CALL ? 1 : 0)
                                .ifPresent(t -> formats.add(new Format(t, file.getFileName() + ":" + line)));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return formats;
    }

    /** The template of the call whose arguments start at {@code start}, its message the argument at {@code index}. */
    private static java.util.Optional<String> template(String source, int start, int index) {
        List<String> arguments = arguments(source, start);
        if (arguments.size() <= index) {
            return java.util.Optional.empty();
        }
        String message = arguments.get(index).strip();
        if (message.startsWith("() ->")) {
            message = message.substring(5).strip();
        }
        boolean messageFormat = index == 1 && arguments.size() > 2 && MESSAGE_FORMAT_ARGUMENT.matcher(message).find();
        StringBuilder template = new StringBuilder();
        int i = 0;
        while (i < message.length()) {
            char c = message.charAt(i);
            if (c == '"') {
                int end = endOfString(message, i);
                String text = unescape(message.substring(i + 1, end - 1));
                if (messageFormat) {
                    text = MESSAGE_FORMAT_ARGUMENT.matcher(text).replaceAll(String.valueOf(WILDCARD)).replace("''", "'");
                }
                template.append(text);
                i = end;
            } else if (c == '+' || Character.isWhitespace(c)) {
                i++;
            } else {
                // a computed part: up to the next top-level +
                int end = i;
                int depth = 0;
                while (end < message.length() && !(depth == 0 && message.charAt(end) == '+')) {
                    char d = message.charAt(end);
                    if (d == '"') {
                        end = endOfString(message, end);
                        continue;
                    }
                    depth += d == '(' || d == '[' || d == '{' ? 1 : d == ')' || d == ']' || d == '}' ? -1 : 0;
                    end++;
                }
                if (template.isEmpty() || template.charAt(template.length() - 1) != WILDCARD) {
                    template.append(WILDCARD);
                }
                i = end;
            }
        }
        String result = template.toString();
        // a message that is only computed matches any line: it tells nothing
        return result.replace(String.valueOf(WILDCARD), "").length() < 8
                ? java.util.Optional.empty() : java.util.Optional.of(result);
    }

    /** The top-level arguments of a call, from just after its opening parenthesis. */
    private static List<String> arguments(String source, int start) {
        List<String> arguments = new ArrayList<>();
        int depth = 0;
        int from = start;
        int i = start;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (c == '"') {
                i = endOfString(source, i);
                continue;
            }
            if (c == '\'') {
                i = source.indexOf('\'', i + (source.charAt(i + 1) == '\\' ? 3 : 2)) + 1;
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                if (depth == 0) {
                    arguments.add(source.substring(from, i));
                    return arguments;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                arguments.add(source.substring(from, i));
                from = i + 1;
            }
            i++;
        }
        return arguments;
    }

    /** The index just past the string literal that opens at {@code quote}. */
    private static int endOfString(String text, int quote) {
        int i = quote + 1;
        while (text.charAt(i) != '"') {
            i += text.charAt(i) == '\\' ? 2 : 1;
        }
        return i + 1;
    }

    private static String unescape(String literal) {
        return literal.replace("\\\"", "\"").replace("\\'", "'").replace("\\n", "\n").replace("\\\\", "\\");
    }
}
