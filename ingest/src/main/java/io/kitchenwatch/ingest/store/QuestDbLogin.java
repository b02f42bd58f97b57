package io.kitchenwatch.ingest.store;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The HTTP login of an embedded QuestDB (basic authentication): without it any local user could read, change or drop
 * every table through its loopback port, past every rule of the broker and the API.
 */
public record QuestDbLogin(String user, String password) {
    public String authorizationHeader() {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "QuestDbLogin[" + user + "]";
    }
}
