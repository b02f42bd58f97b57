package io.kitchenwatch.analytics.runtime;

import io.kitchenwatch.analytics.alerts.AlertType;
import io.kitchenwatch.analytics.alerts.Finding;
import io.kitchenwatch.analytics.detect.DetectionRules;
import io.kitchenwatch.analytics.detect.ObjectDetector;
import io.kitchenwatch.analytics.camera.ActivityRules;
import io.kitchenwatch.analytics.camera.CameraHealth;
import io.kitchenwatch.analytics.camera.Roi;
import io.kitchenwatch.analytics.camera.RoiWatcher;
import io.kitchenwatch.devices.model.Reading;
import io.kitchenwatch.ingest.store.StorePoint;
import io.kitchenwatch.analytics.camera.MotionDetector;
import io.kitchenwatch.analytics.camera.PeopleDetector;
import io.kitchenwatch.devices.model.Zone;
import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.ingest.store.TimeSeriesStore;
import io.kitchenwatch.analytics.camera.FrameMeasurer;
import io.kitchenwatch.analytics.camera.FrameMetrics;
import io.kitchenwatch.devices.model.Frame;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Analyses camera snapshots on worker threads (JavaCV is CPU-bound and blocking): camera health, motion, after-hours
 * activity, people in special rooms and, when a model is configured, objects (no hat, rodent ...). Each camera has one slot holding
 * its newest unanalysed frame: a newer frame replaces an older one waiting there (overflow policy: keep the newest,
 * count the dropped in {@code kw_frames_dropped_total}), so a slow analysis never piles up a backlog of stale
 * pictures. A camera is analysed by one worker at a time, in arrival order.
 */
public final class FrameAnalysisService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FrameAnalysisService.class);
    /** Cameras with a frame waiting at once; beyond this (a flood of unknown camera ids) frames are dropped. */
    static final int MAX_WAITING_CAMERAS = 10_000;
    private final Map<String, Frame> waiting = new ConcurrentHashMap<>();
    private final BlockingQueue<String> ready = new LinkedBlockingQueue<>();
    private final Map<String, Camera> cameras = new ConcurrentHashMap<>();
    private final Registry registry;
    private final DerivedPointWriter derivedRows;
    private final Consumer<Reading> derivedReadings;
    private final EvidenceStore evidence;
    private final Consumer<List<Finding>> findings;
    private final List<Thread> workers = new ArrayList<>();
    private final Counter analysed;
    private final Counter dropped;
    private final Counter undecodable;
    private final Timer latency;
    private volatile boolean running = true;

    /** What is known of one camera between its frames: health baseline, background model, activity state. */
    private record Camera(CameraHealth health, MotionDetector motion, Optional<ActivityRules> activity,
                          Optional<DetectionRules> detections, Optional<RoiWatcher> roi) {
    }

    /** An optional object detector: how to make one per worker, and which detector class raises which alert. */
    public record DetectorSetup(Supplier<ObjectDetector> factory, Map<String, AlertType> classToAlert) {
    }

    private final Optional<DetectorSetup> detector;

    public FrameAnalysisService(Registry registry, TimeSeriesStore store, int threads, EvidenceStore evidence,
                                MeterRegistry meters, Optional<DetectorSetup> detector, Consumer<List<Finding>> findings,
                                Consumer<Reading> derivedReadings) {
        this.derivedReadings = derivedReadings;
        this.registry = registry;
        this.detector = detector;
        this.derivedRows = new DerivedPointWriter(store, meters);
        this.evidence = evidence;
        this.findings = findings;
        this.analysed = Counter.builder("kw.frames.analysed").description("camera snapshots analysed").register(meters);
        this.dropped = Counter.builder("kw.frames.dropped").description("snapshots replaced by a newer one before analysis").register(meters);
        this.undecodable = Counter.builder("kw.frames.undecodable").description("snapshots that passed the JPEG check but did not decode").register(meters);
        this.latency = Timer.builder("kw.frames.analysis.latency").description("decode and analysis time of one snapshot").register(meters);
        for (int i = 0; i < threads; i++) {
            Thread t = new Thread(this::work, "kw-frame-analysis-" + i);
            t.setDaemon(true);
            workers.add(t);
        }
    }

    public void start() {
        derivedRows.start();
        workers.forEach(Thread::start);
    }

    /** Hands a stored frame over for analysis; never blocks. */
    public void submit(Frame frame) {
        if (waiting.size() >= MAX_WAITING_CAMERAS && !waiting.containsKey(frame.device())) {
            dropped.increment();
            return;
        }
        if (waiting.put(frame.device(), frame) != null) {
            dropped.increment();
        } else {
            ready.offer(frame.device());
        }
    }

    private void work() {
        FrameMeasurer measurer = new FrameMeasurer();
        PeopleDetector people = new PeopleDetector();
        Optional<ObjectDetector> objects = detector.map(d -> d.factory().get());
        while (running) {
            try {
                String camera = ready.poll(200, TimeUnit.MILLISECONDS);
                if (camera == null) {
                    continue;
                }
                Frame next = waiting.get(camera);
                if (next == null) {
                    continue;
                }
                Camera c = cameras.computeIfAbsent(camera, id -> camera(next.site(), id));
                synchronized (c) {
                    Frame frame = waiting.remove(camera);
                    if (frame != null) {
                        analyse(measurer, people, objects, c, frame);
                    }
                }
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                LOG.error("frame analysis failed", e);
            }
        }
        people.close();
        objects.ifPresent(ObjectDetector::close);
    }

    /** Activity rules need the site's working hours, so only registered cameras get them. */
    private Camera camera(String site, String id) {
        Optional<ActivityRules> activity = registry.device(id).filter(d -> d.site().equals(site))
                .flatMap(d -> registry.site(site).map(s -> new ActivityRules(site, id, s.workingHours(),
                        d.zone().filter(z -> z == Zone.SPECIAL_ROOM).isPresent())));
        Optional<RoiWatcher> roi = registry.device(id).filter(d -> d.site().equals(site))
                .flatMap(d -> Roi.of(d.settings())).map(RoiWatcher::new);
        return new Camera(new CameraHealth(site, id), new MotionDetector(), activity,
                detector.map(d -> new DetectionRules(site, id, d.classToAlert())), roi);
    }

    private void analyse(FrameMeasurer measurer, PeopleDetector people, Optional<ObjectDetector> objects, Camera c, Frame frame) {
        long start = System.nanoTime();
        Optional<FrameMetrics> metrics = measurer.measure(frame.jpeg());
        latency.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        if (metrics.isEmpty()) {
            undecodable.increment();
            return;
        }
        analysed.increment();
        double moving = c.motion().foreground(metrics.get().motionView());
        List<Finding> found = new ArrayList<>(c.health().onFrame(frame.ts(), metrics.get(), MotionDetector.isMotion(moving)));
        c.activity().ifPresent(a -> found.addAll(a.onFrame(frame.ts(), moving, () -> people.count(frame.jpeg()))));
        if (objects.isPresent() && c.detections().isPresent()) {
            try {
                found.addAll(c.detections().get().onDetections(frame.ts(), objects.get().detect(frame.jpeg())));
            } catch (IllegalArgumentException e) {
                LOG.warn("object detector failed on a frame of {}: {}", frame.device(), e.getMessage());
            }
        }
        derivedRows.write(new StorePoint(TimeSeriesStore.CAMERA_HEALTH, Map.of("site", frame.site(), "device", frame.device()),
                Map.of(c.health().healthy() ? "healthy_frame" : "unhealthy_frame", 1.0), frame.ts()));
        c.roi().ifPresent(w -> w.observe(frame.jpeg()).ifPresent(state -> {
            Reading derived = new Reading(frame.site(), frame.device(), frame.ts(), OptionalLong.empty(), Map.of(w.roi().field(), state));
            derivedRows.write(new StorePoint(TimeSeriesStore.TELEMETRY, Map.of("site", frame.site(), "device", frame.device(),
                    "kind", "camera", "registered", "true"), Map.of(w.roi().field(), state ? 1.0 : 0.0), frame.ts()));
            derivedReadings.accept(derived);
        }));
        if (found.isEmpty()) {
            return;
        }
        List<Finding> withEvidence = new ArrayList<>(found.size());
        for (Finding f : found) {
            if (!f.raised()) {
                withEvidence.add(f);
                continue;
            }
            Map<String, Object> ev = new HashMap<>(f.evidence());
            try {
                ev.put("snapshot", evidence.keep(frame.device(), frame.ts(), frame.jpeg()));
            } catch (IOException e) {
                LOG.warn("cannot keep evidence snapshot of {}: {}", frame.device(), e.toString());
            }
            withEvidence.add(new Finding(f.type(), f.site(), f.device(), f.ts(), true, f.value(), ev));
        }
        findings.accept(withEvidence);
    }

    @Override
    public void close() {
        running = false;
        for (Thread t : workers) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        cameras.values().forEach(c -> c.motion().close());
        derivedRows.close();
    }
}
