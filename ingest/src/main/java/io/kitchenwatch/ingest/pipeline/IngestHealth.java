package io.kitchenwatch.ingest.pipeline;

import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Whether ingest is storing what arrives: subscribed at the broker, the store taking writes, and how far behind it is.
 *
 * @param subscribed    connected to the broker with the device subscription in place
 * @param storeWritable the last store write succeeded (false from the first failed write until one succeeds)
 * @param backlogDepth  messages received and waiting for the store
 * @param backlogAge    age of the oldest of them
 * @param behindBroker  how long ago the newest progress probe that has come back (and been settled) was sent: how
 *                      far behind the broker's queue ingest is, the messages still waiting there included
 */
public record IngestHealth(boolean subscribed, boolean storeWritable, int backlogDepth, Duration backlogAge,
                           Duration behindBroker) {
    /** Beyond this age a backlog means data is not being stored at the rate it comes in. */
    public static final Duration BACKLOG_AGE_LIMIT = Duration.ofSeconds(15);

    /** As the ingest stage answers health requests on the bus. */
    public JsonObject toJson() {
        return new JsonObject().put("subscribed", subscribed).put("store_writable", storeWritable).put("backlog_depth", backlogDepth)
                .put("backlog_age_ms", backlogAge.toMillis()).put("behind_broker_ms", behindBroker.toMillis());
    }

    public static IngestHealth fromJson(JsonObject json) {
        return new IngestHealth(json.getBoolean("subscribed"), json.getBoolean("store_writable"), json.getInteger("backlog_depth"),
                Duration.ofMillis(json.getLong("backlog_age_ms")), Duration.ofMillis(json.getLong("behind_broker_ms")));
    }

    /** Why data is not being stored, worst first; empty when all is well. */
    public List<String> problems() {
        List<String> problems = new ArrayList<>();
        if (!storeWritable) {
            problems.add("store not writable: ingest holds " + backlogDepth + " messages and stops acknowledging until it is back");
        }
        if (!subscribed) {
            problems.add("broker disconnected: ingest is reconnecting");
        }
        if (backlogAge.compareTo(BACKLOG_AGE_LIMIT) > 0) {
            problems.add("backlog age " + backlogAge.toSeconds() + " s (over " + BACKLOG_AGE_LIMIT.toSeconds() + " s)");
        }
        if (behindBroker.compareTo(BACKLOG_AGE_LIMIT) > 0) {
            problems.add("ingest " + behindBroker.toSeconds() + " s behind the broker: its progress probes have not come back"
                    + " through its queue for that long (messages waiting there, or the broker refuses its probes)");
        }
        return problems;
    }
}
