package io.kitchenwatch.node;

import io.kitchenwatch.dashboards.auth.Passwords;
import io.kitchenwatch.dashboards.auth.Role;
import io.kitchenwatch.dashboards.auth.UserStore;

import java.util.ArrayList;
import java.util.List;

/**
 * The first start makes an admin (and, for the demo, one login per role in the demo county) with random passwords,
 * shown once; only their hashes are stored.
 */
final class FirstLogins {
    private record Login(String name, Role role, String scope) {
    }

    private static final List<Login> DEMO = List.of(new Login("inspector", Role.REGULATOR, "tiantai"),
            new Login("jiekang", Role.COMPANY, "org-disinfect-01"), new Login("canteen01", Role.CANTEEN, "org-school-01"));

    private FirstLogins() {
    }

    /** Lines of role, username, password and scope, one per login made. */
    static List<String> seed(UserStore users, boolean demo) {
        List<Login> logins = new ArrayList<>();
        logins.add(new Login("admin", Role.ADMIN, ""));
        if (demo) {
            logins.addAll(DEMO);
        }
        List<String> lines = new ArrayList<>();
        for (Login login : logins) {
            String password = Passwords.random();
            users.put(login.name(), password.toCharArray(), login.role(), login.scope());
            lines.add(String.format("%-10s %-14s %-12s %s", login.role().wireName(), login.name(), password,
                    login.scope().isEmpty() ? "everything" : login.scope()));
        }
        return lines;
    }
}
