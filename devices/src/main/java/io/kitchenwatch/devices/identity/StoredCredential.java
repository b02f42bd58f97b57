package io.kitchenwatch.devices.identity;

/**
 * One MQTT login as the credential file keeps it: never the password, only its salted hash.
 *
 * @param username the device id (for a device), or the observer's or bridge's name
 * @param hash     Mosquitto {@code $7$} hash of the password
 * @param issuedAt when it was issued or last rotated (epoch ms)
 */
public record StoredCredential(String username, CredentialKind kind, String hash, long issuedAt) {
    public boolean accepts(String password) {
        return MqttPasswordHash.matches(hash, password);
    }
}
