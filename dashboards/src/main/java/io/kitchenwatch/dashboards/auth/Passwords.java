package io.kitchenwatch.dashboards.auth;

/** Random passwords for first-start logins. */
public final class Passwords {
    private Passwords() {
    }

    public static String random() {
        return PasswordHasher.randomPassword();
    }
}
