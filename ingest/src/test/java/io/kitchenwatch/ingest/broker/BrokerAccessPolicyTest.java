package io.kitchenwatch.ingest.broker;

import io.kitchenwatch.devices.wire.TopicScheme;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BrokerAccessPolicyTest {
    private final BrokerAccessPolicy policy = new BrokerAccessPolicy(new TopicScheme("kw"));

    @Test
    void aDeviceMayPublishItsFourChannelsAndNothingElse() {
        List<TopicGrant> grants = policy.grants(MqttIdentity.device("sch-01-cab-1", "sch-01"));
        assertEquals(List.of("kw/sch-01/sch-01-cab-1/telemetry", "kw/sch-01/sch-01-cab-1/event", "kw/sch-01/sch-01-cab-1/frame",
                "kw/sch-01/sch-01-cab-1/state"), grants.stream().map(TopicGrant::filter).toList());
        assertTrue(grants.stream().allMatch(g -> g.allow() && g.activity() == TopicGrant.Activity.PUBLISH));
    }

    @Test
    void aBridgeIsDeniedTheBackendsTopicsBeforeItsWildcards() {
        List<TopicGrant> grants = policy.grants(new MqttIdentity("vendor", MqttIdentity.Role.BRIDGE, Optional.empty()));
        assertEquals(List.of("kw/alerts/#", "kw/$ingest/#", "kw/deadletter"), grants.subList(0, 3).stream().map(TopicGrant::filter).toList());
        assertTrue(grants.subList(0, 3).stream().noneMatch(TopicGrant::allow));
        assertTrue(grants.subList(3, grants.size()).stream().allMatch(g -> g.filter().startsWith("kw/+/+/")
                && g.activity() == TopicGrant.Activity.PUBLISH));
    }

    @Test
    void clientIdsBelongToTheirIdentity() {
        MqttIdentity device = MqttIdentity.device("sch-01-cab-1", "sch-01");
        assertTrue(device.mayUseClientId("sch-01-cab-1"));
        assertTrue(device.mayUseClientId("sch-01-cab-1:test"));
        assertFalse(device.mayUseClientId("sch-01-cab-10"));
        assertFalse(device.mayUseClientId("sch-01-cab"));
        assertFalse(device.mayUseClientId(""));
        MqttIdentity ingest = MqttIdentity.ingest("kitchenwatch-ingest-1");
        assertTrue(ingest.mayUseClientId("kitchenwatch-ingest-1"));
        assertFalse(ingest.mayUseClientId("kitchenwatch-ingest-1:x"));
    }
}
