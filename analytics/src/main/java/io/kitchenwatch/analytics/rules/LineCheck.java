package io.kitchenwatch.analytics.rules;

import java.util.Set;
import io.kitchenwatch.analytics.Confirmation;
import io.kitchenwatch.analytics.alerts.AlertType;
import io.kitchenwatch.analytics.alerts.Finding;
import io.kitchenwatch.devices.model.Reading;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Does the disinfection line look like what its cabinet says? A camera's derived readings ({@code light_on},
 * {@code door_open_seen}) against the cabinet's own telemetry: the light off while the cabinet reports a running
 * cycle, or the door seen open during the hold, raise after {@value #CONFIRM} frames and clear after as many.
 */
public final class LineCheck {
    static final int CONFIRM = 2;
    private final String site;
    private final String camera;
    private final String cabinet;
    private final Supplier<CabinetRules> cabinetState;
    private final Confirmation light = new Confirmation(CONFIRM, CONFIRM);
    private final Confirmation door = new Confirmation(CONFIRM, CONFIRM);

    public LineCheck(String site, String camera, String cabinet, Supplier<CabinetRules> cabinetState) {
        this.site = site;
        this.camera = camera;
        this.cabinet = cabinet;
        this.cabinetState = cabinetState;
    }

    /** The fields a line camera's regions of interest derive; both are booleans. */
    public static final Set<String> DERIVED_FIELDS = Set.of("light_on", "door_open_seen");

    /** A reading a line camera's region of interest produced (rather than one the device sent). */
    public static boolean isDerived(Reading r) {
        return DERIVED_FIELDS.stream().anyMatch(r.values()::containsKey);
    }

    public List<Finding> onReading(Reading r) {
        CabinetRules c = cabinetState.get();
        List<Finding> out = new ArrayList<>(0);
        if (c == null) {
            return out;
        }
        if (r.values().get("light_on") instanceof Boolean lit) {
            step(out, light, !lit && c.running(), AlertType.LINE_LIGHT_MISMATCH, r.ts(),
                    Map.of("cabinet", cabinet, "light_on", lit, "cabinet_running", c.running()));
        }
        if (r.values().get("door_open_seen") instanceof Boolean open) {
            step(out, door, open && c.holding(), AlertType.LINE_DOOR_OPEN_DURING_HOLD, r.ts(),
                    Map.of("cabinet", cabinet, "door_open_seen", open, "cabinet_holding", c.holding()));
        }
        return out;
    }

    private void step(List<Finding> out, Confirmation c, boolean present, AlertType type, long ts, Map<String, Object> evidence) {
        c.update(present).ifPresent(raised -> out.add(raised
                ? Finding.raise(type, site, camera, ts, 1, evidence) : Finding.clear(type, site, camera, ts)));
    }
}
