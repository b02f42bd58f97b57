package io.kitchenwatch.ingest.store;

import java.time.Duration;
import java.util.Map;
import java.util.List;
import java.util.Optional;

/**
 * The time-series store KitchenWatch writes to and reads from. Calls block: run them on worker threads, never on an
 * event loop. Names passed in (measurements, devices, fields) must already be validated identifiers.
 */
public interface TimeSeriesStore extends AutoCloseable {
    String TELEMETRY = "telemetry";
    String TELEMETRY_TEXT = "telemetry_text";
    String EVENTS = "events";
    String DEVICE_STATE = "device_state";
    String FRAMES = "frames";
    String ALERTS = "alerts";
    String BATCHES = "batches";
    /** One row per signed batch certificate: tags site, device, certificate, deliver_to (when known); {@value #PAYLOAD}. */
    String CERTIFICATES = "certificates";
    /** One row per analysed camera frame: field {@code healthy_frame} or {@code unhealthy_frame} (1.0). */
    String CAMERA_HEALTH = "camera_health";
    /**
     * Messages from sources the registry does not list at that site, kept apart from every registered device's series:
     * tags site, device, channel, reason; fields {@code bytes} and (JSON messages) {@value #PAYLOAD}.
     */
    String UNREGISTERED = "unregistered";
    /** The text field of {@link #EVENTS}, {@link #ALERTS} and {@link #BATCHES} rows, read back by {@link #payloads}. */
    String PAYLOAD = "payload";

    /** Writes the points; when this returns they are durable in the store. */
    void write(List<StorePoint> points) throws StoreException;

    /** The newest numeric telemetry of a device, if it ever sent any. */
    Optional<LatestValues> latest(String device) throws StoreException;

    /**
     * {@link #latest} of every device that ever sent telemetry, in a query or two whatever the number of devices (a
     * start seeds the status of a province's 100,000 from it).
     */
    Map<String, LatestValues> latestOfAll() throws StoreException;

    /** Mean of {@code field} per {@code stepMs} bucket in [fromMs, toMs), epoch-aligned, empty buckets left out. */
    List<SeriesPoint> series(String device, String field, long fromMs, long toMs, long stepMs) throws StoreException;

    /** How many points of {@code measurement} for {@code device} in [fromMs, toMs) carry {@code field}. */
    long count(String measurement, String device, String field, long fromMs, long toMs) throws StoreException;

    /**
     * {@link #count} for every value of tag {@code groupTag} at once, among rows whose tags equal {@code tags}: one
     * query, so a region's KPIs cost the same few queries for ten sites or twenty thousand. Values with no such
     * point are absent.
     */
    Map<String, Long> countPer(String groupTag, String measurement, String field, Map<String, String> tags, long fromMs, long toMs)
            throws StoreException;

    /** Which rows of a range {@link #payloads} gives when there are more than its limit. */
    enum Order { OLDEST_FIRST, NEWEST_FIRST }

    /**
     * The {@value #PAYLOAD} texts of {@code measurement} rows in [fromMs, toMs) whose tags equal {@code tags}, in
     * {@code order}, at most {@code limit}.
     */
    List<String> payloads(String measurement, Map<String, String> tags, long fromMs, long toMs, int limit, Order order)
            throws StoreException;

    /** As {@link #payloads(String, Map, long, long, int, Order)}, oldest first. */
    default List<String> payloads(String measurement, Map<String, String> tags, long fromMs, long toMs, int limit)
            throws StoreException {
        return payloads(measurement, tags, fromMs, toMs, limit, Order.OLDEST_FIRST);
    }

    /** The newest {@code limit} rows of the range, newest first. */
    default List<String> newestPayloads(String measurement, Map<String, String> tags, long fromMs, long toMs, int limit)
            throws StoreException {
        return payloads(measurement, tags, fromMs, toMs, limit, Order.NEWEST_FIRST);
    }

    /** Every stored reading of {@code field} of {@code device} in [fromMs, toMs), as stored, oldest first, at most {@code limit}. */
    List<SeriesPoint> readings(String device, String field, long fromMs, long toMs, int limit) throws StoreException;

    /**
     * Each device's newest row time in {@code measurement}; devices with no row there are absent. One query, so a
     * restart can find where every device had got to without asking device by device.
     */
    Map<String, Long> newestPerDevice(String measurement) throws StoreException;

    /**
     * Every row of {@code measurement} in [fromMs, toMs), oldest first: its tags as strings, its fields as
     * {@link Double} or {@link String}; columns a row does not have are left out. For reading history back (a restart
     * rebuilds the analytics' state from it), so callers keep the range small.
     */
    List<StoredRow> rows(String measurement, long fromMs, long toMs) throws StoreException;

    /**
     * Returns once every write acknowledged before the call can be read back (QuestDB applies its write-ahead log
     * after acknowledging), or throws when that takes longer than {@code timeout}.
     */
    default void awaitWritesReadable(Duration timeout) throws StoreException {
    }

    /** True when the store answers. */
    boolean ping();

    /** A line for logs and health: which store, where. */
    String describe();

    @Override
    void close();
}
