/** MQTT transport details shared by the simulated devices and the ingest tier. */
package io.kitchenwatch.devices.mqtt;
