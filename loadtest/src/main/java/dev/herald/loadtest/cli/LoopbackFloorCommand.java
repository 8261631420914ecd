package dev.herald.loadtest.cli;

import dev.herald.loadtest.floor.LoopbackFloor;
import dev.herald.loadtest.report.JsonOut;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Measures this machine's loopback ceiling for one-write-per-message fan-out, without a gateway:
 * run it where the benchmarks run, to see how much of the machine any gateway could have.
 */
@Command(name = "loopback-floor", sortOptions = false,
        description = {"Measure what this machine's kernel moves over loopback TCP with one write per message and no gateway:",
                "the ceiling for a gateway's fan-out with its load generator on the same machine. Exit code 0; it has no thresholds."})
public final class LoopbackFloorCommand implements Callable<Integer> {

    private final Io io;

    @Option(names = "--connections", defaultValue = "9000", description = "Socket pairs (2 file descriptors each). Default: ${DEFAULT-VALUE}.")
    int connections;

    @Option(names = "--rate", defaultValue = "10", description = "Rounds a second; each round writes one message to every connection. Default: ${DEFAULT-VALUE}.")
    int rate;

    @Option(names = "--seconds", defaultValue = "10", description = "How long to write. Default: ${DEFAULT-VALUE}.")
    int seconds;

    @Option(names = "--message-bytes", defaultValue = "200", description = "Size of a message (an event frame is about 200 bytes). Default: ${DEFAULT-VALUE}.")
    int messageBytes;

    @Option(names = "--writer-threads", defaultValue = "2", description = "Default: ${DEFAULT-VALUE}.")
    int writerThreads;

    @Option(names = "--reader-threads", defaultValue = "2", description = "Default: ${DEFAULT-VALUE}.")
    int readerThreads;

    @Option(names = "--json", description = "Print the result as JSON.")
    boolean json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    LoopbackFloorCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws Exception {
        LoopbackFloor.Result result;
        try {
            result = LoopbackFloor.run(new LoopbackFloor.Settings(connections, rate, seconds, messageBytes, writerThreads, readerThreads));
        } catch (IllegalArgumentException e) {
            io.err().println("error: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        if (json) {
            io.out().print(JsonOut.pretty(report(result)));
        } else {
            io.out().printf("loopback floor: %d connections x %d rounds/s for %d s, %d-byte messages%n",
                    connections, rate, seconds, messageBytes);
            io.out().printf("  offered %,d messages/s, achieved %,.0f/s (%s), %s%n", (long) connections * rate,
                    result.messagesPerSecond(), result.keptPace() ? "kept pace" : result.lateRounds() + " rounds late",
                    result.allRead() ? "all read" : "NOT all read within 10 s");
            io.out().printf("  process CPU %,d ms = %.1f us per message (write and read)%n", result.cpuMillis(),
                    result.cpuMicrosPerMessage());
        }
        io.out().flush();
        return ExitCodes.OK;
    }

    private static Map<String, Object> report(LoopbackFloor.Result result) {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("connections", result.settings().connections());
        settings.put("rate", result.settings().rate());
        settings.put("seconds", result.settings().seconds());
        settings.put("messageBytes", result.settings().messageBytes());
        settings.put("writerThreads", result.settings().writerThreads());
        settings.put("readerThreads", result.settings().readerThreads());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("scenario", "loopback-floor");
        out.put("settings", settings);
        out.put("messagesOffered", result.messagesOffered());
        out.put("offeredPerSecond", (long) result.settings().connections() * result.settings().rate());
        out.put("achievedPerSecond", Math.round(result.messagesPerSecond()));
        out.put("keptPace", result.keptPace());
        out.put("lateRounds", result.lateRounds());
        out.put("allRead", result.allRead());
        out.put("cpuMillis", result.cpuMillis());
        out.put("cpuMicrosPerMessage", Math.round(result.cpuMicrosPerMessage() * 10) / 10.0);
        return out;
    }
}
