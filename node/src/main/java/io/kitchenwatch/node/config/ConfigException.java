package io.kitchenwatch.node.config;

/** The configuration is wrong; the message says how to fix it. */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
