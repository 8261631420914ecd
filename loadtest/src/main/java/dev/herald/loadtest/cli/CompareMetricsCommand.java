package dev.herald.loadtest.cli;

import dev.herald.loadtest.config.ConfigException;
import dev.herald.loadtest.metrics.MetricsDiff;
import dev.herald.loadtest.report.JsonOut;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** Diffs two metrics snapshots (JSON or Prometheus text): prints what changed, optionally writes a JSON diff. */
@Command(name = "compare-metrics", sortOptions = false,
        description = "Print the metrics that changed between two snapshots (suite *-metrics.json or *-prometheus.txt); --output writes a JSON diff.")
public final class CompareMetricsCommand implements Callable<Integer> {

    private final Io io;

    @Option(names = "--baseline", required = true, paramLabel = "FILE", description = "The earlier snapshot.")
    Path baseline;

    @Option(names = "--target", required = true, paramLabel = "FILE", description = "The later snapshot.")
    Path target;

    @Option(names = "--all", description = "Include readings that did not change.")
    boolean all;

    @Option(names = "--output", paramLabel = "FILE", description = "Write the diff as JSON here.")
    Path output;

    @Option(names = "--json", description = "Print the JSON diff on stdout instead of the table.")
    boolean json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;

    CompareMetricsCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws IOException {
        List<MetricsDiff.Change> changes = MetricsDiff.compare(read(baseline), read(target));
        Map<String, Object> report = MetricsDiff.toReport(baseline.toString(), target.toString(), changes, all);
        if (output != null) {
            Files.writeString(output, JsonOut.pretty(report));
        }
        if (json) {
            io.out().print(JsonOut.pretty(report));
        } else {
            long changed = changes.stream().filter(MetricsDiff.Change::changed).count();
            io.out().printf("%d of %d readings changed (%s -> %s)%n", changed, changes.size(), baseline, target);
            for (MetricsDiff.Change c : changes) {
                if (all || c.changed()) {
                    io.out().printf("  %-70s %14s -> %-14s (%s)%n", c.metric(), number(c.baseline()), number(c.target()),
                            (c.delta() >= 0 ? "+" : "") + number(c.delta()));
                }
            }
        }
        io.out().flush();
        return ExitCodes.OK;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new ConfigException("cannot read " + file + ": " + e.getMessage());
        }
    }

    private static String number(Double value) {
        if (value == null) {
            return "absent";
        }
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf(value.longValue()) : String.format("%.4f", value);
    }
}
