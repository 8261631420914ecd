package dev.herald.loadtest.cli;

import dev.herald.loadtest.client.GatewayException;
import dev.herald.loadtest.client.GatewayHttp;
import dev.herald.loadtest.client.HttpClientKind;
import dev.herald.loadtest.client.Target;
import dev.herald.loadtest.config.ConfigException;
import dev.herald.loadtest.config.Settings;
import dev.herald.loadtest.scenario.Scenario;
import dev.herald.loadtest.scenario.ScenarioContext;
import dev.herald.loadtest.scenario.ScenarioResult;

import java.io.PrintStream;
import java.time.Duration;

/**
 * Runs one scenario against the target its settings name. A gateway that cannot be reached, or any
 * unexpected failure, becomes an {@code error} result (exit 3) with a one-line reason; a bad setting
 * is a {@link ConfigException} (exit 2).
 */
final class ScenarioRunner {

    private ScenarioRunner() {
    }

    static ScenarioResult run(Scenario scenario, Settings settings, PrintStream progress) {
        ScenarioResult result = new ScenarioResult(scenario.name());
        Target target = Target.from(settings);
        try (GatewayHttp http = new GatewayHttp(target, HttpClientKind.parse(settings.string("httpClient", "raw")),
                Duration.ofMillis(settings.longValue("publishTimeoutMs", 30_000)))) {
            scenario.run(new ScenarioContext(scenario.name(), target, settings, http, progress), result);
        } catch (ConfigException e) {
            throw e;
        } catch (GatewayException e) {
            result.error(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            result.error("interrupted");
        } catch (Exception e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            result.error(root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage()));
            if (!(root instanceof java.io.IOException)) {
                e.printStackTrace(progress); // not an expected condition: the trace helps fix the harness
            }
        }
        result.finish(settings.used(), target.describe());
        return result;
    }
}
