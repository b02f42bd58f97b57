package io.kitchenwatch.ingest.store;

import java.util.HashSet;
import java.util.Set;
import com.influxdb.client.domain.InfluxQLQuery;
import com.influxdb.exceptions.InfluxException;
import com.influxdb.query.InfluxQLQueryResult;

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
 * InfluxDB 1.x, 2.x or 3.x: writes through {@link LineProtocolWriter}, reads in InfluxQL on {@code /query}, which all
 * three answer (2.x needs a DBRP mapping from the database name to the bucket).
 */
public final class InfluxStore implements TimeSeriesStore {
    private static final String LAST_PREFIX = "last_";
    private final String url;
    private final String database;
    private final LineProtocolWriter writer;

    public InfluxStore(String url, String token, String org, String database, boolean legacyV1) {
        this.url = url;
        this.database = database;
        this.writer = new LineProtocolWriter(url, token, org, database, legacyV1);
    }

    /** Creates the database on an InfluxDB 1.x server (a no-op when it exists). */
    public void createDatabaseIfMissing() throws StoreException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url + "/query?q="
                        + URLEncoder.encode("CREATE DATABASE \"" + database + "\"", StandardCharsets.UTF_8)))
                .timeout(Duration.ofSeconds(10)).POST(HttpRequest.BodyPublishers.noBody()).build();
        try {
            HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new StoreException("CREATE DATABASE answered " + response.statusCode() + ": " + response.body(), false, null);
            }
        } catch (IOException e) {
            throw new StoreException("cannot reach InfluxDB at " + url + ": " + e, false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted", false, e);
        }
    }

    @Override
    public void write(List<StorePoint> points) throws StoreException {
        writer.write(points);
    }

    @Override
    public Optional<LatestValues> latest(String device) throws StoreException {
        List<Object[]> newest = rows("SELECT * FROM \"" + TELEMETRY + "\" WHERE \"device\" = '" + device
                + "' ORDER BY time DESC LIMIT 1");
        if (newest.isEmpty()) {
            return Optional.empty();
        }
        long ts = (long) number(newest.get(0)[0]);
        InfluxQLQueryResult.Series series = firstSeries(query("SELECT last(*) FROM \"" + TELEMETRY
                + "\" WHERE \"device\" = '" + device + "'"));
        return Optional.of(new LatestValues(ts, series == null ? Map.of() : lastValues(series)));
    }

    @Override
    public Map<String, LatestValues> latestOfAll() throws StoreException {
        Map<String, Long> newest = newestPerDevice(TELEMETRY);
        Map<String, LatestValues> out = new HashMap<>();
        InfluxQLQueryResult result = query("SELECT last(*) FROM \"" + TELEMETRY + "\" GROUP BY \"device\"");
        if (result == null || result.getResults().isEmpty()) {
            return out;
        }
        for (InfluxQLQueryResult.Series series : result.getResults().get(0).getSeries()) {
            String device = series.getTags().get("device");
            if (device != null && newest.containsKey(device)) {
                out.put(device, new LatestValues(newest.get(device), lastValues(series)));
            }
        }
        return out;
    }

    /** The numeric {@code last(*)} columns of a series, seq left out. */
    private static Map<String, Double> lastValues(InfluxQLQueryResult.Series series) {
        Map<String, Double> values = new LinkedHashMap<>();
        if (series.getValues().isEmpty()) {
            return values;
        }
        Object[] row = series.getValues().get(0).getValues();
        for (Map.Entry<String, Integer> column : series.getColumns().entrySet()) {
            String name = column.getKey();
            Object v = row[column.getValue()];
            if (name.startsWith(LAST_PREFIX) && v != null && !name.equals(LAST_PREFIX + "seq") && isNumber(v)) {
                values.put(name.substring(LAST_PREFIX.length()), number(v));
            }
        }
        return values;
    }

    @Override
    public List<SeriesPoint> series(String device, String field, long fromMs, long toMs, long stepMs) throws StoreException {
        List<SeriesPoint> out = new ArrayList<>();
        for (Object[] row : rows("SELECT mean(\"" + field + "\") FROM \"" + TELEMETRY + "\" WHERE \"device\" = '" + device
                + "' AND time >= " + fromMs + "ms AND time < " + toMs + "ms GROUP BY time(" + stepMs + "ms) fill(none)")) {
            if (row[1] != null) {
                out.add(new SeriesPoint((long) number(row[0]), number(row[1])));
            }
        }
        return out;
    }

    @Override
    public long count(String measurement, String device, String field, long fromMs, long toMs) throws StoreException {
        List<Object[]> rows = rows("SELECT count(\"" + field + "\") FROM \"" + measurement + "\" WHERE \"device\" = '"
                + device + "' AND time >= " + fromMs + "ms AND time < " + toMs + "ms");
        return rows.isEmpty() || rows.get(0)[1] == null ? 0 : (long) number(rows.get(0)[1]);
    }

    @Override
    public Map<String, Long> countPer(String groupTag, String measurement, String field, Map<String, String> tags, long fromMs,
                                      long toMs) throws StoreException {
        StringBuilder q = new StringBuilder("SELECT count(\"" + field + "\") FROM \"" + measurement + "\" WHERE time >= " + fromMs
                + "ms AND time < " + toMs + "ms");
        tags.forEach((k, v) -> q.append(" AND \"").append(k).append("\" = '").append(v).append('\''));
        q.append(" GROUP BY \"").append(groupTag).append('"');
        Map<String, Long> out = new HashMap<>();
        InfluxQLQueryResult result = query(q.toString());
        if (result == null || result.getResults().isEmpty()) {
            return out;
        }
        for (InfluxQLQueryResult.Series series : result.getResults().get(0).getSeries()) {
            String value = series.getTags().get(groupTag);
            if (value != null && !value.isEmpty() && !series.getValues().isEmpty() && series.getValues().get(0).getValues()[1] != null) {
                long n = (long) number(series.getValues().get(0).getValues()[1]);
                if (n > 0) {
                    out.put(value, n);
                }
            }
        }
        return out;
    }

    @Override
    public List<String> payloads(String measurement, Map<String, String> tags, long fromMs, long toMs, int limit, Order order)
            throws StoreException {
        StringBuilder q = new StringBuilder("SELECT \"" + PAYLOAD + "\" FROM \"" + measurement + "\" WHERE time >= " + fromMs
                + "ms AND time < " + toMs + "ms");
        tags.forEach((k, v) -> q.append(" AND \"").append(k).append("\" = '").append(v).append('\''));
        q.append(" ORDER BY time ").append(order == Order.NEWEST_FIRST ? "DESC" : "ASC").append(" LIMIT ").append(limit);
        List<String> out = new ArrayList<>();
        for (Object[] row : rows(q.toString())) {
            if (row[1] != null) {
                out.add(String.valueOf(row[1]));
            }
        }
        return out;
    }

    @Override
    public List<SeriesPoint> readings(String device, String field, long fromMs, long toMs, int limit) throws StoreException {
        List<SeriesPoint> out = new ArrayList<>();
        for (Object[] row : rows("SELECT \"" + field + "\" FROM \"" + TELEMETRY + "\" WHERE \"device\" = '" + device
                + "' AND time >= " + fromMs + "ms AND time < " + toMs + "ms ORDER BY time ASC LIMIT " + limit)) {
            if (row[1] != null) {
                out.add(new SeriesPoint((long) number(row[0]), number(row[1])));
            }
        }
        return out;
    }

    @Override
    public Map<String, Long> newestPerDevice(String measurement) throws StoreException {
        Map<String, Long> out = new HashMap<>();
        InfluxQLQueryResult result = query("SELECT * FROM \"" + measurement + "\" GROUP BY \"device\" ORDER BY time DESC LIMIT 1");
        if (result == null || result.getResults().isEmpty()) {
            return out;
        }
        for (InfluxQLQueryResult.Series series : result.getResults().get(0).getSeries()) {
            String device = series.getTags().get("device");
            if (device != null && !series.getValues().isEmpty()) {
                out.put(device, (long) number(series.getValues().get(0).getValues()[0]));
            }
        }
        return out;
    }

    /**
     * InfluxQL answers every value as text, a missing one as an empty text (so a stored empty text reads as missing):
     * the measurement's field types say which ones are numbers.
     */
    @Override
    public List<StoredRow> rows(String measurement, long fromMs, long toMs) throws StoreException {
        Set<String> numeric = new HashSet<>();
        for (Object[] field : rows("SHOW FIELD KEYS FROM \"" + measurement + "\"")) {
            if ("float".equals(String.valueOf(field[1])) || "integer".equals(String.valueOf(field[1]))) {
                numeric.add(String.valueOf(field[0]));
            }
        }
        InfluxQLQueryResult.Series series = firstSeries(query("SELECT * FROM \"" + measurement + "\" WHERE time >= " + fromMs
                + "ms AND time < " + toMs + "ms"));
        List<StoredRow> out = new ArrayList<>();
        if (series == null) {
            return out;
        }
        for (InfluxQLQueryResult.Series.Record record : series.getValues()) {
            Object[] row = record.getValues();
            Map<String, Object> columns = new HashMap<>();
            for (Map.Entry<String, Integer> column : series.getColumns().entrySet()) {
                Object v = row[column.getValue()];
                String name = column.getKey();
                if (v != null && !name.equals("time") && !String.valueOf(v).isEmpty()) {
                    columns.put(name, numeric.contains(name) ? (Object) number(v) : String.valueOf(v));
                }
            }
            out.add(new StoredRow((long) number(row[series.getColumns().get("time")]), columns));
        }
        return out;
    }

    @Override
    public boolean ping() {
        try {
            return Boolean.TRUE.equals(writer.client().ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public String describe() {
        return "InfluxDB at " + url + " (database " + database + ")";
    }

    @Override
    public void close() {
        writer.close();
    }

    private List<Object[]> rows(String influxQl) throws StoreException {
        InfluxQLQueryResult.Series series = firstSeries(query(influxQl));
        List<Object[]> out = new ArrayList<>();
        if (series != null) {
            series.getValues().forEach(r -> out.add(r.getValues()));
        }
        return out;
    }

    private InfluxQLQueryResult query(String influxQl) throws StoreException {
        try {
            return writer.client().getInfluxQLQueryApi().query(new InfluxQLQuery(influxQl, database)
                    .setPrecision(InfluxQLQuery.InfluxQLPrecision.MILLISECONDS));
        } catch (InfluxException e) {
            throw new StoreException("InfluxQL query failed: " + e.getMessage() + " [" + influxQl + "]", false, e);
        } catch (RuntimeException e) {
            throw new StoreException("InfluxQL query failed: " + e + " [" + influxQl + "]", false, e);
        }
    }

    private static InfluxQLQueryResult.Series firstSeries(InfluxQLQueryResult result) {
        if (result == null || result.getResults().isEmpty() || result.getResults().get(0).getSeries().isEmpty()) {
            return null;
        }
        return result.getResults().get(0).getSeries().get(0);
    }

    private static boolean isNumber(Object v) {
        if (v instanceof Number) {
            return true;
        }
        try {
            Double.parseDouble(String.valueOf(v));
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static double number(Object v) {
        return v instanceof Number n ? n.doubleValue() : Double.parseDouble(String.valueOf(v));
    }
}
