package io.kitchenwatch.devices.bus;

import io.vertx.core.json.JsonObject;

/** A disinfection batch's verdict, once stored, in the verdict JSON of protocol.md. */
public record BatchJudged(String site, String device, String verdict, JsonObject batch) {
}
