/**
 * The launcher: reads the node's configuration ({@code config}), starts what the stages need (embedded broker and
 * store, or external ones) and deploys the stages in one process; plus the commands that manage a node's data folder
 * ({@code credentials}, {@code broker-config}, {@code token}).
 */
package io.kitchenwatch.node;
