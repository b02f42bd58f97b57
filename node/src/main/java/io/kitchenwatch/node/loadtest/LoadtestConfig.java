package io.kitchenwatch.node.loadtest;

import java.nio.file.Path;
import java.time.Duration;

/**
 * One loadtest run.
 *
 * @param nodeUrl     the node's HTTP address (devices, live stream, metrics)
 * @param token       an admin API token for the node
 * @param mqttUrl     the broker the devices publish to
 * @param username    MQTT login the devices publish with (a bridge login may publish for any device)
 * @param password    its password
 * @param devices     how many registered devices to drive (the node's, in id order)
 * @param rate        messages per second over all devices; 0 = as fast as the broker takes them
 * @param duration    how long to publish
 * @param faultEvery  every this many messages of a separator is a grease alarm (the next one clears it); 0 = none
 * @param drain       how long to wait, after publishing, for the node to store what the broker holds
 * @param out         folder for samples.csv, latency.csv, summary.txt and loadtest.png (and overview.csv)
 * @param wallScreens how many wall screens to play ({@link WallScreenProbe}); 0 = none
 * @param linger      how long the wall screens keep watching after the node has stored everything (devices going
 *                    offline once the run stops)
 */
public record LoadtestConfig(String nodeUrl, String token, String mqttUrl, String username, String password, int devices,
                             int rate, Duration duration, int faultEvery, Duration drain, Path out, int wallScreens, Duration linger) {
}
