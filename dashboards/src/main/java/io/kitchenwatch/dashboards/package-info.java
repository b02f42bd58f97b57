/**
 * The dashboards tier, last on the data's path: the HTTP API ({@code api}: sites, devices, series, alerts and their
 * closed loop, KPIs, the live SSE stream, OpenAPI), access control ({@code auth}: logins, JWTs, roles and scopes) and
 * the pages ({@code pages} and {@code webroot/}: plain ES modules served from the jar, charts from the uPlot WebJar).
 */
package io.kitchenwatch.dashboards;
