/**
 * What ingest knows of devices now, updated as messages are stored: each device's live status, how far ingest has
 * got through the broker's backlog (the time silence is judged at), and per-site notices of unregistered sources.
 * In memory, bounded and thread-safe, so HTTP handlers can read it.
 */
package io.kitchenwatch.ingest.status;
