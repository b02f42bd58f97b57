package io.kitchenwatch.ingest.pipeline;

import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Drops a message whose (device, seq) was seen recently: QoS 1 redelivers after reconnects. Per device it keeps the
 * highest seq and a window of the {@value #WINDOW} before it; a seq far below the window means the device restarted
 * its counter, so the window starts again. Memory is bounded by {@code maxDevices} (least recently seen evicted).
 */
final class SeqDeduplicator {
    static final int WINDOW = 4096;
    private final Map<String, Window> windows;

    SeqDeduplicator(int maxDevices) {
        this.windows = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Window> eldest) {
                return size() > maxDevices;
            }
        };
    }

    /** True when this (device, seq) is new and should be processed. */
    synchronized boolean firstTime(String device, long seq) {
        Window w = windows.get(device);
        if (w == null) {
            windows.put(device, new Window(seq));
            return true;
        }
        return w.accept(seq);
    }

    private static final class Window {
        private long highest;
        private final BitSet seen = new BitSet(WINDOW);

        Window(long first) {
            highest = first;
            seen.set(index(first));
        }

        boolean accept(long seq) {
            if (seq > highest) {
                long gap = seq - highest;
                if (gap >= WINDOW) {
                    seen.clear();
                } else {
                    for (long s = highest + 1; s <= seq; s++) {
                        seen.clear(index(s));
                    }
                }
                highest = seq;
                seen.set(index(seq));
                return true;
            }
            if (highest - seq >= WINDOW) {
                // far behind the window: the device restarted and counts from zero again
                highest = seq;
                seen.clear();
                seen.set(index(seq));
                return true;
            }
            if (seen.get(index(seq))) {
                return false;
            }
            seen.set(index(seq));
            return true;
        }

        private static int index(long seq) {
            return (int) Math.floorMod(seq, (long) WINDOW);
        }
    }
}
