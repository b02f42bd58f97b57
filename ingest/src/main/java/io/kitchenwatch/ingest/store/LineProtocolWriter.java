package io.kitchenwatch.ingest.store;

import java.io.IOException;
import java.util.Optional;
import com.influxdb.client.InfluxDBClient;
import com.influxdb.client.InfluxDBClientFactory;
import com.influxdb.client.InfluxDBClientOptions;
import com.influxdb.client.WriteApiBlocking;
import com.influxdb.client.domain.WritePrecision;
import com.influxdb.exceptions.InfluxException;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.OkHttpClient;
import okhttp3.Request;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The one write path of both stores: influxdb-client-java posting line protocol to {@code /api/v2/write}, which
 * InfluxDB 1.8+, 2.x, 3.x and QuestDB all accept. In {@code legacyV1} mode (InfluxDB before 1.8, which has no
 * {@code /api/v2/write}) an interceptor rewrites each write to {@code /write?db=}.
 *
 * <p>Lines are encoded by {@link LineProtocol} (the client's {@code Point} costs several times more per point).
 * Batching is done by the caller ({@code StoreWriter}), and each batch goes through {@code WriteApiBlocking}: the
 * MQTT acknowledgements of a batch must wait for exactly that batch to be durable, which the client's background
 * {@code WriteApi} (its own buffer, retries and drops) cannot tell us.
 */
public final class LineProtocolWriter implements AutoCloseable {
    private final InfluxDBClient client;
    private final WriteApiBlocking writes;
    private final String bucket;
    private final String org;

    public LineProtocolWriter(String url, String token, String org, String bucket, boolean legacyV1) {
        this(url, token, org, bucket, legacyV1, Optional.empty());
    }

    /** @param authorization an {@code Authorization} header for every request, in place of a token (QuestDB's basic auth) */
    public LineProtocolWriter(String url, String token, String org, String bucket, boolean legacyV1,
                              Optional<String> authorization) {
        this.bucket = bucket;
        this.org = org;
        OkHttpClient.Builder http = new OkHttpClient.Builder()
                .connectTimeout(5, TimeUnit.SECONDS)
                .readTimeout(30, TimeUnit.SECONDS)
                .writeTimeout(30, TimeUnit.SECONDS)
                .retryOnConnectionFailure(false);
        if (legacyV1) {
            http.addInterceptor(LineProtocolWriter::rewriteToV1Write);
        }
        // a network interceptor runs after the client's own, which would put its token header back
        authorization.ifPresent(header -> http.addNetworkInterceptor(chain ->
                chain.proceed(chain.request().newBuilder().header("Authorization", header).build())));
        InfluxDBClientOptions options = InfluxDBClientOptions.builder()
                .url(url)
                .authenticateToken(token == null || token.isEmpty() ? "none".toCharArray() : token.toCharArray())
                .org(org)
                .bucket(bucket)
                .okHttpClient(http)
                .build();
        this.client = InfluxDBClientFactory.create(options);
        this.writes = client.getWriteApiBlocking();
    }

    public InfluxDBClient client() {
        return client;
    }

    public void write(List<StorePoint> points) throws StoreException {
        if (points.isEmpty()) {
            return;
        }
        String lines;
        try {
            lines = LineProtocol.encode(points);
        } catch (RuntimeException e) {
            throw new StoreException("cannot encode " + points.size() + " points as line protocol: " + e, true, e);
        }
        if (lines.isEmpty()) {
            return;
        }
        try {
            writes.writeRecord(bucket, org, WritePrecision.MS, lines);
        } catch (InfluxException e) {
            int status = e.status();
            boolean rejected = status == 400 || status == 422 || status == 413;
            throw new StoreException("write of " + points.size() + " points failed"
                    + (status > 0 ? " with HTTP " + status : "") + ": " + e.getMessage(), rejected, e);
        } catch (RuntimeException e) {
            throw new StoreException("write of " + points.size() + " points failed: " + e, false, e);
        }
    }

    private static okhttp3.Response rewriteToV1Write(Interceptor.Chain chain) throws IOException {
        Request request = chain.request();
        HttpUrl url = request.url();
        if (!url.encodedPath().endsWith("/api/v2/write")) {
            return chain.proceed(request);
        }
        String bucket = url.queryParameter("bucket");
        String precision = switch (String.valueOf(url.queryParameter("precision"))) {
            case "ms" -> "ms";
            case "s" -> "s";
            case "us" -> "u";
            default -> "n";
        };
        HttpUrl.Builder v1 = url.newBuilder().encodedPath("/write").query(null).addQueryParameter("precision", precision);
        if (bucket != null) {
            String[] dbAndPolicy = bucket.split("/", 2);
            v1.addQueryParameter("db", dbAndPolicy[0]);
            if (dbAndPolicy.length == 2 && !dbAndPolicy[1].isEmpty()) {
                v1.addQueryParameter("rp", dbAndPolicy[1]);
            }
        }
        return chain.proceed(request.newBuilder().url(v1.build()).removeHeader("Authorization").build());
    }

    @Override
    public void close() {
        client.close();
    }
}
