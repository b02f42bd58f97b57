package io.kitchenwatch.devices.bus;

import io.vertx.core.eventbus.EventBus;

import java.util.List;

/** Registers the codecs of every bus message type once per Vert.x instance, before any stage is deployed. */
public final class BusContracts {
    private static final List<Class<?>> MESSAGE_TYPES = List.of(StoredBatch.class, AlertChanged.class,
            AlertActionRequest.class, AlertSnapshot.class, BatchJudged.class, FrameAnalysed.class, MqttPublication.class,
            IngestSubscribed.class, DeviceStatusChanged.class, OwnershipChanged.class, SourceProgress.class);

    private BusContracts() {
    }

    public static void register(EventBus bus) {
        MESSAGE_TYPES.forEach(type -> registerLocal(bus, type));
    }

    private static <T> void registerLocal(EventBus bus, Class<T> type) {
        bus.registerDefaultCodec(type, new LocalCodec<>(type));
    }
}
