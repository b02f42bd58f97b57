package io.kitchenwatch.ingest.broker;

import com.codahale.metrics.MetricRegistry;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

/**
 * KitchenWatch's extension inside the embedded HiveMQ (loaded from the jar, nothing to copy). On a broker's very
 * first start, before the ingest's persistent session exists, it is a connect gate that refuses every connection but
 * the first clients' (the ingest's) with "server unavailable" until it is opened; on later starts the session and
 * its subscription are restored from the broker's files and the gate opens at once. A device retries a refused
 * connect; a message it published to a broker whose ingest had not subscribed yet would have been acknowledged and
 * routed to nobody. It also hands out the broker's own metrics.
 */
final class BrokerExtension implements ExtensionMain, SimpleAuthenticator {
    private final Set<String> firstClients;
    private final AtomicLong refused = new AtomicLong();
    private volatile boolean open;
    private volatile MetricRegistry metrics;

    BrokerExtension(Set<String> firstClients) {
        this.firstClients = firstClients;
        this.open = firstClients.isEmpty();
    }

    void open() {
        open = true;
    }

    /** HiveMQ's own metrics, once the extension started. */
    MetricRegistry metrics() {
        return metrics;
    }

    long refused() {
        return refused.get();
    }

    @Override
    public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        if (open || firstClients.contains(input.getClientInformation().getClientId())) {
            output.authenticateSuccessfully();
        } else {
            refused.incrementAndGet();
            output.failAuthentication(ConnackReasonCode.SERVER_UNAVAILABLE, "starting: try again shortly");
        }
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        metrics = Services.metricRegistry();
        Services.securityRegistry().setAuthenticatorProvider(providerInput -> this);
        if (!open) {
            openIfSessionsRestored();
        }
    }

    /**
     * After a restart the first clients' persistent sessions and subscriptions come back from the broker's files, so
     * what devices publish is queued for them whether or not they have reconnected yet: nothing to wait for.
     */
    private void openIfSessionsRestored() {
        CompletableFuture<?>[] checks = firstClients.stream()
                .map(id -> Services.subscriptionStore().getSubscriptions(id))
                .toArray(CompletableFuture[]::new);
        CompletableFuture.allOf(checks).thenRun(() -> {
            for (CompletableFuture<?> check : checks) {
                if (((Set<?>) check.join()).isEmpty()) {
                    return;
                }
            }
            open();
        });
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
    }
}
