/**
 * The ingest stage as the node deploys it: a verticle around the MQTT consumer that talks to the other stages only
 * over the event bus (stored batches out, MQTT publications in).
 */
package io.kitchenwatch.ingest.stage;
