package io.kitchenwatch.ingest.broker;

import io.kitchenwatch.devices.wire.Channel;
import io.kitchenwatch.devices.wire.TopicScheme;

import java.util.ArrayList;
import java.util.List;

/**
 * What each identity may publish and subscribe to on the embedded broker; anything not granted is denied. Devices
 * publish only their own four channels and read nothing (not even their own topics: a device has no business reading
 * what others see of it); observers read the alert topics only; bridges publish on any device's channels but never
 * on the backend's own topics (alerts, dead letters, probes), which share the depth of device topics; the ingest
 * reads and writes the whole tree.
 */
public final class BrokerAccessPolicy {
    private final TopicScheme topics;

    public BrokerAccessPolicy(TopicScheme topics) {
        this.topics = topics;
    }

    public List<TopicGrant> grants(MqttIdentity who) {
        String root = topics.root();
        List<TopicGrant> grants = new ArrayList<>();
        switch (who.role()) {
            case INGEST -> grants.add(TopicGrant.allow(root + "/#", TopicGrant.Activity.ALL));
            case DEVICE -> {
                String site = who.site().orElseThrow(() -> new IllegalArgumentException("a device identity needs its site"));
                for (Channel c : Channel.values()) {
                    grants.add(TopicGrant.allow(topics.deviceTopic(site, who.username(), c), TopicGrant.Activity.PUBLISH));
                }
            }
            case OBSERVER -> grants.add(TopicGrant.allow(root + "/" + TopicScheme.ALERTS_LEVEL + "/#", TopicGrant.Activity.SUBSCRIBE));
            case BRIDGE -> {
                grants.add(TopicGrant.deny(root + "/" + TopicScheme.ALERTS_LEVEL + "/#"));
                grants.add(TopicGrant.deny(root + "/" + TopicScheme.PROBE_LEVEL + "/#"));
                grants.add(TopicGrant.deny(topics.deadLetter()));
                for (Channel c : Channel.values()) {
                    grants.add(TopicGrant.allow(root + "/+/+/" + c.wireName(), TopicGrant.Activity.PUBLISH));
                }
            }
        }
        return List.copyOf(grants);
    }
}
