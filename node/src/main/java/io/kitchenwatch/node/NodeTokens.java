package io.kitchenwatch.node;

import io.kitchenwatch.dashboards.auth.Caller;
import io.kitchenwatch.dashboards.auth.Tokens;
import io.kitchenwatch.node.config.KitchenWatchConfig;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** API tokens issued outside a running node, signed with the same secret as the node of the same data folder. */
public final class NodeTokens {
    private NodeTokens() {
    }

    public static String issue(KitchenWatchConfig config, Caller caller, Duration validity) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            return Tokens.create(vertx, config.jwtSecret(), config.dataDir()).issue(caller, validity);
        } finally {
            vertx.close().await(5, TimeUnit.SECONDS);
        }
    }
}
