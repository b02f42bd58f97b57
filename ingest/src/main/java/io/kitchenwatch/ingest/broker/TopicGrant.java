package io.kitchenwatch.ingest.broker;

/**
 * One topic permission, evaluated in order (the first grant whose filter matches decides).
 *
 * @param filter   an MQTT topic filter
 * @param activity what the grant covers
 * @param allow    whether it allows or denies
 */
public record TopicGrant(String filter, Activity activity, boolean allow) {
    public enum Activity { PUBLISH, SUBSCRIBE, ALL }

    static TopicGrant allow(String filter, Activity activity) {
        return new TopicGrant(filter, activity, true);
    }

    static TopicGrant deny(String filter) {
        return new TopicGrant(filter, Activity.ALL, false);
    }
}
