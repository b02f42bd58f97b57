package io.kitchenwatch.devices.bus;

import java.util.List;

/** Every alert analytics holds, newest version of each, for a stage that starts after it. */
public record AlertSnapshot(List<AlertChanged> alerts) {
    public AlertSnapshot {
        alerts = List.copyOf(alerts);
    }
}
