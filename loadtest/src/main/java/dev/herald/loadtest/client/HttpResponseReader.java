package dev.herald.loadtest.client;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.ProtocolException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads HTTP/1.1 responses off one connection, one after the other: status line, headers, and the
 * body by Content-Length, chunked, or up to the end of the stream. Interim (1xx) responses are
 * skipped. Says whether the connection may carry the next request.
 */
final class HttpResponseReader {

    /** Where the bytes come from (a socket read bounded by the request's deadline). */
    @FunctionalInterface
    interface Source {
        /** Like {@link java.io.InputStream#read(byte[], int, int)}: -1 at the end of the stream. */
        int read(byte[] into, int offset, int length) throws IOException;
    }

    /** {@code replayed}: the {@code Idempotent-Replayed: true} header, the stored answer of an earlier attempt. */
    record Response(int status, String body, boolean keepAlive, boolean replayed) {
    }

    private static final int MAX_LINE = 8 << 10;

    private final Source source;
    private final byte[] buffer = new byte[8 << 10];
    private int start;
    private int end;

    HttpResponseReader(Source source) {
        this.source = source;
    }

    Response read() throws IOException {
        while (true) {
            String statusLine = line();
            String[] parts = statusLine.split(" +", 3);
            int status;
            try {
                status = Integer.parseInt(parts[1]);
            } catch (RuntimeException e) {
                throw new ProtocolException("bad status line: " + statusLine);
            }
            long contentLength = -1;
            boolean chunked = false;
            String connection = null;
            boolean replayed = false;
            for (String header = line(); !header.isEmpty(); header = line()) {
                int colon = header.indexOf(':');
                if (colon <= 0) {
                    continue;
                }
                String name = header.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = header.substring(colon + 1).trim();
                switch (name) {
                    case "content-length" -> contentLength = parseLength(value);
                    case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                    case "connection" -> connection = value.toLowerCase(Locale.ROOT);
                    case "idempotent-replayed" -> replayed = "true".equalsIgnoreCase(value);
                    default -> { }
                }
            }
            if (status >= 100 && status < 200) {
                continue; // 100 Continue and the like: the real response follows
            }
            boolean keepAlive = statusLine.startsWith("HTTP/1.0")
                    ? connection != null && connection.contains("keep-alive")
                    : connection == null || !connection.contains("close");
            String body;
            if (chunked) {
                body = chunkedBody();
            } else if (contentLength >= 0) {
                body = exactBody(contentLength);
            } else if (status == 204 || status == 304) {
                body = "";
            } else {
                body = bodyToEnd(); // no length: the end of the stream ends the body
                keepAlive = false;
            }
            return new Response(status, body, keepAlive, replayed);
        }
    }

    private String exactBody(long length) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(length, 1 << 16));
        copy(length, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private String chunkedBody() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line();
            int semicolon = sizeLine.indexOf(';'); // chunk extensions are ignored
            long size;
            try {
                size = Long.parseLong((semicolon < 0 ? sizeLine : sizeLine.substring(0, semicolon)).trim(), 16);
            } catch (NumberFormatException e) {
                throw new ProtocolException("bad chunk size: " + sizeLine);
            }
            if (size == 0) {
                while (!line().isEmpty()) {
                    // trailers: not needed
                }
                return out.toString(StandardCharsets.UTF_8);
            }
            copy(size, out);
            if (!line().isEmpty()) {
                throw new ProtocolException("chunk not followed by CRLF");
            }
        }
    }

    private String bodyToEnd() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        do {
            out.write(buffer, start, end - start);
            start = end;
        } while (fill());
        return out.toString(StandardCharsets.UTF_8);
    }

    private void copy(long length, ByteArrayOutputStream out) throws IOException {
        long left = length;
        while (left > 0) {
            if (start == end && !fill()) {
                throw new EOFException("connection closed in the middle of the response body");
            }
            int n = (int) Math.min(left, end - start);
            out.write(buffer, start, n);
            start += n;
            left -= n;
        }
    }

    /** A line without its CRLF (or bare LF). */
    private String line() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            if (start == end && !fill()) {
                throw new EOFException(line.length() == 0 ? "connection closed before the response" : "connection closed in the middle of a line");
            }
            byte b = buffer[start++];
            if (b == '\n') {
                int length = line.length();
                if (length > 0 && line.charAt(length - 1) == '\r') {
                    line.setLength(length - 1);
                }
                return line.toString();
            }
            if (line.length() >= MAX_LINE) {
                throw new ProtocolException("response line over " + MAX_LINE + " bytes");
            }
            line.append((char) (b & 0xFF));
        }
    }

    /** Reads more into the empty buffer; false at the end of the stream. */
    private boolean fill() throws IOException {
        start = 0;
        end = 0;
        int n = source.read(buffer, 0, buffer.length);
        if (n < 0) {
            return false;
        }
        end = n;
        return true;
    }

    private static long parseLength(String value) throws ProtocolException {
        try {
            long length = Long.parseLong(value);
            if (length < 0) {
                throw new ProtocolException("negative Content-Length");
            }
            return length;
        } catch (NumberFormatException e) {
            throw new ProtocolException("bad Content-Length: " + value);
        }
    }
}
