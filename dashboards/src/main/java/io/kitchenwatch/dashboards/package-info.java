/**
 * The dashboards tier and the launcher: the HTTP API ({@code api}: sites, devices, series, alerts and their closed
 * loop, KPIs, the live SSE stream, OpenAPI), access control ({@code auth}: logins, JWTs, roles and scopes), the pages
 * ({@code pages} and {@code webroot/}: plain ES modules served from the jar, charts from the uPlot WebJar), the typed
 * configuration ({@code config}) and the node that assembles broker, store, ingest, HTTP and the simulated fleet into
 * one process ({@code node}).
 */
package io.kitchenwatch.dashboards;
