/**
 * The dashboards stage as the node deploys it: a verticle that runs the HTTP server with the API and the pages,
 * keeps the alerts from the bus and asks other stages over it; plus the config record it needs from the node.
 */
package io.kitchenwatch.dashboards.stage;
