package io.kitchenwatch.dashboards.reports;

import io.kitchenwatch.analytics.alerts.Alert;
import io.kitchenwatch.devices.registry.Site;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Builds reports one at a time on a thread of their own (a county's month reads the store for minutes; it must not
 * hold up the API's workers), keeps each in {@code <data-dir>/reports/<id>/} as PDF, CSV zip and printable HTML with
 * its {@code meta.json}, and knows them again after a restart. At most {@value #MAX_WAITING} wait to be built (policy:
 * refuse the next with "busy"). On-demand reports are deleted after {@link #ON_DEMAND_KEPT}, daily ones after
 * {@link #DAILY_KEPT}.
 */
public final class ReportJobs implements AutoCloseable {
    public static final int MAX_WAITING = 8;
    public static final int MAX_WAITING_PER_PERSON = 3;
    static final Duration ON_DEMAND_KEPT = Duration.ofDays(7);
    static final Duration DAILY_KEPT = Duration.ofDays(400);
    private static final Logger LOG = LoggerFactory.getLogger(ReportJobs.class);
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,120}");
    private final Path dir;
    private final FactsGatherer gatherer;
    private final Supplier<Collection<Alert>> alerts;
    private final Map<String, ReportStatus> reports = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final ThreadPoolExecutor builder = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(MAX_WAITING), r -> {
                Thread t = new Thread(r, "kw-report-builder");
                t.setDaemon(true);
                return t;
            });

    /** Thrown when {@value #MAX_WAITING} reports already wait to be built. */
    public static final class BusyException extends Exception {
        BusyException() {
            this(MAX_WAITING + " reports are waiting to be built; try again in a minute");
        }

        BusyException(String message) {
            super(message);
        }
    }

    public ReportJobs(Path dir, FactsGatherer gatherer, Supplier<Collection<Alert>> alerts) {
        this.dir = dir;
        this.gatherer = gatherer;
        this.alerts = alerts;
        loadKept();
    }

    /**
     * Queues a report; answers its status at once. One person has at most {@value #MAX_WAITING_PER_PERSON} waiting or
     * building, so nobody fills the queue for everyone else.
     */
    public ReportStatus submit(ReportScope scope, ReportPeriod period, String by, String role) throws BusyException {
        Optional<ReportStatus> same = reports.values().stream().filter(r -> !r.scheduled() && r.createdBy().equals(by)
                && (r.state().equals("queued") || r.state().equals("building")) && r.scopeKind().equals(scope.kind())
                && r.scopeId().equals(scope.id()) && r.from() == period.from() && r.to() == period.to()).findFirst();
        if (same.isPresent()) {
            return same.get(); // asked twice: one build
        }
        long theirs = reports.values().stream().filter(r -> !r.scheduled() && r.createdBy().equals(by)
                && (r.state().equals("queued") || r.state().equals("building"))).count();
        if (theirs >= MAX_WAITING_PER_PERSON) {
            throw new BusyException("your " + theirs + " previous reports are still being built; wait for them, then ask for the next");
        }
        String id = "r-" + Long.toString(System.currentTimeMillis(), 36) + "-" + randomHex();
        return queue(id, scope, period, by, role, false);
    }

    /**
     * Queues the daily reports of these regions for {@code day} that do not exist yet, built one after the other in
     * one place of the queue; answers how many were queued.
     */
    public int submitDaily(List<ReportScope> regions, ReportPeriod day) throws BusyException {
        List<Runnable> builds = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (ReportScope scope : regions) {
            String id = "daily-" + scope.id() + "-" + day.fileStem().substring("day-".length());
            ReportStatus before = reports.get(id);
            if (before == null || before.state().equals("failed")) {
                ReportStatus status = queued(id, scope, day, "kitchenwatch", "SCHEDULED", true);
                ids.add(id);
                builds.add(() -> build(status, scope, day));
            }
        }
        if (!builds.isEmpty()) {
            execute(ids, () -> builds.forEach(Runnable::run));
        }
        return builds.size();
    }

    private ReportStatus queue(String id, ReportScope scope, ReportPeriod period, String by, String role, boolean scheduled)
            throws BusyException {
        ReportStatus status = queued(id, scope, period, by, role, scheduled);
        execute(List.of(id), () -> build(status, scope, period));
        return status;
    }

    private ReportStatus queued(String id, ReportScope scope, ReportPeriod period, String by, String role, boolean scheduled) {
        ReportStatus status = new ReportStatus(id, scope.kind(), scope.id(), scope.name(), scope.sites().stream().map(Site::id).toList(),
                period.kind(), period.from(), period.to(), period.label(), by, role, System.currentTimeMillis(), scheduled, "queued", 0, null);
        reports.put(id, status);
        return status;
    }

    private void execute(List<String> ids, Runnable task) throws BusyException {
        try {
            builder.execute(task);
        } catch (RejectedExecutionException e) {
            ids.forEach(reports::remove);
            throw new BusyException();
        }
    }

    private String randomHex() {
        byte[] bytes = new byte[6];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    /** Deletes the reports kept longer than they are meant to be. */
    public void prune(long now) {
        for (ReportStatus s : List.copyOf(reports.values())) {
            Duration kept = s.scheduled() ? DAILY_KEPT : ON_DEMAND_KEPT;
            if (s.created() < now - kept.toMillis() && (s.done() || s.state().equals("failed"))) {
                reports.remove(s.id());
                delete(dir.resolve(s.id()));
            }
        }
    }

    public Optional<ReportStatus> status(String id) {
        return Optional.ofNullable(reports.get(id));
    }

    /** Every report kept or under way, newest first. */
    public List<ReportStatus> list() {
        List<ReportStatus> out = new ArrayList<>(reports.values());
        out.sort(Comparator.comparingLong(ReportStatus::created).reversed());
        return out;
    }

    /** Where a report's file ({@code report.pdf}, {@code report.csv.zip} or {@code report.html}) is kept. */
    public Path path(String id, String name) {
        if (!ID.matcher(id).matches() || !ReportStatus.FILES.contains(name)) {
            throw new IllegalArgumentException("no such report file: " + id + "/" + name);
        }
        return dir.resolve(id).resolve(name);
    }

    private void build(ReportStatus queued, ReportScope scope, ReportPeriod period) {
        ReportStatus status = queued.with("building", 0, null);
        reports.put(status.id(), status);
        try {
            List<SiteFacts> facts = gatherer.gather(scope.sites(), period.from(), period.to(), true,
                    done -> reports.put(status.id(), status.with("building", 0.9 * done / scope.sites().size(), null)));
            Report report = ReportBuilder.build(scope, period, facts, List.copyOf(alerts.get()), System.currentTimeMillis());
            Path folder = dir.resolve(status.id());
            Files.createDirectories(folder);
            write(folder.resolve("report.csv.zip"), CsvZip.render(report));
            reports.put(status.id(), status.with("building", 0.93, null));
            write(folder.resolve("report.html"), HtmlReport.render(report).getBytes(StandardCharsets.UTF_8));
            reports.put(status.id(), status.with("building", 0.96, null));
            write(folder.resolve("report.pdf"), PdfReport.render(report));
            ReportStatus finished = status.with("done", 1, null);
            write(folder.resolve("meta.json"), finished.toStored().encodePrettily().getBytes(StandardCharsets.UTF_8));
            reports.put(status.id(), finished);
        } catch (Exception | LinkageError e) {
            LOG.warn("report {} ({} {}, {}) failed: {}", status.id(), scope.kind(), scope.id(), period.label(), e.toString());
            reports.put(status.id(), status.with("failed", status.progress(),
                    "the report could not be built (the store may be unavailable); the node's log says why, under report " + status.id()));
        }
    }

    private static void write(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Finds the reports a previous run finished (a half-built one has no meta.json and is removed). */
    private void loadKept() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        long now = System.currentTimeMillis();
        try (Stream<Path> folders = Files.list(dir)) {
            for (Path folder : (Iterable<Path>) folders::iterator) {
                String id = folder.getFileName().toString();
                if (!ID.matcher(id).matches() || !Files.isDirectory(folder)) {
                    continue;
                }
                Path meta = folder.resolve("meta.json");
                try {
                    ReportStatus s = ReportStatus.fromStored(new JsonObject(Files.readString(meta)));
                    Duration kept = s.scheduled() ? DAILY_KEPT : ON_DEMAND_KEPT;
                    if (s.created() < now - kept.toMillis()) {
                        delete(folder);
                    } else if (s.id().equals(id)) {
                        reports.put(id, s);
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.info("removing report folder {}: it was not finished ({})", folder, e.toString());
                    delete(folder);
                }
            }
        } catch (IOException e) {
            LOG.warn("cannot read the kept reports in {}: {}", dir, e.toString());
        }
    }

    private static void delete(Path folder) {
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(folder);
        } catch (IOException e) {
            LOG.warn("cannot remove {}: {}", folder, e.toString());
        }
    }

    @Override
    public void close() {
        builder.shutdownNow();
    }
}
