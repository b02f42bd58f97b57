package io.kitchenwatch.simulator;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

/**
 * A fault injected into one simulated device, written {@code kind:device[@seconds]} where the seconds are wall time
 * after the fleet starts.
 */
public record Fault(Kind kind, String device, Duration after) {
    public enum Kind {
        /** a disinfection cycle that never reaches its temperature or concentration */
        CYCLE_COLD,
        /** an oil separator that is never pumped out and fills past 25 % */
        GREASE_OVERFLOW,
        /** a camera whose picture goes black */
        CAMERA_BLACK,
        /** a camera whose lens is covered (a cloth, a bag, a hand) */
        CAMERA_COVERED,
        /** someone (or something) moving in a camera's kitchen while it is closed */
        INTRUDER,
        /** a waste bin nobody collects */
        BIN_UNCOLLECTED,
        /** a device that drops off the network without DISCONNECT (its Last Will fires) */
        DROP
    }

    public static Fault parse(String spec) {
        String[] kindAndRest = spec.trim().split(":", 2);
        if (kindAndRest.length != 2) {
            throw new IllegalArgumentException("fault '" + spec + "' must be kind:device[@seconds]");
        }
        Kind kind;
        try {
            kind = Kind.valueOf(kindAndRest[0].toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("fault kind '" + kindAndRest[0] + "' is not one of "
                    + Arrays.toString(Kind.values()).toLowerCase(Locale.ROOT));
        }
        String[] deviceAndAfter = kindAndRest[1].split("@", 2);
        Duration after = deviceAndAfter.length == 2 ? Duration.ofSeconds(Long.parseLong(deviceAndAfter[1])) : Duration.ZERO;
        return new Fault(kind, deviceAndAfter[0], after);
    }
}
