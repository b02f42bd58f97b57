package io.kitchenwatch.simulator;

import java.util.List;

/** The physics of one simulated device: called once per report interval with the simulated time. */
interface DeviceModel {
    List<Outgoing> step(long simTs);
}
