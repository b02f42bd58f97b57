package io.kitchenwatch.node;

import io.kitchenwatch.dashboards.auth.Caller;
import io.kitchenwatch.dashboards.auth.Role;
import io.kitchenwatch.node.config.ConfigException;
import io.kitchenwatch.node.config.KitchenWatchConfig;
import io.kitchenwatch.devices.model.Identifiers;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code kitchenwatch token --role R --scope S --name N [--days D]}: prints an API token for a machine (a wall screen,
 * another system), signed with the same secret as the node in the same data folder.
 */
final class TokenCommand {
    static final long MAX_DAYS = 3650;

    private TokenCommand() {
    }

    static int run(String[] args) {
        try {
            Map<String, String> flags = new HashMap<>(Main.flags(args));
            Role role = Optional.ofNullable(flags.remove("role")).flatMap(Role::fromWire)
                    .orElseThrow(() -> new ConfigException("--role must be canteen, company, regulator or admin"));
            String scope = Optional.ofNullable(flags.remove("scope")).orElse("");
            if (role != Role.ADMIN && !Identifiers.isValidId(scope)) {
                throw new ConfigException("--scope must name the organization (canteen, company) or region (regulator)");
            }
            String name = Optional.ofNullable(flags.remove("name")).filter(Identifiers::isValidId)
                    .orElseThrow(() -> new ConfigException("--name must say who the token is for, e.g. wall-screen-1"));
            long days = Long.parseLong(Optional.ofNullable(flags.remove("days")).orElse("365"));
            if (days < 1 || days > MAX_DAYS) {
                // every token expires: a leaked one must not stay good forever
                throw new ConfigException("--days must be between 1 and " + MAX_DAYS);
            }
            KitchenWatchConfig config = KitchenWatchConfig.resolve(flags, System.getenv());
            System.out.println(NodeTokens.issue(config, new Caller(name, role, scope), Duration.ofDays(days)));
            return 0;
        } catch (ConfigException | NumberFormatException e) {
            System.err.println("kitchenwatch token: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            System.err.println("kitchenwatch token: " + e);
            return 1;
        }
    }
}
