package dev.herald.loadtest.cli;

import dev.herald.loadtest.config.ConfigException;
import dev.herald.loadtest.config.HarnessConfig;
import dev.herald.loadtest.config.Settings;
import dev.herald.loadtest.report.HumanReport;
import dev.herald.loadtest.report.JsonOut;
import dev.herald.loadtest.scenario.Scenario;
import dev.herald.loadtest.scenario.ScenarioResult;
import dev.herald.loadtest.scenario.Scenarios;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * Runs one scenario: {@code herald-loadtest <scenario> [options]}, or {@code herald-loadtest run
 * --scenario <scenario>} as the seed harness had it. Exit code 0 when every threshold held.
 */
@Command(mixinStandardHelpOptions = false, sortOptions = false)
public final class ScenarioCommand implements Callable<Integer> {

    private final Io io;
    private final Scenario fixed;

    @Mixin
    GlobalOptions global;

    @Mixin
    ScenarioFlags flags;

    @Option(names = "--scenario", paramLabel = "NAME", description = "run only: the scenario to run.")
    String scenarioName;

    @Spec
    CommandSpec spec;

    ScenarioCommand(Io io, Scenario fixed) {
        this.io = io;
        this.fixed = fixed;
    }

    @Override
    public Integer call() {
        Scenario scenario = fixed != null ? fixed : Scenarios.named(scenarioName == null ? "" : scenarioName)
                .orElseThrow(() -> new ConfigException("--scenario must be one of "
                        + Scenarios.all().stream().map(Scenario::name).toList()));
        HarnessConfig config = global.config == null ? HarnessConfig.empty() : HarnessConfig.load(global.config);
        Settings settings = Settings.forScenario(scenario.name(), CommandLineLayer.of(spec, flags.set), config);
        ScenarioResult result = ScenarioRunner.run(scenario, settings, io.err());
        if (global.json) {
            io.out().print(JsonOut.pretty(result.toMap()));
            io.out().flush();
        } else {
            HumanReport.print(result, io.out());
        }
        return ExitCodes.of(List.of(result));
    }
}
