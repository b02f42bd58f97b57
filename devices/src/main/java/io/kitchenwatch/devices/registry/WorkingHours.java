package io.kitchenwatch.devices.registry;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** When a kitchen is in use, as daily windows in the site's time zone (e.g. {@code "06:00-13:30"}). */
public record WorkingHours(ZoneId zone, List<Window> windows) {
    public record Window(LocalTime from, LocalTime to) {
        boolean contains(LocalTime t) {
            return from.isBefore(to) ? !t.isBefore(from) && t.isBefore(to) : !t.isBefore(from) || t.isBefore(to);
        }

        @Override
        public String toString() {
            return from + "-" + to;
        }
    }

    public WorkingHours {
        windows = List.copyOf(windows);
    }

    public boolean isOpen(Instant at) {
        LocalTime local = at.atZone(zone).toLocalTime();
        return windows.stream().anyMatch(w -> w.contains(local));
    }

    public static WorkingHours parse(ZoneId zone, List<String> specs) {
        List<Window> windows = new ArrayList<>();
        for (String spec : specs) {
            String[] parts = spec.split("-");
            if (parts.length != 2) {
                throw new IllegalArgumentException("working hours '" + spec + "' must look like 06:00-13:30");
            }
            windows.add(new Window(LocalTime.parse(parts[0].trim()), LocalTime.parse(parts[1].trim())));
        }
        return new WorkingHours(zone, windows);
    }

    public List<String> specs() {
        return windows.stream().map(Window::toString).toList();
    }
}
