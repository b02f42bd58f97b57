package io.kitchenwatch.node;

import io.kitchenwatch.devices.registry.ProvinceRegistry;
import io.kitchenwatch.devices.registry.RegistryLoader;
import io.kitchenwatch.node.config.ConfigException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code kitchenwatch generate-registry --counties N --sites-per-county M [--interval-s S] --out FILE}: writes a province-sized
 * registry ({@link ProvinceRegistry}) for load and scale trials, checked by the same loader a node uses.
 */
final class GenerateRegistryCommand {
    private GenerateRegistryCommand() {
    }

    static int run(String[] args) {
        try {
            Map<String, String> flags = new HashMap<>(Main.flags(args));
            int counties = Integer.parseInt(Optional.ofNullable(flags.remove("counties")).orElse("100"));
            int sites = Integer.parseInt(Optional.ofNullable(flags.remove("sites-per-county")).orElse("200"));
            int interval = Integer.parseInt(Optional.ofNullable(flags.remove("interval-s")).orElse("10"));
            Path out = Path.of(Optional.ofNullable(flags.remove("out"))
                    .orElseThrow(() -> new ConfigException("--out must name the file to write")));
            if (!flags.isEmpty()) {
                throw new ConfigException("unknown option --" + flags.keySet().iterator().next());
            }
            Files.writeString(out, ProvinceRegistry.json(counties, sites, interval));
            int devices = RegistryLoader.load(out).devices().size();
            System.out.printf("wrote %s: %d counties, %d sites, %d devices%n", out, counties, counties * sites, devices);
            return 0;
        } catch (ConfigException | IllegalArgumentException e) {
            System.err.println("kitchenwatch generate-registry: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            System.err.println("kitchenwatch generate-registry: " + e);
            return 1;
        }
    }
}
