package dev.herald.loadtest.scenario;

/** A load scenario: drives the target, measures, and checks its thresholds from the settings. */
public interface Scenario {

    String name();

    String description();

    /** Runs once; measurements and checks go into the result. Expected failures are checks, not exceptions. */
    void run(ScenarioContext context, ScenarioResult result) throws Exception;
}
