package io.kitchenwatch.node.loadtest;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Stream;

/** The node's live stream ({@code /api/v1/live}) of some channels, as lines, the way a dashboard opens it. */
final class LiveLines {
    private LiveLines() {
    }

    static Stream<String> open(String nodeUrl, String token, String channels) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(nodeUrl + "/api/v1/live?channels=" + channels))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build();
        HttpResponse<Stream<String>> response = NodeMetrics.HTTP.send(request, HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the live stream answered " + response.statusCode());
        }
        return response.body();
    }
}
