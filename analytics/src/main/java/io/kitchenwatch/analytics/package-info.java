/**
 * Analytics over stored device data: the regulations' rules, statistical detectors, camera analysis and the alert
 * lifecycle (pure, event-time, no I/O), and their runtime ({@code runtime}): the service fed with stored messages,
 * frame analysis on worker threads, evidence, alert persistence and publication.
 */
package io.kitchenwatch.analytics;
