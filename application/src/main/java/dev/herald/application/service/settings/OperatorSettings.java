package dev.herald.application.service.settings;

/**
 * How the operator controls start.
 *
 * @param adminOpen          {@code herald.admin.open}: with auth off, admin endpoints answer any caller
 * @param maintenanceAtStart {@code herald.maintenance}: this instance starts in maintenance mode
 */
public record OperatorSettings(boolean adminOpen, boolean maintenanceAtStart) {

    public static OperatorSettings defaults() {
        return new OperatorSettings(false, false);
    }
}
