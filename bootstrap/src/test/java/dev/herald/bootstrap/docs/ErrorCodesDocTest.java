package dev.herald.bootstrap.docs;

import dev.herald.adapter.rest.HttpStatusOfCode;
import dev.herald.domain.error.ErrorCode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The error codes of the contract docs against {@link ErrorCode}: the WebSocket errors table of
 * websocket-contract.md (code, whether the connection stays open, its close code), the errors
 * table of rest-api.md (HTTP status, code), and every "`CODE`, 4429" pairing anywhere in docs/.
 */
class ErrorCodesDocTest {

    private static final MarkdownDoc WEBSOCKET = MarkdownDoc.read("websocket-contract.md");
    private static final MarkdownDoc REST = MarkdownDoc.read("rest-api.md");

    /** REST answers that are not contract codes, documented as such in rest-api.md's table. */
    private static final Set<String> REST_NON_CONTRACT = Set.of("INTERNAL_ERROR", "(container)");

    /**
     * Statuses the container's errors take (WebApplicationExceptionMapper, JsonErrorPageServlet),
     * answered with a contract code outside {@link HttpStatusOfCode}: a wrong method, an Accept
     * that rules out JSON, an unknown path.
     */
    private static final Map<Integer, ErrorCode> CONTAINER_STATUSES = Map.of(
            405, ErrorCode.BAD_REQUEST, 406, ErrorCode.BAD_REQUEST, 404, ErrorCode.NOT_FOUND);

    private static final Pattern BOLD_CLOSE_CODE = Pattern.compile("\\*\\*(\\d{4})\\*\\*");
    private static final Pattern CODE_AND_CLOSE = Pattern.compile(
            "`([A-Z][A-Z_]{3,})`(?:,| with)? (?:close |closed |code )?\\**([14]\\d{3})\\**");

    @Test
    void everyCodeIsDocumentedAndEveryDocumentedCodeExists() {
        Set<String> documented = new HashSet<>();
        webSocketRows().forEach(row -> documented.add(code(row, 0)));
        restRows().forEach(row -> documented.add(code(row, 1)));
        List<String> problems = new ArrayList<>();
        for (ErrorCode code : ErrorCode.values()) {
            if (!documented.contains(code.name())) {
                problems.add(code + " is in neither websocket-contract.md's nor rest-api.md's errors table");
            }
        }
        webSocketRows().filter(row -> !isErrorCode(code(row, 0))).forEach(row -> problems.add(
                "websocket-contract.md line " + row.line() + " documents " + code(row, 0) + ", which is no ErrorCode"));
        restRows().filter(row -> !isErrorCode(code(row, 1)) && !REST_NON_CONTRACT.contains(code(row, 1)))
                .forEach(row -> problems.add("rest-api.md line " + row.line() + " documents " + code(row, 1)
                        + ", which is no ErrorCode"));
        assertThat(problems).as("error codes in the docs and in the code").isEmpty();
    }

    /**
     * A code that closes the connection says "closed, **its close code**" in a row of its own; one
     * that does not says "stays open" in each of its rows; a close code named in a row is the
     * row's code's, or that of another code the cell names (`UNAUTHORIZED` after an expiry).
     */
    @Test
    void theWebSocketTableGivesEachCodesCloseCode() {
        List<String> problems = new ArrayList<>();
        for (ErrorCode code : ErrorCode.values()) {
            List<MarkdownDoc.Row> rows = webSocketRows().filter(row -> code(row, 0).equals(code.name())).toList();
            if (rows.isEmpty()) {
                continue; // REST only: the first test holds it to rest-api.md
            }
            if (code.closeCode().isPresent()) {
                int close = code.closeCode().getAsInt();
                if (rows.stream().noneMatch(row -> closeCodes(row.cell(2)).contains(close))) {
                    problems.add("websocket-contract.md: " + code + " closes with " + close
                            + ", no row of it says closed, **" + close + "**");
                }
            } else if (rows.stream().anyMatch(row -> !row.cell(2).contains("stays open"))) {
                problems.add("websocket-contract.md: " + code + " keeps the connection open, a row of it does not"
                        + " say \"stays open\"");
            }
            for (MarkdownDoc.Row row : rows) {
                Set<Integer> allowed = allowedCloseCodes(code, row.cell(2));
                closeCodes(row.cell(2)).stream().filter(c -> !allowed.contains(c)).forEach(c -> problems.add(
                        "websocket-contract.md line " + row.line() + ": " + code + " is said to close with " + c
                                + ", the code closes with " + code.closeCode()));
            }
        }
        assertThat(problems).as("close codes in websocket-contract.md").isEmpty();
    }

    @Test
    void theRestTableGivesEachCodesStatus() {
        List<String> problems = new ArrayList<>();
        restRows().filter(row -> isErrorCode(code(row, 1))).forEach(row -> {
            ErrorCode code = ErrorCode.valueOf(code(row, 1));
            int status = Integer.parseInt(row.cell(0));
            if (status != HttpStatusOfCode.of(code) && CONTAINER_STATUSES.get(status) != code) {
                problems.add("rest-api.md line " + row.line() + ": " + code + " is answered " + HttpStatusOfCode.of(code)
                        + ", the page says " + status);
            }
        });
        assertThat(problems).as("HTTP statuses in rest-api.md").isEmpty();
    }

    /** "`CONNECTION_LIMIT`, 4429", "`MAINTENANCE`, close 1013"... in any page of docs/. */
    @Test
    void everyCodeAndCloseCodePairingInTheDocsIsTheCodes() throws IOException {
        List<String> problems = new ArrayList<>();
        try (Stream<Path> pages = Files.list(Path.of("..", "docs"))) {
            for (Path page : pages.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                List<String> lines = Files.readAllLines(page);
                for (int i = 0; i < lines.size(); i++) {
                    Matcher m = CODE_AND_CLOSE.matcher(lines.get(i));
                    while (m.find()) {
                        if (!isErrorCode(m.group(1))) {
                            continue;
                        }
                        ErrorCode code = ErrorCode.valueOf(m.group(1));
                        int close = Integer.parseInt(m.group(2));
                        if (!allowedCloseCodes(code, "").contains(close)) {
                            problems.add("docs/" + page.getFileName() + " line " + (i + 1) + ": " + code
                                    + " with close code " + close + ", the code closes with " + code.closeCode());
                        }
                    }
                }
            }
        }
        assertThat(problems).as("close codes paired with error codes in docs/").isEmpty();
    }

    private static Set<Integer> allowedCloseCodes(ErrorCode code, String cell) {
        Set<Integer> allowed = new HashSet<>();
        code.closeCode().ifPresent(allowed::add);
        if (code == ErrorCode.RATE_LIMITED) {
            allowed.add(ErrorCode.SUSTAINED_RATE_LIMIT_CLOSE);
        }
        MarkdownDoc.codeSpans(cell).stream().filter(ErrorCodesDocTest::isErrorCode)
                .forEach(named -> ErrorCode.valueOf(named).closeCode().ifPresent(allowed::add));
        return allowed;
    }

    private static List<Integer> closeCodes(String cell) {
        List<Integer> codes = new ArrayList<>();
        Matcher m = BOLD_CLOSE_CODE.matcher(cell);
        while (m.find()) {
            codes.add(Integer.parseInt(m.group(1)));
        }
        return codes;
    }

    private static Stream<MarkdownDoc.Row> webSocketRows() {
        List<MarkdownDoc.Table> tables = WEBSOCKET.tables().stream()
                .filter(t -> t.headerStartsWith("code", "when", "connection")).toList();
        assertThat(tables).as("websocket-contract.md's errors table (code | when | connection | ...)").hasSize(1);
        return tables.get(0).rows().stream();
    }

    private static Stream<MarkdownDoc.Row> restRows() {
        List<MarkdownDoc.Table> tables = REST.tables().stream()
                .filter(t -> t.headerStartsWith("status", "`code`", "when")).toList();
        assertThat(tables).as("rest-api.md's errors table (status | `code` | when)").hasSize(1);
        return tables.get(0).rows().stream();
    }

    /** The code a row names in {@code cell}: its code span, or the cell's text when it has none. */
    private static String code(MarkdownDoc.Row row, int cell) {
        return MarkdownDoc.codeSpans(row.cell(cell)).stream().findFirst().orElse(row.cell(cell));
    }

    private static boolean isErrorCode(String name) {
        return Arrays.stream(ErrorCode.values()).anyMatch(c -> c.name().equals(name));
    }
}
