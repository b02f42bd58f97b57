/**
 * The dashboards tier and the launcher: the HTTP API ({@code api}), the typed configuration ({@code config}) and the
 * node that assembles broker, store, ingest, HTTP and the simulated fleet into one process ({@code node}).
 */
package io.kitchenwatch.dashboards;
