package io.kitchenwatch.dashboards.certificates;

import io.kitchenwatch.analytics.Thresholds;
import io.kitchenwatch.analytics.ThresholdsCatalog;
import io.kitchenwatch.devices.bus.StoredBatch;
import io.kitchenwatch.devices.model.DeviceEvent;
import io.kitchenwatch.devices.model.DeviceKind;
import io.kitchenwatch.devices.model.DeviceMessage;
import io.kitchenwatch.devices.model.Frame;
import io.kitchenwatch.devices.model.Reading;
import io.kitchenwatch.devices.model.Zone;
import io.kitchenwatch.devices.registry.RegisteredDevice;
import io.kitchenwatch.devices.registry.Registry;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps, for each running batch of a cabinet whose line has a camera, that camera's frames at the batch's start, when
 * the chamber first reached the method's threshold (the hold), and at its end, from the stored messages as they go by
 * live. The camera of a cabinet is the one whose {@code roi} watches it, else the site's first
 * {@code disinfection_line} camera. Fed on the event loop ({@link #onStored}); finished batches wait for their
 * verdict in a bounded map (policy drop-oldest: at most {@value #KEPT} batches, {@link #KEPT_BYTES} bytes of pictures,
 * {@link #KEPT_MS} ms each).
 */
public final class LineFrames {
    static final int KEPT = 128;
    /** Pictures held for finished batches, in bytes at most (the oldest go first beyond it). */
    static final long KEPT_BYTES = 64L << 20;
    /** A finished batch's frames wait this long for its verdict (a backlog delays it; in a cluster, another node judges). */
    static final long KEPT_MS = 10 * 60_000L;
    /**
     * How far a frame's time (its arrival) may lie outside the batch (event time) and still show it: a replayed or
     * late-delivered batch does not get today's pictures.
     */
    static final long SLACK_MS = 60_000;

    /** A frame kept for a certificate: {@code role} is {@code start}, {@code hold} or {@code end}. */
    public record Kept(String role, String camera, long ts, byte[] jpeg) {
    }

    private static final class Running {
        final String batch;
        final long start;
        final Thresholds.MethodRule rule;
        Frame first;
        Frame hold;
        Frame last;
        boolean reached;

        Running(String batch, long start, Thresholds.MethodRule rule) {
            this.batch = batch;
            this.start = start;
            this.rule = rule;
        }
    }

    private final Registry registry;
    private final ThresholdsCatalog thresholds;
    private final Map<String, String> cameraOfCabinet = new HashMap<>();
    private final Map<String, List<String>> cabinetsOfCamera = new HashMap<>();
    private final Map<String, Running> running = new HashMap<>();
    private record Finished(List<Kept> frames, long at, long bytes) {
    }

    private final LinkedHashMap<String, Finished> finished = new LinkedHashMap<>();
    private long finishedBytes;

    public LineFrames(Registry registry, ThresholdsCatalog thresholds) {
        this.registry = registry;
        this.thresholds = thresholds;
        for (RegisteredDevice d : registry.devices()) {
            if (d.kind() == DeviceKind.DISINFECTION_CABINET) {
                camera(d).ifPresent(c -> {
                    cameraOfCabinet.put(d.id(), c);
                    cabinetsOfCamera.computeIfAbsent(c, k -> new ArrayList<>()).add(d.id());
                });
            }
        }
    }

    public void onStored(StoredBatch batch) {
        if (cabinetsOfCamera.isEmpty()) {
            return;
        }
        for (DeviceMessage m : batch.messages()) {
            if (m instanceof Frame f) {
                for (String cabinet : cabinetsOfCamera.getOrDefault(f.device(), List.of())) {
                    Running r = running.get(cabinet);
                    if (r != null && f.ts() >= r.start - SLACK_MS) {
                        if (r.first == null) {
                            r.first = f;
                        } else if (r.reached && r.hold == null) {
                            r.hold = f;
                        }
                        r.last = f;
                    }
                }
            } else if (m instanceof DeviceEvent e && cameraOfCabinet.containsKey(e.device())) {
                event(e);
            } else if (m instanceof Reading r && running.containsKey(r.device())) {
                Running b = running.get(r.device());
                if (r.values().get(b.rule.field()) instanceof Double v && v >= b.rule.threshold()) {
                    b.reached = true;
                }
            }
        }
    }

    private void event(DeviceEvent e) {
        String batch = String.valueOf(e.attributes().get("batch"));
        if (e.type().equals("cycle_start")) {
            Thresholds.MethodRule rule = thresholds.forSite(e.site()).method(String.valueOf(e.attributes().get("method")));
            running.put(e.device(), new Running(batch, e.ts(), rule));
        } else if (e.type().equals("cycle_end")) {
            Running r = running.get(e.device());
            if (r != null && r.batch.equals(batch)) {
                running.remove(e.device());
                List<Kept> kept = new ArrayList<>(3);
                long latest = e.ts() + SLACK_MS;
                add(kept, "start", r.first, latest);
                add(kept, "hold", r.hold, latest);
                add(kept, "end", r.last, latest);
                long bytes = kept.stream().mapToLong(k -> k.jpeg().length).sum();
                long now = System.currentTimeMillis();
                synchronized (finished) {
                    Finished before = finished.put(key(e.device(), r.batch, r.start), new Finished(kept, now, bytes));
                    finishedBytes += bytes - (before == null ? 0 : before.bytes());
                    var oldest = finished.entrySet().iterator();
                    while (oldest.hasNext()) {
                        Finished f = oldest.next().getValue();
                        if (finished.size() <= KEPT && finishedBytes <= KEPT_BYTES && f.at() >= now - KEPT_MS) {
                            break;
                        }
                        finishedBytes -= f.bytes();
                        oldest.remove();
                    }
                }
            }
        }
    }

    private static void add(List<Kept> kept, String role, Frame f, long latest) {
        if (f != null && f.ts() <= latest) {
            kept.add(new Kept(role, f.device(), f.ts(), f.jpeg()));
        }
    }

    /** The frames kept for a finished batch, handed over once (none when the line has no camera or none came). */
    public List<Kept> take(String cabinet, String batch, long start) {
        synchronized (finished) {
            Finished f = finished.remove(key(cabinet, batch, start));
            if (f == null) {
                return List.of();
            }
            finishedBytes -= f.bytes();
            return f.frames();
        }
    }

    private Optional<String> camera(RegisteredDevice cabinet) {
        List<RegisteredDevice> cameras = registry.devicesOf(cabinet.site()).stream().filter(d -> d.kind() == DeviceKind.CAMERA).toList();
        Optional<String> watching = cameras.stream().filter(c -> c.settings().get("roi") instanceof Map<?, ?> roi
                && cabinet.id().equals(roi.get("cabinet"))).map(RegisteredDevice::id).findFirst();
        return watching.or(() -> cameras.stream().filter(c -> c.zone().filter(Zone.DISINFECTION_LINE::equals).isPresent())
                .map(RegisteredDevice::id).findFirst());
    }

    private static String key(String cabinet, String batch, long start) {
        return cabinet + "\u0000" + batch + "\u0000" + start;
    }
}
