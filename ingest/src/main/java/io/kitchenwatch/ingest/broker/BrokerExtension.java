package io.kitchenwatch.ingest.broker;

import io.kitchenwatch.devices.model.Identifiers;
import java.security.cert.X509Certificate;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import com.codahale.metrics.MetricRegistry;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission;
import com.hivemq.extension.sdk.api.packets.auth.DefaultAuthorizationBehaviour;
import com.hivemq.extension.sdk.api.packets.auth.ModifiableDefaultPermissions;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.packets.connect.ConnectPacket;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import io.kitchenwatch.devices.identity.CredentialKind;
import io.kitchenwatch.devices.identity.LoginThrottle;
import io.kitchenwatch.devices.identity.StoredCredential;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * KitchenWatch's extension inside the embedded HiveMQ (loaded from the jar, nothing to copy). It authenticates every
 * connection against the credential store (or the ingest's own secret), binds client ids to identities, gives each
 * identity its topic permissions ({@link BrokerAccessPolicy}) and throttles addresses that keep failing.
 * <p>
 * On every start it is also a connect gate that refuses everyone but the first clients (the ingest) with "server
 * unavailable" until it is opened, once the ingest has subscribed. A device retries a refused connect; a message it
 * published to a broker whose ingest had not subscribed yet could be acknowledged and routed to nobody. That holds
 * after a restart too, although the ingest's session and subscription come back from the broker's files: in
 * NodeCrashIT the first message accepted the moment the restarted broker took connections was, now and then,
 * acknowledged and never delivered. It also hands out the broker's own metrics.
 */
final class BrokerExtension implements ExtensionMain, SimpleAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(BrokerExtension.class);
    /** Why a connect was refused, as the {@code reason} of {@code kw_broker_auth_failures_total}. */
    enum Refusal { ANONYMOUS, BAD_CREDENTIALS, UNREGISTERED_DEVICE, CLIENT_ID_NOT_OWNED, THROTTLED }

    /** Devices retry on their own schedule, so a login gets ten tries a minute before it waits. */
    static final int LOGIN_FAILURES_ALLOWED = 10;
    private final Set<String> firstClients;
    private final BrokerAccess access;
    private final BrokerAccessPolicy policy;
    private final LoginThrottle throttle = new LoginThrottle(LOGIN_FAILURES_ALLOWED, 100);
    private final AtomicLong refusedWhileStarting = new AtomicLong();
    private final AtomicLong certificateLogins = new AtomicLong();
    private final AtomicLong revokedDisconnects = new AtomicLong();
    private volatile Map<String, StoredCredential> knownLogins = Map.of();
    /** The password hash each password session logged in with (pruned of disconnected sessions on each pass). */
    private final Map<String, String> sessionHashes = new ConcurrentHashMap<>();
    private volatile boolean passLeft;
    private volatile int sessionsAfterLastPass;
    private final Map<Refusal, AtomicLong> refusals = new EnumMap<>(Refusal.class);
    private volatile boolean open;
    private volatile MetricRegistry metrics;

    BrokerExtension(Set<String> firstClients, BrokerAccess access) {
        this.firstClients = firstClients;
        this.access = access;
        this.policy = access instanceof BrokerAccess.Closed closed ? new BrokerAccessPolicy(closed.topics()) : null;
        this.open = firstClients.isEmpty();
        for (Refusal r : Refusal.values()) {
            refusals.put(r, new AtomicLong());
        }
    }

    void open() {
        open = true;
    }

    /** HiveMQ's own metrics, once the extension started. */
    MetricRegistry metrics() {
        return metrics;
    }

    long refusedWhileStarting() {
        return refusedWhileStarting.get();
    }

    long refusals(Refusal reason) {
        return refusals.get(reason).get();
    }

    int throttleKeys() {
        return throttle.trackedKeys();
    }

    @Override
    public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        ConnectPacket connect = input.getConnectPacket();
        String clientId = connect.getClientId();
        if (!(access instanceof BrokerAccess.Closed closed)) {
            admitWhenOpen(clientId, output, null);
            return;
        }
        String address = input.getConnectionInformation().getInetAddress().map(a -> a.getHostAddress()).orElse("unknown");
        long now = System.currentTimeMillis();
        Optional<String> username = connect.getUserName();
        String password = connect.getPassword().map(BrokerExtension::utf8).orElse(null);
        if (username.isEmpty() || password == null) {
            Optional<X509Certificate> certificate = input.getConnectionInformation().getClientTlsInformation()
                    .flatMap(t -> t.getClientCertificate());
            if (certificate.isPresent()) {
                admitByCertificate(closed, certificate.get(), clientId, output, address, now);
                return;
            }
            refuse(output, Refusal.ANONYMOUS, ConnackReasonCode.NOT_AUTHORIZED, "a username and password are required",
                    address, null, now);
            return;
        }
        if (!Identifiers.isValidId(username.get())) {
            // no login has such a name; counted against the address only, so odd names cannot fill the throttle
            refuse(output, Refusal.BAD_CREDENTIALS, ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "bad username or password",
                    address, null, now);
            return;
        }
        boolean ingest = username.get().equals(closed.ingestClientId()) && constantTimeEquals(password, closed.ingestSecret());
        if (!ingest && throttle.blocked(address, username.get(), now)) {
            refusals.get(Refusal.THROTTLED).incrementAndGet();
            output.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED, "too many failed attempts from this address: try later");
            return;
        }
        MqttIdentity identity;
        Optional<StoredCredential> stored = Optional.empty();
        if (ingest) {
            identity = MqttIdentity.ingest(closed.ingestClientId());
        } else {
            // the ingest's name is never looked up in the store: nobody else can hold it, whatever the file says
            stored = username.get().equals(closed.ingestClientId()) ? Optional.empty()
                    : closed.credentials().find(username.get()).filter(c -> c.accepts(password));
            if (stored.isEmpty()) {
                refuse(output, Refusal.BAD_CREDENTIALS, ConnackReasonCode.BAD_USER_NAME_OR_PASSWORD, "bad username or password",
                        address, username.get(), now);
                return;
            }
            identity = switch (stored.get().kind()) {
                case DEVICE -> closed.registry().device(username.get())
                        .map(d -> MqttIdentity.device(d.id(), d.site())).orElse(null);
                case OBSERVER -> new MqttIdentity(username.get(), MqttIdentity.Role.OBSERVER, Optional.empty());
                case BRIDGE -> new MqttIdentity(username.get(), MqttIdentity.Role.BRIDGE, Optional.empty());
                case INGEST -> null; // for external brokers only
            };
            if (identity == null) {
                // the password was right: a retired device still powered on is not a guesser, and is not throttled
                boolean device = stored.get().kind() == CredentialKind.DEVICE;
                refusals.get(device ? Refusal.UNREGISTERED_DEVICE : Refusal.BAD_CREDENTIALS).incrementAndGet();
                output.failAuthentication(ConnackReasonCode.NOT_AUTHORIZED,
                        device ? "device '" + username.get() + "' is not in the registry" : "an ingest login for an external broker");
                return;
            }
        }
        if (!identity.mayUseClientId(clientId)) {
            // the password was right: a misconfigured client id is not a guess, so it is refused but not throttled
            refusals.get(Refusal.CLIENT_ID_NOT_OWNED).incrementAndGet();
            output.failAuthentication(ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID,
                    "client id must be '" + identity.username() + "' or start with '" + identity.username() + ":'");
            return;
        }
        if (stored.isPresent()) {
            sessionHashes.put(clientId, stored.get().hash());
        }
        admitWhenOpen(clientId, output, identity);
    }

    /**
     * Mutual TLS: HiveMQ has checked the certificate against the client CA; its CN names the device, which must be
     * registered. A certificate is an alternative to a password, not a way around the other rules.
     */
    private void admitByCertificate(BrokerAccess.Closed closed, X509Certificate certificate, String clientId,
                                    SimpleAuthOutput output, String address, long now) {
        Optional<String> name = BrokerTls.commonName(certificate);
        Optional<MqttIdentity> device = name.flatMap(n -> closed.registry().device(n)).map(d -> MqttIdentity.device(d.id(), d.site()));
        if (device.isEmpty() || name.get().equals(closed.ingestClientId())) {
            refuse(output, Refusal.UNREGISTERED_DEVICE, ConnackReasonCode.NOT_AUTHORIZED,
                    "the certificate's CN names no registered device", address, name.orElse(null), now);
            return;
        }
        if (!device.get().mayUseClientId(clientId)) {
            refuse(output, Refusal.CLIENT_ID_NOT_OWNED, ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID,
                    "client id must be '" + name.get() + "' or start with '" + name.get() + ":'", address, name.get(), now);
            return;
        }
        certificateLogins.incrementAndGet();
        sessionHashes.remove(clientId);
        admitWhenOpen(clientId, output, device.get());
    }

    long certificateLogins() {
        return certificateLogins.get();
    }

    private void admitWhenOpen(String clientId, SimpleAuthOutput output, MqttIdentity identity) {
        if (!open && !firstClients.contains(clientId)) {
            refusedWhileStarting.incrementAndGet();
            output.failAuthentication(ConnackReasonCode.SERVER_UNAVAILABLE, "starting: try again shortly");
            return;
        }
        if (identity != null) {
            ModifiableDefaultPermissions permissions = output.getDefaultPermissions();
            permissions.clear();
            for (TopicGrant g : policy.grants(identity)) {
                permissions.add(Builders.topicPermission().topicFilter(g.filter())
                        .activity(switch (g.activity()) {
                            case PUBLISH -> TopicPermission.MqttActivity.PUBLISH;
                            case SUBSCRIBE -> TopicPermission.MqttActivity.SUBSCRIBE;
                            case ALL -> TopicPermission.MqttActivity.ALL;
                        })
                        .type(g.allow() ? TopicPermission.PermissionType.ALLOW : TopicPermission.PermissionType.DENY)
                        .build());
            }
            permissions.setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
        }
        output.authenticateSuccessfully();
    }

    private void refuse(SimpleAuthOutput output, Refusal reason, ConnackReasonCode code, String message, String address,
                        String username, long now) {
        refusals.get(reason).incrementAndGet();
        throttle.failed(address, username, now);
        output.failAuthentication(code, message);
    }

    private static String utf8(ByteBuffer password) {
        ByteBuffer copy = password.asReadOnlyBuffer();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        metrics = Services.metricRegistry();
        Services.securityRegistry().setAuthenticatorProvider(providerInput -> this);
        if (access instanceof BrokerAccess.Closed closed) {
            knownLogins = closed.credentials().all();
            Services.extensionExecutorService().scheduleWithFixedDelay(() -> dropRevokedSessions(closed), 1, 1, TimeUnit.SECONDS);
        }
    }

    /**
     * A login revoked or rotated (a stolen password replaced) must not stay connected until its connection happens to
     * drop: within a second of the change, every session that logged in with a password the store no longer holds is
     * disconnected, and its next connect is checked anew. Sessions admitted by a certificate are not touched.
     */
    private void dropRevokedSessions(BrokerAccess.Closed closed) {
        try {
            Map<String, StoredCredential> now = closed.credentials().all();
            if (now != knownLogins) {
                knownLogins = now;
                passLeft = true;
            }
            // a pass also forgets sessions that ended, so many client ids ("login:anything") cannot grow the map for good
            if (!passLeft && sessionHashes.size() <= Math.max(10_000, 2 * sessionsAfterLastPass)) {
                return;
            }
            passLeft = false;
            Services.clientService().iterateAllClients((context, session) -> {
                String clientId = session.getClientIdentifier();
                String usedHash = sessionHashes.get(clientId);
                if (usedHash == null) {
                    return;
                }
                if (!session.isConnected()) {
                    sessionHashes.remove(clientId, usedHash);
                    return;
                }
                int colon = clientId.indexOf(':');
                StoredCredential current = now.get(colon < 0 ? clientId : clientId.substring(0, colon));
                if (current == null || !current.hash().equals(usedHash)) {
                    sessionHashes.remove(clientId, usedHash);
                    revokedDisconnects.incrementAndGet();
                    Services.clientService().disconnectClient(clientId);
                }
            }).whenComplete((done, failure) -> {
                sessionsAfterLastPass = sessionHashes.size();
                if (failure != null) {
                    passLeft = true;
                    LOG.debug("listing sessions to drop failed; trying again in a second: {}", failure.toString());
                }
            });
        } catch (RuntimeException e) {
            passLeft = true;
            LOG.debug("dropping revoked sessions failed; trying again in a second: {}", e.toString());
        }
    }

    long revokedDisconnects() {
        return revokedDisconnects.get();
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
    }
}
