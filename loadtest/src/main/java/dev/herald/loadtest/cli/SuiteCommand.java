package dev.herald.loadtest.cli;

import dev.herald.loadtest.client.GatewayHttp;
import dev.herald.loadtest.client.Target;
import dev.herald.loadtest.config.ConfigException;
import dev.herald.loadtest.config.HarnessConfig;
import dev.herald.loadtest.config.Settings;
import dev.herald.loadtest.metrics.MetricsSnapshot;
import dev.herald.loadtest.report.HumanReport;
import dev.herald.loadtest.report.JsonOut;
import dev.herald.loadtest.scenario.Check;
import dev.herald.loadtest.scenario.Scenario;
import dev.herald.loadtest.scenario.ScenarioResult;
import dev.herald.loadtest.scenario.Scenarios;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * Runs catch-up-burst, broadcast-burst and broker-outage in sequence against one target and archives
 * everything in {@code --output}: one JSON per scenario ({@code <label>-<scenario>.json}), metrics
 * snapshots before the suite, after each scenario and after the suite
 * ({@code <label>-<stage>-metrics.json} and {@code -prometheus.txt}), and {@code suite-summary.json}.
 */
@Command(name = "suite", sortOptions = false,
        description = "Run catch-up-burst, broadcast-burst (a true burst unless --set burst=false) and broker-outage in sequence; write one JSON per scenario, "
                + "metrics snapshots and suite-summary.json into --output. Exit code 0 when all passed.")
public final class SuiteCommand implements Callable<Integer> {

    private final Io io;

    @Mixin
    GlobalOptions global;

    @Mixin
    ScenarioFlags flags;

    @Option(names = "--output", paramLabel = "DIR", description = "Where the artifacts go (created if missing; default loadtest-reports/<time>).")
    Path output;

    @Option(names = "--label", paramLabel = "LABEL", description = "Prefix of the artifact file names, e.g. staging.")
    String label;

    @Option(names = "--skip-redis-reset", description = "Skip the broker outage (broker-outage is reported as skipped).")
    boolean skipRedisReset;

    @Option(names = "--scenarios", split = ",", paramLabel = "NAMES", description = "Other scenarios to run, in this order (default catch-up-burst,broadcast-burst,broker-outage).")
    List<String> scenarioNames = new ArrayList<>(Scenarios.SUITE);

    @Spec
    CommandSpec spec;

    SuiteCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws IOException {
        List<Scenario> scenarios = new ArrayList<>();
        for (String name : scenarioNames) {
            scenarios.add(Scenarios.named(name.trim()).orElseThrow(() -> new ConfigException("unknown scenario in --scenarios: " + name)));
        }
        HarnessConfig config = global.config == null ? HarnessConfig.empty() : HarnessConfig.load(global.config);
        Map<String, String> commandLine = new LinkedHashMap<>(CommandLineLayer.of(spec, flags.set));
        if (skipRedisReset) {
            commandLine.put("skipRedisReset", "true");
        }
        Path dir = output != null ? output : Path.of("loadtest-reports", Instant.now().toString().replace(':', '-'));
        Files.createDirectories(dir);
        String prefix = label == null || label.isBlank() ? "" : label.trim() + "-";

        Settings suiteSettings = Settings.forScenario("suite", commandLine, config);
        Target target = Target.from(suiteSettings);
        GatewayHttp http = new GatewayHttp(target);
        long start = System.nanoTime();
        List<String> problems = new ArrayList<>();
        List<String> snapshots = new ArrayList<>(MetricsSnapshot.save(http, dir, prefix, "before-suite", problems));
        List<ScenarioResult> results = new ArrayList<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            io.err().println("[suite] " + scenario.name() + " ...");
            Settings settings = Settings.forScenario(scenario.name(), commandLine, config).withDefaults(Scenarios.suiteDefaults(scenario.name()));
            ScenarioResult result = ScenarioRunner.run(scenario, settings, io.err());
            results.add(result);
            String artifact = prefix + scenario.name() + ".json";
            write(dir.resolve(artifact), JsonOut.pretty(result.toMap()));
            snapshots.addAll(MetricsSnapshot.save(http, dir, prefix, "after-" + scenario.name(), problems));
            HumanReport.print(result, global.json ? io.err() : io.out());
            rows.add(row(result, artifact));
        }
        snapshots.addAll(MetricsSnapshot.save(http, dir, prefix, "after-suite", problems));

        int exit = ExitCodes.of(results);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("label", label);
        summary.put("startedAt", Instant.now().minusNanos(System.nanoTime() - start).toString());
        summary.put("durationMs", (System.nanoTime() - start) / 1_000_000);
        summary.put("passed", exit == ExitCodes.OK);
        summary.put("exitCode", exit);
        summary.put("target", target.describe());
        summary.put("scenarios", rows);
        summary.put("metricsSnapshots", snapshots);
        summary.put("problems", problems);
        write(dir.resolve("suite-summary.json"), JsonOut.pretty(summary));
        if (global.json) {
            io.out().print(JsonOut.pretty(summary));
        } else {
            io.out().printf("suite: %s; artifacts in %s%n", exit == ExitCodes.OK ? "PASSED" : "FAILED", dir.toAbsolutePath());
            problems.forEach(p -> io.out().println("  problem: " + p));
        }
        io.out().flush();
        return exit;
    }

    private static Map<String, Object> row(ScenarioResult result, String artifact) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("scenario", result.scenario());
        row.put("status", result.status().name().toLowerCase());
        row.put("passed", result.status() == ScenarioResult.Status.PASSED);
        if (result.reason() != null) {
            row.put("reason", result.reason());
        }
        row.put("durationMs", result.durationMs());
        row.put("artifact", artifact);
        for (String key : List.of("catchUp", "latency", "deliveries", "drops", "duplicates", "outOfOrder", "recoveryMs",
                "publishDurationMs", "acknowledgedEventsPerSecond", "gatewayCpu")) {
            if (result.results().containsKey(key)) {
                row.put(key, result.results().get(key));
            }
        }
        row.put("failedChecks", result.checks().stream().filter(c -> !c.passed()).map(Check::toMap).toList());
        return row;
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
