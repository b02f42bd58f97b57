/**
 * Shutting down what a stage or the node started ({@code Closer}): closed in reverse order, so one that fails to
 * close does not keep the rest open.
 */
package io.kitchenwatch.devices.lifecycle;
