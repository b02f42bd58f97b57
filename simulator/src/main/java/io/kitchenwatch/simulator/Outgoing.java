package io.kitchenwatch.simulator;

import io.kitchenwatch.devices.wire.Channel;

/** One message a simulated device wants to publish. */
record Outgoing(Channel channel, byte[] payload) {
}
