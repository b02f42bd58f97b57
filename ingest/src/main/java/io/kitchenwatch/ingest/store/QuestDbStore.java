package io.kitchenwatch.ingest.store;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * QuestDB: writes through {@link LineProtocolWriter} (QuestDB accepts {@code /api/v2/write}), reads in SQL over
 * {@code /exec}. Tables are created up front with deduplication on (time, device), so a point written twice is kept
 * once, as InfluxDB does.
 */
public final class QuestDbStore implements TimeSeriesStore {
    private static final long MICROS_PER_MILLI = 1000;
    private static final String ROW_TIME = "kw_row_time_us";
    private final String url;
    private final LineProtocolWriter writer;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final Optional<QuestDbLogin> login;

    /** A QuestDB that takes requests without a login. */
    public QuestDbStore(String url) {
        this(url, Optional.empty());
    }

    /** The embedded QuestDB, with the login its HTTP port requires. */
    public QuestDbStore(EmbeddedQuestDb questDb) {
        this(questDb.url(), Optional.of(questDb.login()));
    }

    public QuestDbStore(String url, Optional<QuestDbLogin> login) {
        this.url = url;
        this.login = login;
        this.writer = new LineProtocolWriter(url, "", "questdb", "questdb", false,
                login.map(QuestDbLogin::authorizationHeader));
    }

    /** Creates the tables of {@code docs/storage.md}; line-protocol writes add field columns as they appear. */
    public void createTables() throws StoreException {
        String tagged = "site SYMBOL, device SYMBOL, kind SYMBOL, registered SYMBOL, ";
        exec("CREATE TABLE IF NOT EXISTS " + TELEMETRY + " (" + tagged + "seq DOUBLE, ts TIMESTAMP) TIMESTAMP(ts) "
                + "PARTITION BY DAY WAL DEDUP UPSERT KEYS(ts, device)");
        exec("CREATE TABLE IF NOT EXISTS " + TELEMETRY_TEXT + " (" + tagged + "seq DOUBLE, ts TIMESTAMP) TIMESTAMP(ts) "
                + "PARTITION BY DAY WAL DEDUP UPSERT KEYS(ts, device)");
        exec("CREATE TABLE IF NOT EXISTS " + EVENTS + " (" + tagged + "type SYMBOL, seq DOUBLE, payload VARCHAR, "
                + "ts TIMESTAMP) TIMESTAMP(ts) PARTITION BY DAY WAL DEDUP UPSERT KEYS(ts, device, type)");
        exec("CREATE TABLE IF NOT EXISTS " + DEVICE_STATE + " (site SYMBOL, device SYMBOL, online DOUBLE, ts TIMESTAMP) "
                + "TIMESTAMP(ts) PARTITION BY DAY WAL DEDUP UPSERT KEYS(ts, device)");
        exec("CREATE TABLE IF NOT EXISTS " + ALERTS + " (site SYMBOL, device SYMBOL, type SYMBOL, alert SYMBOL, state SYMBOL, "
                + "payload VARCHAR, ts TIMESTAMP) TIMESTAMP(ts) PARTITION BY MONTH WAL DEDUP UPSERT KEYS(ts, alert)");
        exec("CREATE TABLE IF NOT EXISTS " + BATCHES + " (site SYMBOL, device SYMBOL, verdict SYMBOL, \"batch\" VARCHAR, "
                + "payload VARCHAR, ts TIMESTAMP) TIMESTAMP(ts) PARTITION BY MONTH WAL DEDUP UPSERT KEYS(ts, device)");
        exec("CREATE TABLE IF NOT EXISTS " + CERTIFICATES + " (site SYMBOL, device SYMBOL, certificate SYMBOL, deliver_to SYMBOL, "
                + "payload VARCHAR, ts TIMESTAMP) TIMESTAMP(ts) PARTITION BY MONTH WAL DEDUP UPSERT KEYS(ts, certificate)");
        exec("CREATE TABLE IF NOT EXISTS " + CAMERA_HEALTH + " (site SYMBOL, device SYMBOL, healthy_frame DOUBLE, "
                + "unhealthy_frame DOUBLE, ts TIMESTAMP) TIMESTAMP(ts) PARTITION BY DAY WAL DEDUP UPSERT KEYS(ts, device)");
        exec("CREATE TABLE IF NOT EXISTS " + FRAMES + " (site SYMBOL, device SYMBOL, bytes DOUBLE, ts TIMESTAMP) "
                + "TIMESTAMP(ts) PARTITION BY DAY WAL DEDUP UPSERT KEYS(ts, device)");
        exec("CREATE TABLE IF NOT EXISTS " + UNREGISTERED + " (site SYMBOL, device SYMBOL, channel SYMBOL, reason SYMBOL, "
                + "bytes DOUBLE, payload VARCHAR, ts TIMESTAMP) TIMESTAMP(ts) PARTITION BY DAY WAL "
                + "DEDUP UPSERT KEYS(ts, site, device, channel)");
    }

    @Override
    public void write(List<StorePoint> points) throws StoreException {
        writer.write(points);
    }

    @Override
    public Optional<LatestValues> latest(String device) throws StoreException {
        List<String> fields = numericTelemetryFields();
        List<JsonArray> rows = exec(latestSql(fields, "", " WHERE device = '" + device + "'")).rows();
        if (rows.isEmpty() || rows.get(0).getValue(0) == null) {
            return Optional.empty();
        }
        return Optional.of(latestValues(rows.get(0), 0, fields));
    }

    @Override
    public Map<String, LatestValues> latestOfAll() throws StoreException {
        List<String> fields = numericTelemetryFields();
        Map<String, LatestValues> out = new HashMap<>();
        for (JsonArray row : execTolerant(latestSql(fields, "device, ", " GROUP BY device")).rows()) {
            if (row.getValue(0) != null && row.getValue(1) != null) {
                out.put(row.getString(0), latestValues(row, 1, fields));
            }
        }
        return out;
    }

    private List<String> numericTelemetryFields() throws StoreException {
        List<String> fields = new ArrayList<>();
        for (JsonArray column : exec("SELECT \"column\", \"type\" FROM table_columns('" + TELEMETRY + "')").rows()) {
            if ("DOUBLE".equals(column.getString(1)) && !"seq".equals(column.getString(0))) {
                fields.add(column.getString(0));
            }
        }
        return fields;
    }

    private static String latestSql(List<String> fields, String keyColumns, String tail) {
        StringBuilder sql = new StringBuilder("SELECT " + keyColumns + "cast(max(ts) AS long) t");
        for (int i = 0; i < fields.size(); i++) {
            sql.append(", last_not_null(\"").append(fields.get(i)).append("\") v").append(i);
        }
        return sql.append(" FROM ").append(TELEMETRY).append(tail).toString();
    }

    /** The time at {@code at}, the fields' values after it. */
    private static LatestValues latestValues(JsonArray row, int at, List<String> fields) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (int i = 0; i < fields.size(); i++) {
            Number v = (Number) row.getValue(at + 1 + i);
            if (v != null) {
                values.put(fields.get(i), v.doubleValue());
            }
        }
        return new LatestValues(row.getLong(at) / MICROS_PER_MILLI, values);
    }

    @Override
    public List<SeriesPoint> series(String device, String field, long fromMs, long toMs, long stepMs) throws StoreException {
        long stepUs = stepMs * MICROS_PER_MILLI;
        String sql = "SELECT (cast(ts AS long) / " + stepUs + ") * " + stepUs + " b, avg(\"" + field + "\") v FROM "
                + TELEMETRY + " WHERE device = '" + device + "' AND " + timeRange(fromMs, toMs)
                + " AND \"" + field + "\" IS NOT NULL GROUP BY b ORDER BY b";
        List<SeriesPoint> out = new ArrayList<>();
        for (JsonArray row : execTolerant(sql).rows()) {
            out.add(new SeriesPoint(row.getLong(0) / MICROS_PER_MILLI, row.getDouble(1)));
        }
        return out;
    }

    @Override
    public long count(String measurement, String device, String field, long fromMs, long toMs) throws StoreException {
        List<JsonArray> rows = execTolerant("SELECT count(\"" + field + "\") FROM " + measurement + " WHERE device = '"
                + device + "' AND " + timeRange(fromMs, toMs)).rows();
        return rows.isEmpty() ? 0 : rows.get(0).getLong(0);
    }

    @Override
    public Map<String, Long> countPer(String groupTag, String measurement, String field, Map<String, String> tags, long fromMs,
                                      long toMs) throws StoreException {
        StringBuilder sql = new StringBuilder("SELECT \"" + groupTag + "\", count(\"" + field + "\") FROM " + measurement
                + " WHERE " + timeRange(fromMs, toMs));
        tags.forEach((k, v) -> sql.append(" AND \"").append(k).append("\" = '").append(v).append('\''));
        sql.append(" GROUP BY \"").append(groupTag).append('"');
        Map<String, Long> out = new HashMap<>();
        for (JsonArray row : execTolerant(sql.toString()).rows()) {
            if (row.getValue(0) != null && row.getValue(1) != null && row.getLong(1) > 0) {
                out.put(row.getString(0), row.getLong(1));
            }
        }
        return out;
    }

    @Override
    public List<String> payloads(String measurement, Map<String, String> tags, long fromMs, long toMs, int limit, Order order)
            throws StoreException {
        StringBuilder sql = new StringBuilder("SELECT " + PAYLOAD + " FROM " + measurement + " WHERE " + timeRange(fromMs, toMs));
        tags.forEach((k, v) -> sql.append(" AND \"").append(k).append("\" = '").append(v).append('\''));
        sql.append(" ORDER BY ts ").append(order == Order.NEWEST_FIRST ? "DESC" : "ASC").append(" LIMIT ").append(limit);
        List<String> out = new ArrayList<>();
        for (JsonArray row : execTolerant(sql.toString()).rows()) {
            if (row.getValue(0) != null) {
                out.add(row.getString(0));
            }
        }
        return out;
    }

    @Override
    public List<SeriesPoint> readings(String device, String field, long fromMs, long toMs, int limit) throws StoreException {
        List<SeriesPoint> out = new ArrayList<>();
        for (JsonArray row : execTolerant("SELECT cast(ts AS long), \"" + field + "\" FROM " + TELEMETRY + " WHERE device = '" + device
                + "' AND " + timeRange(fromMs, toMs) + " AND \"" + field + "\" IS NOT NULL ORDER BY ts LIMIT " + limit).rows()) {
            out.add(new SeriesPoint(row.getLong(0) / MICROS_PER_MILLI, row.getDouble(1)));
        }
        return out;
    }

    @Override
    public Map<String, Long> newestPerDevice(String measurement) throws StoreException {
        Map<String, Long> out = new HashMap<>();
        // LATEST ON reads each device's newest row from the newest partitions back, not a scan of the table
        for (JsonArray row : execTolerant("SELECT device, cast(ts AS long) t FROM " + measurement + " LATEST ON ts PARTITION BY device").rows()) {
            if (row.getValue(0) != null && row.getValue(1) != null) {
                out.put(row.getString(0), row.getLong(1) / MICROS_PER_MILLI);
            }
        }
        return out;
    }

    @Override
    public List<StoredRow> rows(String measurement, long fromMs, long toMs) throws StoreException {
        Result result = execTolerant("SELECT cast(ts AS long) " + ROW_TIME + ", * FROM " + measurement + " WHERE "
                + timeRange(fromMs, toMs) + " ORDER BY ts");
        List<StoredRow> out = new ArrayList<>(result.rows().size());
        for (JsonArray row : result.rows()) {
            Map<String, Object> columns = new HashMap<>();
            for (int i = 1; i < result.columns().size(); i++) {
                String name = result.columns().get(i);
                Object v = row.getValue(i);
                if (v != null && !name.equals("ts")) {
                    columns.put(name, v instanceof Number n ? (Object) n.doubleValue() : String.valueOf(v));
                }
            }
            out.add(new StoredRow(row.getLong(0) / MICROS_PER_MILLI, columns));
        }
        return out;
    }

    /** Waits until each WAL table has applied every transaction its sequencer had handed out at the call. */
    @Override
    public void awaitWritesReadable(Duration timeout) throws StoreException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, Long> target = new HashMap<>();
        while (true) {
            boolean applied = true;
            for (JsonArray row : exec("SELECT name, suspended, writerTxn, sequencerTxn FROM wal_tables()").rows()) {
                String table = row.getString(0);
                if (Boolean.TRUE.equals(row.getValue(1))) {
                    throw new StoreException("QuestDB suspended writes to table " + table, false, null);
                }
                long goal = target.computeIfAbsent(table, t -> row.getLong(3));
                applied &= row.getLong(2) >= goal;
            }
            if (applied) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new StoreException("QuestDB has not applied its write-ahead log within " + timeout, false, null);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException("interrupted", false, e);
            }
        }
    }

    private static String timeRange(long fromMs, long toMs) {
        return "ts >= cast(" + fromMs * MICROS_PER_MILLI + " AS timestamp) AND ts < cast(" + toMs * MICROS_PER_MILLI
                + " AS timestamp)";
    }

    @Override
    public boolean ping() {
        try {
            exec("SELECT 1");
            return true;
        } catch (StoreException e) {
            return false;
        }
    }

    @Override
    public String describe() {
        return "QuestDB at " + url;
    }

    @Override
    public void close() {
        writer.close();
    }

    private record Result(List<String> columns, List<JsonArray> rows) {
    }

    /** A query about a field or table that was never written answers "nothing", as InfluxDB does. */
    private Result execTolerant(String sql) throws StoreException {
        try {
            return exec(sql);
        } catch (StoreException e) {
            String m = String.valueOf(e.getMessage());
            if (m.contains("Invalid column") || m.contains("does not exist")) {
                return new Result(List.of(), List.of());
            }
            throw e;
        }
    }

    private Result exec(String sql) throws StoreException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url + "/exec?query=" + URLEncoder.encode(sql, StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(30)).GET();
        login.ifPresent(l -> builder.header("Authorization", l.authorizationHeader()));
        HttpRequest request = builder.build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new StoreException("cannot reach QuestDB at " + url + ": " + e, false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted", false, e);
        }
        JsonObject body;
        try {
            body = new JsonObject(response.body());
        } catch (DecodeException e) {
            throw new StoreException("QuestDB answered " + response.statusCode() + " with no JSON", false, e);
        }
        if (body.containsKey("error")) {
            throw new StoreException("QuestDB: " + body.getString("error") + " [" + sql + "]", false, null);
        }
        JsonArray dataset = body.getJsonArray("dataset", new JsonArray());
        List<JsonArray> rows = new ArrayList<>(dataset.size());
        for (int i = 0; i < dataset.size(); i++) {
            rows.add(dataset.getJsonArray(i));
        }
        JsonArray described = body.getJsonArray("columns", new JsonArray());
        List<String> columns = new ArrayList<>(described.size());
        for (int i = 0; i < described.size(); i++) {
            columns.add(described.getJsonObject(i).getString("name"));
        }
        return new Result(columns, rows);
    }
}
