package io.kitchenwatch.devices.identity;

/** A credential just issued: the only moment its password exists outside the device that keeps it. */
public record IssuedCredential(String username, String password) {
    @Override
    public String toString() {
        return "IssuedCredential[" + username + "]";
    }
}
