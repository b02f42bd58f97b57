package io.kitchenwatch.dashboards.api;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * One page of a list answer: {@code limit} (default {@value #DEFAULT_LIMIT}, at most {@value #MAX_LIMIT}) items from
 * {@code offset}. The body stays a JSON array; the answer says the total in {@code X-Total-Count} and links the next
 * page in {@code Link: <...>; rel="next"}, so lists that fit one page read as before.
 */
record Page(int offset, int limit) {
    static final int DEFAULT_LIMIT = 1_000;
    static final int MAX_LIMIT = 10_000;

    static Page of(MultiMap query) {
        int limit = number(query.get("limit"), "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        int offset = number(query.get("offset"), "offset", 0, 0, Integer.MAX_VALUE);
        return new Page(offset, limit);
    }

    private static int number(String value, String name, int otherwise, int min, int max) {
        if (value == null) {
            return otherwise;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw ApiException.badRequest("invalid " + name, name + " must be a whole number from " + min + " to " + max);
    }

    /** The items of this page out of {@code all}. */
    <T> List<T> of(List<T> all) {
        int from = (int) Math.min(offset, all.size());
        return all.subList(from, (int) Math.min((long) from + limit, all.size()));
    }

    /** Sets the total and, when more follow, the link to the next page (the request's other parameters kept). */
    void describe(RoutingContext ctx, long total) {
        HttpServerResponse response = ctx.response();
        response.putHeader("X-Total-Count", Long.toString(total));
        if ((long) offset + limit < total) {
            StringBuilder next = new StringBuilder(ctx.request().path()).append('?');
            for (Map.Entry<String, String> e : ctx.queryParams()) {
                if (!e.getKey().equals("offset") && !e.getKey().equals("limit")) {
                    next.append(encode(e.getKey())).append('=').append(encode(e.getValue())).append('&');
                }
            }
            next.append("limit=").append(limit).append("&offset=").append(offset + limit);
            response.putHeader("Link", "<" + next + ">; rel=\"next\"");
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
