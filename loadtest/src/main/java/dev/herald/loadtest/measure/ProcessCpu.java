package dev.herald.loadtest.measure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * CPU time a process (the gateway under test) used, from Linux' {@code /proc/PID/stat}: user plus
 * system time, in clock ticks, converted with the kernel's tick rate. Trustworthier than wall time
 * on shared cores: what the gateway spent, whatever else the machine did meanwhile.
 */
public final class ProcessCpu {

    /** Linux' USER_HZ on every common architecture; {@code getconf CLK_TCK} says when it is not. */
    static final long DEFAULT_TICKS_PER_SECOND = 100;

    private final long pid;
    private final Path stat;
    private final long ticksPerSecond;

    ProcessCpu(long pid, Path stat, long ticksPerSecond) {
        this.pid = pid;
        this.stat = stat;
        this.ticksPerSecond = ticksPerSecond;
    }

    /** The process' CPU as {@code /proc} shows it; fails at once when there is no such process. */
    public static ProcessCpu of(long pid) {
        ProcessCpu cpu = new ProcessCpu(pid, Path.of("/proc", Long.toString(pid), "stat"), clockTicksPerSecond());
        cpu.cpuNanos();
        return cpu;
    }

    public long pid() {
        return pid;
    }

    public long ticksPerSecond() {
        return ticksPerSecond;
    }

    /** CPU time used so far, user plus system, in nanoseconds (tick resolution). */
    public long cpuNanos() {
        try {
            return ticks(Files.readString(stat, StandardCharsets.US_ASCII)) * 1_000_000_000L / ticksPerSecond;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + stat + " (is process " + pid + " running?)", e);
        }
    }

    /**
     * utime + stime of a {@code /proc/PID/stat} line: fields 14 and 15. The second field, the command
     * name in parentheses, may itself hold spaces and parentheses, so fields are counted from the
     * last {@code )}, after which comes field 3.
     */
    static long ticks(String statLine) {
        int close = statLine.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc/PID/stat line: " + abbreviate(statLine));
        }
        String[] fields = statLine.substring(close + 1).trim().split("\\s+");
        int utime = 14 - 3;
        int stime = 15 - 3;
        if (fields.length <= stime) {
            throw new IllegalArgumentException("too few fields in /proc/PID/stat: " + abbreviate(statLine));
        }
        try {
            return Long.parseLong(fields[utime]) + Long.parseLong(fields[stime]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("utime/stime not numbers in /proc/PID/stat: " + abbreviate(statLine));
        }
    }

    /** {@code getconf CLK_TCK}, asked once; {@value #DEFAULT_TICKS_PER_SECOND} when it cannot say. */
    static long clockTicksPerSecond() {
        try {
            Process getconf = new ProcessBuilder("getconf", "CLK_TCK").redirectErrorStream(true).start();
            String out = new String(getconf.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
            if (getconf.waitFor(5, TimeUnit.SECONDS) && getconf.exitValue() == 0) {
                return parseTicks(out);
            }
        } catch (IOException e) {
            // no getconf: the default below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return DEFAULT_TICKS_PER_SECOND;
    }

    static long parseTicks(String getconfOutput) {
        try {
            long ticks = Long.parseLong(getconfOutput.trim());
            return ticks > 0 ? ticks : DEFAULT_TICKS_PER_SECOND;
        } catch (NumberFormatException e) {
            return DEFAULT_TICKS_PER_SECOND;
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 80 ? text.substring(0, 80) + "..." : text;
    }
}
