package io.kitchenwatch.dashboards.reports;

import io.kitchenwatch.devices.registry.Region;
import io.kitchenwatch.devices.registry.Registry;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Yesterday's report of every region (county and town), made each day at {@link #AT} in the reports' time zone and
 * kept in {@code <data-dir>/reports/daily-<region>-<date>/}. At start it makes the ones missing for yesterday, so a
 * node that was down at the hour catches up. A day is reported once the store holds readings from after its end (a
 * backlog still arriving, or the demo's history being replayed, would leave it short), or with whatever has arrived
 * after waiting {@link #MAX_WAIT} for more.
 */
public final class DailyReports implements AutoCloseable {
    static final LocalTime AT = LocalTime.of(0, 30);
    private static final Logger LOG = LoggerFactory.getLogger(DailyReports.class);
    private static final long FIRST_LOOK_MS = Duration.ofMinutes(1).toMillis();
    private static final long RETRY_MS = Duration.ofMinutes(5).toMillis();
    static final Duration MAX_WAIT = Duration.ofHours(6);
    private final Vertx vertx;
    private final Registry registry;
    private final ReportJobs jobs;
    private final ZoneId zone;
    private final LongSupplier newestReading;
    private volatile long timer = -1;
    /** The day whose data is awaited and since when (timer callbacks only). */
    private ReportPeriod awaited;
    private long awaitedSince;

    /** @param newestReading event time of the newest reading stored (epoch ms) */
    public DailyReports(Vertx vertx, Registry registry, ReportJobs jobs, ZoneId zone, LongSupplier newestReading) {
        this.newestReading = newestReading;
        this.vertx = vertx;
        this.registry = registry;
        this.jobs = jobs;
        this.zone = zone;
    }

    /** Starts the schedule; the first look for missing reports waits until the node has settled after its start. */
    public void start() {
        timer = vertx.setTimer(FIRST_LOOK_MS, id -> runAndReschedule());
    }

    private void runAndReschedule() {
        long delay;
        try {
            Instant now = Instant.now();
            vertx.executeBlocking(() -> {
                jobs.prune(now.toEpochMilli());
                return null;
            }, false);
            ReportPeriod yesterday = ReportPeriod.lastComplete("day", now, zone);
            if (!yesterday.equals(awaited)) {
                awaited = yesterday;
                awaitedSince = now.toEpochMilli();
            }
            if (newestReading.getAsLong() >= yesterday.to() || now.toEpochMilli() - awaitedSince >= MAX_WAIT.toMillis()) {
                int queued = jobs.submitDaily(regions(), yesterday);
                if (queued > 0) {
                    LOG.info("building {} daily region reports for {}", queued, yesterday.label());
                }
                delay = untilNext(now);
            } else {
                LOG.debug("daily reports for {} wait for its data to arrive", yesterday.label());
                delay = RETRY_MS;
            }
        } catch (ReportJobs.BusyException e) {
            LOG.info("daily reports wait: {}", e.getMessage());
            delay = RETRY_MS;
        }
        timer = vertx.setTimer(Math.max(1, delay), id -> runAndReschedule());
    }

    private List<ReportScope> regions() {
        List<ReportScope> out = new ArrayList<>();
        for (Region r : registry.regions()) {
            if (!registry.sitesIn(r.id()).isEmpty()) {
                out.add(new ReportScope("region", r.id(), r.name(), registry.sitesIn(r.id())));
            }
        }
        return out;
    }

    private long untilNext(Instant now) {
        ZonedDateTime local = now.atZone(zone);
        ZonedDateTime next = local.toLocalDate().atTime(AT).atZone(zone);
        if (!next.isAfter(local)) {
            next = local.toLocalDate().plusDays(1).atTime(AT).atZone(zone);
        }
        return Duration.between(local, next).toMillis();
    }

    @Override
    public void close() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
