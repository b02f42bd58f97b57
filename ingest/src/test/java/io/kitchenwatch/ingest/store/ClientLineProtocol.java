package io.kitchenwatch.ingest.store;

import com.influxdb.client.domain.WritePrecision;
import com.influxdb.client.write.Point;

import java.util.List;
import java.util.stream.Collectors;

/** Points encoded by influxdb-client-java's {@code Point}, as the store writer did before {@link LineProtocol}. */
public final class ClientLineProtocol {
    private ClientLineProtocol() {
    }

    public static String encode(List<StorePoint> points) {
        return points.stream().map(p -> {
            Point point = Point.measurement(p.measurement()).time(p.tsMillis(), WritePrecision.MS);
            p.tags().forEach(point::addTag);
            p.fields().forEach((k, v) -> {
                if (v instanceof Number n) {
                    point.addField(k, n.doubleValue());
                } else if (v instanceof Boolean b) {
                    point.addField(k, b);
                } else {
                    point.addField(k, String.valueOf(v));
                }
            });
            return point.toLineProtocol();
        }).filter(l -> !l.isEmpty()).collect(Collectors.joining("\n"));
    }
}
