/**
 * The KitchenWatch domain shared by every tier: identifiers, device kinds and their fields ({@code model}), the MQTT
 * wire contract and its strict validation ({@code wire}), the site/device registry ({@code registry}), device identity
 * ({@code identity}: MQTT credentials as Mosquitto-compatible salted hashes, the login throttle), event-bus
 * addresses ({@code bus}) and the simulated fleet used by the demo and by tests ({@code sim}).
 */
package io.kitchenwatch.devices;
