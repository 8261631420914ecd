package dev.herald.loadtest.cli;

import dev.herald.loadtest.client.GatewayException;
import dev.herald.loadtest.config.ConfigException;
import dev.herald.loadtest.scenario.Scenario;
import dev.herald.loadtest.scenario.Scenarios;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.PrintStream;
import java.io.PrintWriter;

/**
 * The command tree: one subcommand per scenario, {@code run}, {@code suite}, {@code compare-metrics},
 * {@code token}, {@code loopback-floor}.
 */
public final class Commands {

    @Command(name = "herald-loadtest", mixinStandardHelpOptions = true, version = "herald-loadtest 0.1.0",
            description = {"Load-test harness for any Herald deployment, over its public contract.",
                    "Scenarios: connection-quota, origin-quota, subscription-cap, idle-eviction, catch-up-burst, broadcast-burst, broker-outage, capacity.",
                    "Exit code: 0 passed, 1 a threshold failed, 2 bad usage or config, 3 the run broke (e.g. gateway unreachable)."})
    static final class Root implements Runnable {
        @Override
        public void run() {
            throw new CommandLine.ParameterException(new CommandLine(this), "name a command; see --help");
        }
    }

    private Commands() {
    }

    public static int execute(PrintStream out, PrintStream err, String... args) {
        Io io = new Io(out, err);
        CommandLine root = new CommandLine(new Root());
        for (Scenario scenario : Scenarios.all()) {
            CommandLine sub = new CommandLine(new ScenarioCommand(io, scenario));
            sub.getCommandSpec().usageMessage().description(scenario.description());
            sub.getCommandSpec().remove(sub.getCommandSpec().findOption("--scenario"));
            root.addSubcommand(scenario.name(), sub);
        }
        CommandLine run = new CommandLine(new ScenarioCommand(io, null));
        run.getCommandSpec().usageMessage().description("Run the scenario named by --scenario (as the seed harness did).");
        root.addSubcommand("run", run);
        root.addSubcommand("suite", new CommandLine(new SuiteCommand(io)));
        root.addSubcommand("compare-metrics", new CommandLine(new CompareMetricsCommand(io)));
        root.addSubcommand("token", new CommandLine(new TokenCommand(io)));
        root.addSubcommand("loopback-floor", new CommandLine(new LoopbackFloorCommand(io)));
        root.setOut(new PrintWriter(out, true));
        root.setErr(new PrintWriter(err, true));
        root.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException) {
                err.println("error: " + e.getMessage());
                return ExitCodes.USAGE;
            }
            if (e instanceof GatewayException) {
                err.println("error: " + e.getMessage());
                return ExitCodes.RUN_ERROR;
            }
            err.println("error: " + e);
            e.printStackTrace(err);
            return ExitCodes.RUN_ERROR;
        });
        root.setExitCodeExceptionMapper(e -> ExitCodes.USAGE);
        int code = root.execute(args);
        return code == CommandLine.ExitCode.USAGE ? ExitCodes.USAGE : code;
    }
}
