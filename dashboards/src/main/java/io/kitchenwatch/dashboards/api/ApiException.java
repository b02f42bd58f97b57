package io.kitchenwatch.dashboards.api;

/** An answer other than 200 for the caller, with the message they need: 400 for bad input, 404 for unknown ids. */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String detail;

    private ApiException(int status, String error, String detail) {
        super(error, null, false, false);
        this.status = status;
        this.detail = detail;
    }

    public static ApiException badRequest(String error, String detail) {
        return new ApiException(400, error, detail);
    }

    public static ApiException unauthorized(String detail) {
        return new ApiException(401, "unauthorized", detail);
    }

    public static ApiException forbidden(String detail) {
        return new ApiException(403, "forbidden", detail);
    }

    public static ApiException unsupportedMediaType(String detail) {
        return new ApiException(415, "unsupported media type", detail);
    }

    /** 503: the node is too busy for this now; try again later. */
    public static ApiException busy(String detail) {
        return new ApiException(503, "busy", detail);
    }

    public static ApiException notFound(String error, String detail) {
        return new ApiException(404, error, detail);
    }

    public int status() {
        return status;
    }

    public String detail() {
        return detail;
    }
}
