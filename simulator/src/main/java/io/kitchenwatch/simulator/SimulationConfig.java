package io.kitchenwatch.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How the simulated fleet behaves.
 *
 * @param brokerUri      where the devices connect, e.g. {@code tcp://127.0.0.1:1883}
 * @param topicRoot      MQTT root prefix
 * @param backfill       simulated time starts this long before now ...
 * @param acceleration   ... and runs this many times faster than the wall clock until it catches up, then 1x
 * @param sites          at most this many sites of the registry are simulated (0 = all)
 * @param frameInterval  wall time between camera snapshots (cameras stamp frames on arrival, so they never run fast)
 * @param faults         faults to inject
 * @param seed           random seed, so a run can be repeated
 * @param passwords      each simulated device's MQTT password (its username and client id are its id); a device
 *                       without one connects anonymously, which only an open test broker accepts
 * @param historyFrom    if present, the fleet first publishes its history from then until the backfill begins, as
 *                       fast as the broker acknowledges (no camera snapshots, no faults), so a fresh demo has weeks
 *                       to report on
 */
public record SimulationConfig(String brokerUri, String topicRoot, Duration backfill, double acceleration, int sites,
                               Duration frameInterval, List<Fault> faults, long seed, Map<String, String> passwords,
                               Optional<Instant> historyFrom) {
    public static final List<String> DEMO_FAULTS = List.of("cycle_cold:dsp-01-cab-1", "grease_overflow:rst-03-sep-1",
            "camera_black:sch-02-cam-cook@150", "drop:rst-05-bin-1@90",
            "intruder:sch-03-cam-raw@120", "camera_covered:rst-02-cam-cook@150");

    public SimulationConfig {
        if (acceleration < 1) {
            throw new IllegalArgumentException("acceleration must be >= 1");
        }
        faults = List.copyOf(faults);
        passwords = Map.copyOf(passwords);
    }

    @Override
    public String toString() {
        return "SimulationConfig[" + brokerUri + ", " + topicRoot + ", backfill " + backfill + ", x" + acceleration
                + ", sites " + sites + ", frames every " + frameInterval + ", " + faults + ", seed " + seed + ", "
                + passwords.size() + " passwords" + historyFrom.map(from -> ", history from " + from).orElse("") + "]";
    }

    public static SimulationConfig demo(String brokerUri) {
        return new SimulationConfig(brokerUri, "kw", Duration.ofHours(2), 20, 0, Duration.ofSeconds(10),
                DEMO_FAULTS.stream().map(Fault::parse).toList(), 2019L, Map.of(), Optional.empty());
    }
}
