/**
 * The HTTP API under {@code /api/v1} (docs/protocol.md): sites, devices with their series and pictures, alerts and
 * their closed-loop actions, KPIs, unregistered sources, login, the live SSE stream, health and metrics, each limited to
 * the caller's scope. Handlers run on the event loop over in-memory state; store and file reads go to worker threads.
 */
package io.kitchenwatch.dashboards.api;
