package io.kitchenwatch.dashboards.auth;

import java.util.Locale;
import java.util.Optional;

/** Who someone is to KitchenWatch; each role is scoped: canteens and companies to an organization, regulators to a region. */
public enum Role {
    CANTEEN, COMPANY, REGULATOR, ADMIN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromWire(String s) {
        for (Role r : values()) {
            if (r.wireName().equals(s)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /** Verifying and closing an alert is the inspector's step in the closed loop. */
    public boolean mayVerify() {
        return this == REGULATOR || this == ADMIN;
    }
}
