package dev.herald.loadtest.cli;

import dev.herald.loadtest.scenario.ScenarioResult;

import java.util.Collection;

/** 0 passed (or skipped), 1 a threshold failed, 2 bad usage or config, 3 the run itself broke (gateway unreachable, ...). */
public final class ExitCodes {

    public static final int OK = 0;
    public static final int THRESHOLD_FAILED = 1;
    public static final int USAGE = 2;
    public static final int RUN_ERROR = 3;

    private ExitCodes() {
    }

    public static int of(Collection<ScenarioResult> results) {
        if (results.stream().anyMatch(r -> r.status() == ScenarioResult.Status.ERROR)) {
            return RUN_ERROR;
        }
        return results.stream().allMatch(ScenarioResult::ok) ? OK : THRESHOLD_FAILED;
    }
}
