/**
 * The embedded HiveMQ broker and its access control: settings and the TLS listener, authentication against the
 * credential store, client-id ownership, per-identity topic permissions ({@code BrokerAccessPolicy}), the connect gate
 * that admits the ingest before any device, and the same rules written out as password, ACL and config files for an
 * external Mosquitto.
 */
package io.kitchenwatch.ingest.broker;
