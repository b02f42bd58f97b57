/**
 * The KitchenWatch domain shared by every stage: identifiers, device kinds and their fields ({@code model}), the MQTT
 * wire contract and its strict validation ({@code wire}), the site/device registry ({@code registry}), device identity
 * ({@code identity}: MQTT credentials as Mosquitto-compatible salted hashes, the login throttle) and the event-bus
 * contracts the stages talk over ({@code bus}).
 */
package io.kitchenwatch.devices;
