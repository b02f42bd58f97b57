package io.kitchenwatch.ingest.pipeline;

import java.util.Optional;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Probes ingest sends to itself through the broker, behind the devices' messages in its own queue: when one comes
 * back, everything the broker took before it was sent has arrived. Each carries a random nonce only this process
 * knows, so a forged or left-over probe (from a run before a restart) moves nothing. A probe not back within
 * {@link #FORGET_AFTER_MS} is forgotten (a broker that lost its queue never returns it; if it does come back later it
 * counts as foreign), and at most {@link #MAX_OUTSTANDING} wait at once (overflow policy: send no new probe until one
 * returns or is forgotten).
 */
final class ProgressProbes {
    static final int MAX_OUTSTANDING = 1_000;
    static final long FORGET_AFTER_MS = 60_000;
    private final SecureRandom random = new SecureRandom();
    /** nonce -> when it was sent (epoch ms) */
    private final ConcurrentMap<Long, Long> outstanding = new ConcurrentHashMap<>();

    /** A new probe's payload sent at {@code now}, or empty when too many are waiting. */
    Optional<byte[]> next(long now) {
        outstanding.values().removeIf(sent -> sent < now - FORGET_AFTER_MS);
        if (outstanding.size() >= MAX_OUTSTANDING) {
            return Optional.empty();
        }
        long nonce = random.nextLong();
        outstanding.put(nonce, now);
        return Optional.of(("{\"probe\":\"" + Long.toUnsignedString(nonce, 16) + "\",\"sent\":" + now + "}")
                .getBytes(StandardCharsets.UTF_8));
    }

    /** A probe that was sent but not published (the client refused it): it will never come back. */
    void unsent(byte[] payload) {
        nonceOf(payload).ifPresent(outstanding::remove);
    }

    /** When a returning probe was sent, if it is one of ours; probes sent earlier than it are then settled too. */
    OptionalLong returned(byte[] payload) {
        OptionalLong nonce = nonceOf(payload);
        if (nonce.isEmpty()) {
            return OptionalLong.empty();
        }
        Long sent = outstanding.remove(nonce.getAsLong());
        if (sent == null) {
            return OptionalLong.empty();
        }
        // the queue is ordered: an older probe still outstanding was lost (a dropped connection), not delayed
        outstanding.values().removeIf(t -> t <= sent);
        return OptionalLong.of(sent);
    }

    int outstanding() {
        return outstanding.size();
    }

    private static OptionalLong nonceOf(byte[] payload) {
        if (payload.length > 200) {
            return OptionalLong.empty();
        }
        String s = new String(payload, StandardCharsets.US_ASCII);
        int start = s.indexOf("\"probe\":\"");
        if (start < 0) {
            return OptionalLong.empty();
        }
        start += 9;
        int end = s.indexOf('"', start);
        try {
            return end < 0 ? OptionalLong.empty() : OptionalLong.of(Long.parseUnsignedLong(s.substring(start, end), 16));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
