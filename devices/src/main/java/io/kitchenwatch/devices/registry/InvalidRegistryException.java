package io.kitchenwatch.devices.registry;

import java.util.List;

/** The registry file has mistakes; the message lists all of them. */
public final class InvalidRegistryException extends RuntimeException {
    private final List<String> problems;

    public InvalidRegistryException(String source, List<String> problems) {
        super("registry " + source + " has " + problems.size() + " problem(s):\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
