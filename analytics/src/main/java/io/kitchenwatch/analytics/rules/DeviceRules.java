package io.kitchenwatch.analytics.rules;

import io.kitchenwatch.analytics.alerts.Finding;
import io.kitchenwatch.devices.model.DeviceEvent;
import io.kitchenwatch.devices.model.Reading;

import java.util.List;

/** The kind-specific rules of one device, fed in event-time order. */
public interface DeviceRules {
    List<Finding> onReading(Reading r);

    List<Finding> onEvent(DeviceEvent e);
}
