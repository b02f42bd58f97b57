/**
 * The node's configuration: every setting ({@code Setting}) resolved from defaults, a JSON config file,
 * {@code KW_*} environment variables and flags (later wins), refused with a message that says how to fix it, and turned
 * into each stage's config record ({@code StageConfigs}).
 */
package io.kitchenwatch.node.config;
