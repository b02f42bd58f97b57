package io.kitchenwatch.devices.identity;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Slows down password guessing, at the broker and at the API's login alike. A login (address and username) that
 * failed {@code loginFailuresAllowed} times within a minute is refused outright, without checking what it sends, for
 * a minute; an address that failed {@code addressFailuresAllowed} times (whatever the usernames: a spray or a flood)
 * likewise. Each further block of the same key doubles its length, up to 15 minutes. Keying logins by username too
 * keeps one misconfigured device (or a guesser aiming at one account) from locking out everyone else behind the same
 * address. Keys are forgotten oldest-first beyond {@link #MAX_KEYS} (overflow policy: evict the longest unused), so
 * a flood cannot grow the map without bound. Thread-safe.
 */
public final class LoginThrottle {
    public static final long WINDOW_MS = 60_000;
    public static final long FIRST_BLOCK_MS = 60_000;
    public static final long LONGEST_BLOCK_MS = 15 * 60_000;
    public static final int MAX_KEYS = 10_000;

    private static final class Failures {
        long windowStart;
        int count;
        long blockedUntil;
        long nextBlockMs = FIRST_BLOCK_MS;
    }

    private final int loginFailuresAllowed;
    private final int addressFailuresAllowed;
    private final Map<String, Failures> byKey = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Failures> eldest) {
            return size() > MAX_KEYS;
        }
    };

    public LoginThrottle(int loginFailuresAllowed, int addressFailuresAllowed) {
        this.loginFailuresAllowed = loginFailuresAllowed;
        this.addressFailuresAllowed = addressFailuresAllowed;
    }

    /** How long (ms) attempts of this login are still refused unchecked, if they are. */
    public synchronized OptionalLong blockedFor(String address, String username, long now) {
        String network = network(address);
        long until = Math.max(blockedUntil(network), blockedUntil(loginKey(network, username)));
        return until > now ? OptionalLong.of(until - now) : OptionalLong.empty();
    }

    public boolean blocked(String address, String username, long now) {
        return blockedFor(address, username, now).isPresent();
    }

    /** Counts a failed attempt; {@code username} may be null when none was given. */
    public synchronized void failed(String address, String username, long now) {
        String network = network(address);
        failed(network, addressFailuresAllowed, now);
        if (username != null) {
            failed(loginKey(network, username), loginFailuresAllowed, now);
        }
    }

    /**
     * Where attempts come from: an IPv4 address, or the /64 of an IPv6 one (whoever holds one address of a /64
     * usually holds all of it, so counting single IPv6 addresses would throttle nobody).
     */
    static String network(String address) {
        if (address.indexOf(':') < 0) {
            return address;
        }
        try {
            byte[] bytes = InetAddress.getByName(address).getAddress();
            if (bytes.length == 16) {
                StringBuilder prefix = new StringBuilder();
                for (int i = 0; i < 8; i += 2) {
                    prefix.append(Integer.toHexString(((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff))).append(':');
                }
                return prefix.append(":/64").toString();
            }
        } catch (UnknownHostException e) {
            // not a literal address: count it as given
        }
        return address;
    }

    public synchronized int trackedKeys() {
        return byKey.size();
    }

    private long blockedUntil(String key) {
        Failures f = byKey.get(key);
        return f == null ? 0 : f.blockedUntil;
    }

    private void failed(String key, int allowed, long now) {
        Failures f = byKey.computeIfAbsent(key, k -> new Failures());
        if (f.blockedUntil > 0 && now - f.blockedUntil > LONGEST_BLOCK_MS) {
            f.nextBlockMs = FIRST_BLOCK_MS; // quiet for a while: the next block starts short again
        }
        if (now - f.windowStart > WINDOW_MS) {
            f.windowStart = now;
            f.count = 0;
        }
        if (++f.count >= allowed) {
            f.blockedUntil = now + f.nextBlockMs;
            f.nextBlockMs = Math.min(LONGEST_BLOCK_MS, f.nextBlockMs * 2);
            f.count = 0;
            f.windowStart = now;
        }
    }

    private static String loginKey(String network, String username) {
        // a NUL cannot appear in an address, so no address-and-username key collides with another or with an address;
        // a long name is kept as its hash, so 10,000 keys stay small whatever callers send
        String name = username.length() <= 64 ? username : "#" + Integer.toHexString(username.hashCode()) + ":" + username.length();
        return network + '\0' + name;
    }
}
