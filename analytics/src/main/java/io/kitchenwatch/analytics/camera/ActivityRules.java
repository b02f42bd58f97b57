package io.kitchenwatch.analytics.camera;

import io.kitchenwatch.analytics.Confirmation;
import io.kitchenwatch.analytics.alerts.AlertType;
import io.kitchenwatch.analytics.alerts.Finding;
import io.kitchenwatch.devices.registry.WorkingHours;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * What moves in a kitchen when it is closed: motion outside working hours (intrusion or rodents) and, in a special
 * room, people outside its use. Each needs {@value #CONFIRM} frames in a row to raise and as many quiet frames to
 * clear. People are only counted (the detector is slow) when the room is closed and something moved.
 */
public final class ActivityRules {
    static final int CONFIRM = 2;
    private final String site;
    private final String device;
    private final WorkingHours hours;
    private final boolean specialRoom;
    private final Confirmation afterHours = new Confirmation(CONFIRM, CONFIRM);
    private int quietRun;
    private int peopleRun;
    private boolean people;

    public ActivityRules(String site, String device, WorkingHours hours, boolean specialRoom) {
        this.site = site;
        this.device = device;
        this.hours = hours;
        this.specialRoom = specialRoom;
    }

    public List<Finding> onFrame(long ts, double foreground, IntSupplier peopleCounter) {
        List<Finding> out = new ArrayList<>(0);
        boolean closed = !hours.isOpen(Instant.ofEpochMilli(ts));
        boolean moving = closed && MotionDetector.isMotion(foreground);
        quietRun = moving ? 0 : quietRun + 1;
        afterHours.update(moving).ifPresent(raised -> out.add(raised
                ? Finding.raise(AlertType.AFTER_HOURS_ACTIVITY, site, device, ts, foreground,
                        Map.of("moving_share", Math.round(foreground * 10_000) / 100.0, "working_hours", String.join(",", hours.specs())))
                : Finding.clear(AlertType.AFTER_HOURS_ACTIVITY, site, device, ts)));
        if (specialRoom) {
            int count = moving ? peopleCounter.getAsInt() : 0;
            peopleRun = count > 0 ? peopleRun + 1 : 0;
            if (!people && peopleRun >= CONFIRM) {
                people = true;
                out.add(Finding.raise(AlertType.PEOPLE_IN_SPECIAL_ROOM, site, device, ts, count,
                        Map.of("people", count, "working_hours", String.join(",", hours.specs()))));
            } else if (people && count == 0 && quietRun >= CONFIRM) {
                people = false;
                out.add(Finding.clear(AlertType.PEOPLE_IN_SPECIAL_ROOM, site, device, ts));
            }
        }
        return out;
    }
}
