package io.kitchenwatch.node;

import io.kitchenwatch.dashboards.reports.ReportPeriod;
import io.kitchenwatch.devices.identity.CredentialStore;
import io.kitchenwatch.devices.registry.RegisteredDevice;
import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.node.config.KitchenWatchConfig;
import io.kitchenwatch.node.config.Setting;
import io.kitchenwatch.simulator.FleetSimulator;
import io.kitchenwatch.simulator.HistorySink;
import io.kitchenwatch.simulator.SimulatedFleetSecrets;
import io.kitchenwatch.simulator.SimulationConfig;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Map;
import java.util.Optional;

/** The demo's simulated county, logging in with its devices' own credentials. */
final class DemoFleet {
    private static final long SEED = 2019L;

    private DemoFleet() {
    }

    static FleetSimulator start(KitchenWatchConfig config, Registry registry, CredentialStore credentials, String brokerUri,
                                long newestStored, HistorySink history) throws Exception {
        Map<String, String> passwords = SimulatedFleetSecrets.passwords(config.dataDir().resolve("demo-fleet-secrets.json"),
                credentials, registry.devices().stream().map(RegisteredDevice::id).toList());
        FleetSimulator fleet = new FleetSimulator(registry, new SimulationConfig(brokerUri, config.get(Setting.TOPIC_ROOT),
                backfill(Duration.ofMinutes(config.demoBackfillMinutes()), newestStored), config.demoAcceleration(), config.demoSites(),
                Duration.ofSeconds(config.demoFrameSeconds()), config.demoFaults(), SEED, passwords,
                history(config.demoHistoryWeeks(), newestStored)), history);
        fleet.start();
        return fleet;
    }

    /**
     * Only a first start has history to make: a restarted demo's store holds it already. It begins on a Monday, so
     * the weeks a regulator reports on are whole.
     */
    private static Optional<Instant> history(int weeks, long newestStored) {
        if (weeks == 0 || newestStored != Long.MIN_VALUE) {
            return Optional.empty();
        }
        ZoneId zone = ReportPeriod.DEFAULT_ZONE;
        LocalDate monday = LocalDate.now(zone).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)).minusWeeks(weeks);
        return Optional.of(monday.atStartOfDay(zone).toInstant());
    }

    /**
     * A restarted demo resumes where its stored data ends instead of replaying hours the store already holds (which
     * would reach analytics as stale messages behind the state it rebuilt from that same data).
     */
    private static Duration backfill(Duration configured, long newestStored) {
        if (newestStored == Long.MIN_VALUE) {
            return configured;
        }
        long sinceNewest = Math.max(0, System.currentTimeMillis() - newestStored);
        return sinceNewest < configured.toMillis() ? Duration.ofMillis(sinceNewest) : configured;
    }
}
