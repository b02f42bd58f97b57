package io.kitchenwatch.devices.bus;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageCodec;

/**
 * Delivers an immutable message object within this process as it is: no encoding, no copy. Messages for another
 * process (a cluster) need a codec of their own; this one refuses, so such a use fails loudly instead of silently.
 */
public final class LocalCodec<T> implements MessageCodec<T, T> {
    private final Class<T> type;

    public LocalCodec(Class<T> type) {
        this.type = type;
    }

    @Override
    public void encodeToWire(Buffer buffer, T message) {
        throw new UnsupportedOperationException(name() + " is delivered within this process only");
    }

    @Override
    public T decodeFromWire(int pos, Buffer buffer) {
        throw new UnsupportedOperationException(name() + " is delivered within this process only");
    }

    @Override
    public T transform(T message) {
        return message;
    }

    @Override
    public String name() {
        return "kw-local-" + type.getName();
    }

    @Override
    public byte systemCodecID() {
        return -1;
    }

    public Class<T> type() {
        return type;
    }
}
