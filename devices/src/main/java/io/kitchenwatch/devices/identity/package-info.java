/**
 * The MQTT logins of devices, observers and bridges: the credential file ({@code CredentialStore}, salted hashes
 * only, in Mosquitto's {@code $7$} format), what each kind of credential may do, the login throttle the broker and the
 * API share, and owner-only, atomic writes of secret files. A password exists in clear only when it is issued.
 */
package io.kitchenwatch.devices.identity;
