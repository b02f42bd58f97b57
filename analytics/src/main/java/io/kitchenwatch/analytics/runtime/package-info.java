/**
 * Analytics as a node runs it: the stage verticle fed stored batches over the bus, the one analytics thread with the
 * rule engine and alert book, frame analysis on worker threads, and state rebuilt from the store after a restart. What
 * it decides is stored, published on MQTT and put on the bus; evidence pictures and derived camera samples are kept.
 */
package io.kitchenwatch.analytics.runtime;
