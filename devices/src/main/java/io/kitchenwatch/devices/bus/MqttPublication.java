package io.kitchenwatch.devices.bus;

/** A message for the broker, published at QoS 1, not retained. */
public record MqttPublication(String topic, byte[] payload) {
}
