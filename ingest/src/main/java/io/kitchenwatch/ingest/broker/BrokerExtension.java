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
import java.util.concurrent.atomic.AtomicLong;

/**
 * KitchenWatch's extension inside the embedded HiveMQ (loaded from the jar, nothing to copy). On every start it is a
 * connect gate that refuses every connection but the first clients' (the ingest's) with "server unavailable" until
 * it is opened, once the ingest has subscribed. A device retries a refused connect; a message it published to a
 * broker whose ingest had not subscribed yet could be acknowledged and routed to nobody. That holds after a restart
 * too, although the ingest's session and subscription come back from the broker's files: in NodeCrashIT the first
 * message accepted the moment the restarted broker took connections was, now and then, acknowledged and never
 * delivered. It also hands out the broker's own metrics.
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
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
    }
}
