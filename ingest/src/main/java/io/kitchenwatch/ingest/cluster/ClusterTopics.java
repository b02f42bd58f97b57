package io.kitchenwatch.ingest.cluster;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the cluster's topics when they are missing (the first node to start does it; the others find them) and
 * learns the device-message topic's real partition count, which decides device ownership on every node.
 */
public final class ClusterTopics {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterTopics.class);
    private static final long TIMEOUT_S = 30;

    private ClusterTopics() {
    }

    /**
     * A producer for the cluster's rare records (alert changes, routed actions and their answers): idempotent,
     * {@code acks=all}, sent at once, and blocking at most 5 s, as it is called from the ingest stage's worker and an
     * outage must not hold it (and {@code /health}) for Kafka's default minute.
     */
    static KafkaProducer<byte[], byte[]> smallProducer(ClusterSettings settings, String clientId) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap(),
                ProducerConfig.CLIENT_ID_CONFIG, clientId,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /**
     * Assigns {@code consumer} every partition of {@code topic} at its start or its end, for a node that reads a topic
     * whole rather than as a member of a group.
     */
    static void followWhole(KafkaConsumer<byte[], byte[]> consumer, String topic, boolean fromStart) {
        List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(TIMEOUT_S)).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        if (fromStart) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // fixes "the end" now, before anything is sent that must be read
        }
    }

    /** A topic just created may not be known to every broker yet: asked again for a while. */
    private static int partitionCount(Admin admin, String topic) throws ExecutionException, InterruptedException, TimeoutException {
        long deadline = System.currentTimeMillis() + TimeUnit.SECONDS.toMillis(TIMEOUT_S);
        while (true) {
            try {
                return admin.describeTopics(List.of(topic)).allTopicNames().get(TIMEOUT_S, TimeUnit.SECONDS).get(topic).partitions().size();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private static void create(Admin admin, NewTopic topic) throws ExecutionException, InterruptedException, TimeoutException {
        try {
            admin.createTopics(List.of(topic)).all().get(TIMEOUT_S, TimeUnit.SECONDS);
            LOG.info("created Kafka topic {} with {} partitions, {} replicas", topic.name(), topic.numPartitions(), topic.replicationFactor());
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    /** @throws ClusterException when Kafka does not answer within 30 s or refuses the topic */
    public static DevicePartitions ensure(ClusterSettings settings) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TimeUnit.SECONDS.toMillis(TIMEOUT_S)))) {
            int brokers = admin.describeCluster().nodes().get(TIMEOUT_S, TimeUnit.SECONDS).size();
            // three copies where there are three brokers: a write acknowledged by two survives losing any one
            short replicas = (short) Math.min(3, brokers);
            NewTopic messages = new NewTopic(settings.messagesTopic(), settings.partitions(), replicas).configs(Map.of(
                    "max.message.bytes", String.valueOf(KafkaForwarder.MAX_RECORD_BYTES + 64 * 1024),
                    "min.insync.replicas", String.valueOf(Math.min(2, replicas))));
            String minInSync = String.valueOf(Math.min(2, replicas));
            create(admin, messages);
            create(admin, new NewTopic(settings.alertsTopic(), settings.partitions(), replicas)
                    .configs(Map.of("cleanup.policy", "compact", "min.insync.replicas", minInSync)));
            create(admin, new NewTopic(settings.actionsTopic(), settings.partitions(), replicas)
                    .configs(Map.of("min.insync.replicas", minInSync, "retention.ms", String.valueOf(TimeUnit.DAYS.toMillis(1)))));
            create(admin, new NewTopic(settings.actionResultsTopic(), settings.partitions(), replicas)
                    .configs(Map.of("min.insync.replicas", minInSync, "retention.ms", String.valueOf(TimeUnit.DAYS.toMillis(1)))));
            int actions = partitionCount(admin, settings.actionsTopic());
            int count = partitionCount(admin, settings.messagesTopic());
            if (count != settings.partitions()) {
                LOG.info("Kafka topic {} has {} partitions (kept; --kafka-partitions applies when a cluster creates it)",
                        settings.messagesTopic(), count);
            }
            if (actions != count) {
                throw new ClusterException(settings.actionsTopic() + " has " + actions + " partitions and " + settings.messagesTopic()
                        + " " + count + ": an action must land on its device's partition, so they must match", null);
            }
            return new DevicePartitions(count);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new ClusterException("Kafka at " + settings.bootstrap() + " did not set up " + settings.messagesTopic() + ": " + cause, cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClusterException("interrupted while setting up Kafka topics", e);
        }
    }
}
