package io.kitchenwatch.dashboards.certificates;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * What checking a certificate found: whether its signature is the node's over its evidence, and whether the store
 * (and the kept frames) still hold exactly that evidence. Verified only when both hold.
 *
 * @param problems what did not match, in words; empty when verified
 * @param notes    what could not be checked but does not count against it (frames past their retention)
 */
public record Verification(boolean signatureValid, boolean evidenceMatches, List<String> problems, List<String> notes) {
    public Verification {
        problems = List.copyOf(problems);
        notes = List.copyOf(notes);
    }

    public boolean verified() {
        return signatureValid && evidenceMatches;
    }

    public JsonObject toJson() {
        return new JsonObject().put("verified", verified()).put("signature_valid", signatureValid)
                .put("evidence_matches_store", evidenceMatches).put("problems", new JsonArray(problems)).put("notes", new JsonArray(notes));
    }
}
