package io.kitchenwatch.ingest.stage;

import io.kitchenwatch.ingest.pipeline.IngestHealth;
import io.kitchenwatch.ingest.status.UnregisteredSources;

/** What the ingest stage lets others read of its state (health checks, the admin's notices). */
public interface IngestReadouts {
    IngestHealth health();

    UnregisteredSources unregisteredSources();
}
