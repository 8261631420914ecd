package dev.herald.loadtest.cli;

import java.io.PrintStream;

/** Where a command writes: the result on {@code out}, progress and problems on {@code err}. */
public record Io(PrintStream out, PrintStream err) {
}
