package dev.herald.loadtest;

import dev.herald.loadtest.cli.Commands;

/**
 * {@code java -jar herald-loadtest.jar <command> [options]}: the load-test harness of Herald. Drives
 * any deployment over its public contract (WebSocket, REST, metrics). See {@code --help}.
 */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command and returns its exit code, writing to {@code System.out} and {@code System.err}. */
    public static int run(String... args) {
        return Commands.execute(System.out, System.err, args);
    }

    /** The same, writing elsewhere (tests, embedding). */
    public static int run(java.io.PrintStream out, java.io.PrintStream err, String... args) {
        return Commands.execute(out, err, args);
    }
}
