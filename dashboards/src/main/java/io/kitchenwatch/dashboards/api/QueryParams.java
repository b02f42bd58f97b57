package io.kitchenwatch.dashboards.api;

import io.kitchenwatch.devices.model.Identifiers;
import io.kitchenwatch.devices.wire.WireDecoder;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Parsing of path and query parameters; every refusal is a 400 that says what was expected. */
final class QueryParams {
    /** The longest series a request may span: a longer step could only ever give one point. */
    static final long MAX_STEP_MS = Duration.ofDays(400).toMillis();

    private QueryParams() {
    }

    static String id(String value, String name) {
        if (!Identifiers.isValidId(value)) {
            throw ApiException.badRequest("invalid " + name, name + " must match " + Identifiers.ID.pattern());
        }
        return value;
    }

    static String field(String value) {
        if (value == null) {
            throw ApiException.badRequest("missing field", "give the telemetry field to chart, e.g. ?field=temp_c");
        }
        if (!Identifiers.isValidField(value)) {
            throw ApiException.badRequest("invalid field", "field must match " + Identifiers.FIELD.pattern());
        }
        if (WireDecoder.isReservedField(value)) {
            throw ApiException.badRequest("invalid field", "'" + value + "' is not a telemetry field");
        }
        return value;
    }

    /** An instant as epoch milliseconds or ISO-8601 ({@code 2026-11-29T08:00:00Z}). */
    static long time(String value, String name, long otherwise) {
        if (value == null || value.isEmpty()) {
            return otherwise;
        }
        try {
            if (value.chars().allMatch(Character::isDigit) && value.length() <= 15) {
                return Long.parseLong(value);
            }
            return Instant.parse(value).toEpochMilli();
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            throw ApiException.badRequest("invalid " + name, name + " must be epoch milliseconds or ISO-8601, got '" + clip(value) + "'");
        }
    }

    /** A step as milliseconds or with a unit: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}. */
    static long step(String value) {
        try {
            String v = value.trim().toLowerCase(Locale.ROOT);
            long ms;
            if (v.endsWith("ms")) {
                ms = Long.parseLong(v.substring(0, v.length() - 2));
            } else if (v.endsWith("s")) {
                ms = Duration.ofSeconds(Long.parseLong(v.substring(0, v.length() - 1))).toMillis();
            } else if (v.endsWith("m")) {
                ms = Duration.ofMinutes(Long.parseLong(v.substring(0, v.length() - 1))).toMillis();
            } else if (v.endsWith("h")) {
                ms = Duration.ofHours(Long.parseLong(v.substring(0, v.length() - 1))).toMillis();
            } else if (v.endsWith("d")) {
                ms = Duration.ofDays(Long.parseLong(v.substring(0, v.length() - 1))).toMillis();
            } else {
                ms = Long.parseLong(v);
            }
            if (ms < 1 || ms > MAX_STEP_MS) {
                throw new NumberFormatException();
            }
            return ms;
        } catch (NumberFormatException | ArithmeticException e) {
            throw ApiException.badRequest("invalid step", "step must be a duration from 1 ms to 400 d, like 60000, 30s, 5m or 1h, got '"
                    + clip(value) + "'");
        }
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
