package io.kitchenwatch.analytics.alerts;

import java.util.NoSuchElementException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * Every alert and its lifecycle. One incident per (device, type) while it is not closed: a repeated trigger updates
 * it (count, last seen, worst value) instead of opening another; a condition that goes by itself marks it cleared;
 * only people move it along the loop, one step at a time. Not thread-safe: one owner thread applies findings and
 * actions (the ingest tier's analytics thread).
 */
public final class AlertBook {
    private static final String SYSTEM = "system";
    private final Map<String, Alert> byId = new LinkedHashMap<>();
    private final Map<String, String> openByKey = new HashMap<>();
    /** The newest alert of each (device, type), closed or not. */
    private final Map<String, String> newestByKey = new HashMap<>();

    private static String key(String device, AlertType type) {
        return device + "\u0000" + type.name();
    }

    /** Applies what a rule found; empty when it changes nothing (a clear with no open alert). */
    public Optional<AlertChange> apply(Finding f) {
        String key = key(f.device(), f.type());
        Alert current = Optional.ofNullable(openByKey.get(key)).map(byId::get).orElse(null);
        if (!f.raised()) {
            if (current == null || current.cleared()) {
                return Optional.empty();
            }
            Alert cleared = new Alert(current.id(), current.site(), current.device(), current.type(), current.severity(),
                    current.state(), true, current.opened(), Math.max(current.updated(), f.ts()), current.lastSeen(),
                    current.count(), current.worst(), current.evidence(), current.history())
                    .withHistory(current.state(), f.ts(), SYSTEM, "condition cleared");
            return Optional.of(store(cleared, AlertChange.Kind.CLEARED));
        }
        if (current == null) {
            Alert opened = new Alert(newId(f), f.site(), f.device(), f.type(), f.type().severity(), AlertState.OPEN, false,
                    f.ts(), f.ts(), f.ts(), 1, f.value(), f.evidence(),
                    List.of(new HistoryEntry(AlertState.OPEN, f.ts(), SYSTEM, describe(f))));
            openByKey.put(key, opened.id());
            newestByKey.put(key, opened.id());
            return Optional.of(store(opened, AlertChange.Kind.OPENED));
        }
        boolean worse = f.value() > current.worst();
        AlertChange.Kind kind = current.cleared() ? AlertChange.Kind.RETURNED : worse ? AlertChange.Kind.WORSENED : AlertChange.Kind.REPEATED;
        Alert updated = new Alert(current.id(), current.site(), current.device(), current.type(), current.severity(),
                current.state(), false, current.opened(), Math.max(current.updated(), f.ts()), Math.max(current.lastSeen(), f.ts()),
                current.count() + 1, Math.max(current.worst(), f.value()), worse || current.cleared() ? f.evidence() : current.evidence(),
                current.history());
        if (current.cleared()) {
            updated = updated.withHistory(current.state(), f.ts(), SYSTEM, "condition returned: " + describe(f));
        }
        return Optional.of(store(updated, kind));
    }

    /** A person's step along the loop; refuses any step the current state does not allow. */
    public AlertChange act(String id, AlertAction action, String by, String note, long at) throws IllegalTransitionException {
        Alert alert = byId.get(id);
        if (alert == null) {
            throw new NoSuchElementException("no alert " + id);
        }
        if (alert.state() != action.from()) {
            throw new IllegalTransitionException("cannot " + action.wireName() + " an alert that is " + alert.state().wireName()
                    + "; " + action.wireName() + " needs " + action.from().wireName());
        }
        Alert moved = alert.withHistory(action.to(), Math.max(at, alert.updated()), by, note == null ? "" : note);
        if (moved.isClosed()) {
            openByKey.remove(key(moved.device(), moved.type()));
        }
        return store(moved, AlertChange.Kind.ACTION);
    }

    /**
     * Closes an alert whose device left the registry, whatever step it had reached: nobody can follow it up at a
     * device that is no longer watched. Empty when it is closed already.
     */
    public Optional<AlertChange> closeRetired(String id, String note, long at) {
        Alert alert = byId.get(id);
        if (alert == null || alert.isClosed()) {
            return Optional.empty();
        }
        Alert closed = alert.withHistory(AlertState.CLOSED, Math.max(at, alert.updated()), SYSTEM, note);
        openByKey.remove(key(closed.device(), closed.type()));
        return Optional.of(store(closed, AlertChange.Kind.ACTION));
    }

    /**
     * True when the book already holds what {@code f} says: the newest alert of its device and type had taken in a
     * finding at or after {@code f}'s time, or was closed after it. A restart analyses recent history again and
     * records only the findings this says the book has not seen (they were lost with the process).
     */
    public boolean reflects(Finding f) {
        return judgedSince(f.device(), f.type(), f.ts());
    }

    /** True when the newest alert of this device and type took in a finding at or after {@code ts} (or closed after it). */
    public boolean judgedSince(String device, AlertType type, long ts) {
        String id = newestByKey.get(key(device, type));
        if (id == null) {
            return false;
        }
        Alert a = byId.get(id);
        long seen = a.lastSeen();
        for (HistoryEntry h : a.history()) {
            // people act on the wall clock, findings carry event time: only a close ends what a finding can still change
            if (SYSTEM.equals(h.by()) || a.isClosed()) {
                seen = Math.max(seen, h.at());
            }
        }
        return ts <= seen;
    }

    /** Puts back an alert read from the store at start-up (the newest version of each id wins). */
    public void restore(Alert alert) {
        byId.put(alert.id(), alert);
        String key = key(alert.device(), alert.type());
        newestByKey.merge(key, alert.id(), (current, candidate) ->
                byId.get(current).opened() > alert.opened() ? current : candidate);
        if (alert.isClosed()) {
            openByKey.remove(key, alert.id());
        } else {
            openByKey.put(key, alert.id());
        }
    }

    public Optional<Alert> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Collection<Alert> all() {
        return new ArrayList<>(byId.values());
    }

    private AlertChange store(Alert alert, AlertChange.Kind kind) {
        byId.put(alert.id(), alert);
        return new AlertChange(alert, kind);
    }

    /** Ids depend only on the incident (device, type, first trigger time), so a replay gives the same ids. */
    private static String newId(Finding f) {
        CRC32 crc = new CRC32();
        crc.update((f.site() + "/" + f.device() + "/" + f.type().name()).getBytes(StandardCharsets.UTF_8));
        return "a-" + Long.toString(f.ts(), 36) + "-" + Long.toHexString(crc.getValue());
    }

    private static String describe(Finding f) {
        return f.type().wireName().replace('_', ' ');
    }
}
