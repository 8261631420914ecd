package dev.herald.bootstrap.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A page of docs/ read as the doc tests need it: its pipe tables (header and rows, split into
 * cells) and the code spans of a cell. Plain text parsing, no Markdown library: the docs keep to
 * GitHub's table syntax.
 */
record MarkdownDoc(String name, List<String> lines) {

    private static final Pattern CODE_SPAN = Pattern.compile("`([^`]+)`");

    /** A page by its name in docs/, which is beside the module the tests run in. */
    static MarkdownDoc read(String name) {
        Path path = Path.of("..", "docs", name);
        try {
            return new MarkdownDoc(name, Files.readAllLines(path));
        } catch (IOException e) {
            throw new UncheckedIOException("docs/" + name + " is not readable from " + Path.of("").toAbsolutePath(), e);
        }
    }

    /** One row of a table: its line number in the page (from 1) and its cells, trimmed. */
    record Row(int line, List<String> cells) {
        String cell(int index) {
            return index < cells.size() ? cells.get(index) : "";
        }
    }

    /** One table: its header cells and its rows. */
    record Table(int line, List<String> header, List<Row> rows) {
        boolean headerStartsWith(String... names) {
            if (header.size() < names.length) {
                return false;
            }
            for (int i = 0; i < names.length; i++) {
                if (!header.get(i).equalsIgnoreCase(names[i])) {
                    return false;
                }
            }
            return true;
        }
    }

    List<Table> tables() {
        List<Table> tables = new ArrayList<>();
        for (int i = 0; i + 1 < lines.size(); i++) {
            if (isRow(lines.get(i)) && lines.get(i + 1).trim().matches("\\|[-:| ]+\\|")) {
                int start = i;
                List<Row> rows = new ArrayList<>();
                i += 2;
                while (i < lines.size() && isRow(lines.get(i))) {
                    rows.add(new Row(i + 1, cells(lines.get(i))));
                    i++;
                }
                tables.add(new Table(start + 1, cells(lines.get(start)), rows));
            }
        }
        return tables;
    }

    /** The text of each code span in {@code text}, in order. */
    static List<String> codeSpans(String text) {
        List<String> spans = new ArrayList<>();
        Matcher m = CODE_SPAN.matcher(text);
        while (m.find()) {
            spans.add(m.group(1));
        }
        return spans;
    }

    private static boolean isRow(String line) {
        String trimmed = line.trim();
        return trimmed.startsWith("|") && trimmed.endsWith("|") && trimmed.length() > 1;
    }

    /** Cells split on pipes outside code spans (a code span may hold {@code |}). */
    private static List<String> cells(String line) {
        String trimmed = line.trim();
        String inner = trimmed.substring(1, trimmed.length() - 1);
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean inCode = false;
        for (int i = 0; i < inner.length(); i++) {
            char c = inner.charAt(i);
            if (c == '`') {
                inCode = !inCode;
            }
            if (c == '|' && !inCode && (i == 0 || inner.charAt(i - 1) != '\\')) {
                cells.add(cell.toString().trim());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        cells.add(cell.toString().trim());
        return Arrays.asList(cells.toArray(String[]::new));
    }
}
