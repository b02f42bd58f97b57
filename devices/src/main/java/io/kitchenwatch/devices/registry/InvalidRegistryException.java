package io.kitchenwatch.devices.registry;

import java.util.List;

/** The registry file has mistakes; the message lists all of them. */
public final class InvalidRegistryException extends RuntimeException {
    private final List<RegistryProblem> details;

    public InvalidRegistryException(String source, List<RegistryProblem> details) {
        super("registry " + source + " has " + details.size() + " problem(s):\n  - "
                + String.join("\n  - ", details.stream().map(RegistryProblem::message).toList()));
        this.details = List.copyOf(details);
    }

    public List<String> problems() {
        return details.stream().map(RegistryProblem::message).toList();
    }

    /** The problems with what each is about. */
    public List<RegistryProblem> details() {
        return details;
    }
}
