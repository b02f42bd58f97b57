package io.kitchenwatch.dashboards.certificates;

import io.kitchenwatch.analytics.Thresholds;
import io.kitchenwatch.analytics.ThresholdsCatalog;
import io.kitchenwatch.devices.registry.Registry;
import io.kitchenwatch.ingest.store.TimeSeriesStore;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The certificate parts of one node, made together: the signing key, the store's certificates, the issuer fed from the
 * bus, the verifier, and where people reach the verification pages.
 */
public final class Certificates implements AutoCloseable {
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]{1,253}(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]{2,45}](:[0-9]{1,5})?");
    private final SigningKey key;
    private final CertificateBook book;
    private final LineFrames frames;
    private final CertificateIssuer issuer;
    private final CertificateVerifier verifier;
    private final Path framesDir;
    private final Optional<String> publicUrl;

    public Certificates(Registry registry, TimeSeriesStore store, Path dir, Duration frameRetention, Optional<String> publicUrl)
            throws IOException {
        this.key = SigningKey.in(dir);
        this.book = new CertificateBook(store);
        this.framesDir = dir.resolve("frames");
        this.frames = new LineFrames(registry, new ThresholdsCatalog(registry, Thresholds.DEFAULTS));
        this.issuer = new CertificateIssuer(registry, book, key, frames, framesDir);
        this.verifier = new CertificateVerifier(book, key, framesDir, frameRetention);
        this.publicUrl = publicUrl;
    }

    public SigningKey key() {
        return key;
    }

    public CertificateBook book() {
        return book;
    }

    public LineFrames frames() {
        return frames;
    }

    public CertificateIssuer issuer() {
        return issuer;
    }

    public CertificateVerifier verifier() {
        return verifier;
    }

    public Path framesDir() {
        return framesDir;
    }

    /**
     * The public page of a certificate: under {@code --public-url} when set, else under the address this request
     * came to (its Host header, when it is a plain host name or address; {@code localhost} otherwise).
     */
    public String verifyUrl(String id, boolean tls, String hostHeader) {
        return publicBase(tls, hostHeader) + "/verify/" + id;
    }

    /** Where people reach this node, without a trailing slash (see {@link #verifyUrl}). */
    public String publicBase(boolean tls, String hostHeader) {
        return publicUrl.orElseGet(() -> (tls ? "https://" : "http://")
                + (hostHeader != null && HOST.matcher(hostHeader).matches() ? hostHeader : "localhost"));
    }

    @Override
    public void close() {
        issuer.close();
    }
}
