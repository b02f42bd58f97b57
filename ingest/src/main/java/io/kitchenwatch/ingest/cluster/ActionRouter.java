package io.kitchenwatch.ingest.cluster;

import io.kitchenwatch.devices.bus.AlertActionRequest;
import io.kitchenwatch.devices.bus.AlertChanged;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Routes a person's step on an alert (ack, rectify, verify, close) to the one node that decides it: the owner of the
 * alert's device. A node asked about an alert it does not own writes the request to the actions topic, on the
 * device's partition; the node owning that partition of the device messages reads the same partition of the actions,
 * applies the step through its own analytics (so one writer decides each transition, and a step out of order is a
 * 409 whichever node was asked), and answers on the results topic, which every node reads for its own answers.
 * The owner commits an action's offset once answered: an owner that dies first leaves the action to the next owner,
 * where a step already applied is refused as out of order rather than applied twice.
 */
public final class ActionRouter implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ActionRouter.class);
    /** How long the asking node waits for the owner's answer: a partition moving takes the session timeout. */
    public static final Duration ANSWER_WAIT = Duration.ofSeconds(20);
    private static final Duration APPLY_WAIT = Duration.ofSeconds(15);

    /** The owner's answer: the changed alert, or a failure code of {@link AlertActionRequest} with its message. */
    public record Answer(AlertChanged changed, int failureCode, String message) {
        static Answer failed(int code, String message) {
            return new Answer(null, code, message);
        }
    }

    private final ClusterSettings settings;
    private final DevicePartitions partitions;
    private final String self;
    private final Function<AlertActionRequest, CompletableFuture<Answer>> applyHere;
    private final KafkaProducer<byte[], byte[]> producer;
    private final Map<String, CompletableFuture<Answer>> waiting = new ConcurrentHashMap<>();
    private final Thread serving;
    private final Thread answers;
    private final AtomicLong routed = new AtomicLong();
    private final AtomicLong served = new AtomicLong();
    private volatile Set<Integer> owned = Set.of();
    private volatile boolean running = true;
    private volatile KafkaConsumer<byte[], byte[]> servingConsumer;
    private volatile KafkaConsumer<byte[], byte[]> answersConsumer;

    /** @param applyHere applies a routed step through this node's analytics */
    public ActionRouter(ClusterSettings settings, DevicePartitions partitions, String nodeId,
                        Function<AlertActionRequest, CompletableFuture<Answer>> applyHere) {
        this.settings = settings;
        this.partitions = partitions;
        this.self = nodeId;
        this.applyHere = applyHere;
        this.producer = ClusterTopics.smallProducer(settings, nodeId + "-actions");
        this.serving = new Thread(this::serve, "kw-kafka-actions");
        this.serving.setDaemon(true);
        this.answers = new Thread(this::readAnswers, "kw-kafka-action-answers");
        this.answers.setDaemon(true);
    }

    public void start() {
        serving.start();
        answers.start();
    }

    /** This node now owns these partitions: it serves the same partitions of the actions topic. */
    public void own(Set<Integer> partitions) {
        owned = Set.copyOf(partitions); // taken up at the serving thread's next poll
    }

    /** Sends a step on an alert of the device (site, id) to its owner; completes with the owner's answer. */
    public CompletableFuture<Answer> route(AlertActionRequest request, String site, String device) {
        routed.incrementAndGet();
        String id = UUID.randomUUID().toString();
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        waiting.put(id, answer);
        answer.orTimeout(ANSWER_WAIT.toMillis(), TimeUnit.MILLISECONDS).whenComplete((a, e) -> waiting.remove(id));
        JsonObject json = new JsonObject().put("request", id).put("reply_to", self).put("alert", request.alertId())
                .put("action", request.action()).put("by", request.by()).put("note", request.note());
        try {
            producer.send(new ProducerRecord<>(settings.actionsTopic(), partitions.of(site, device), DevicePartitions.key(site, device),
                    json.encode().getBytes(StandardCharsets.UTF_8)), (metadata, e) -> {
                if (e != null) {
                    answer.complete(Answer.failed(AlertActionRequest.UNAVAILABLE, "the cluster's log did not take the step: " + e.getMessage()));
                }
            });
        } catch (KafkaException | IllegalStateException e) {
            answer.complete(Answer.failed(AlertActionRequest.UNAVAILABLE, "the cluster's log did not take the step: " + e.getMessage()));
        }
        return answer;
    }

    private KafkaConsumer<byte[], byte[]> consumer(String clientId, String group) {
        Map<String, Object> config = new HashMap<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap(),
                ConsumerConfig.CLIENT_ID_CONFIG, clientId,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, group == null ? "latest" : "earliest"));
        if (group != null) {
            config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        }
        return new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Serves the actions of the owned partitions, assigned by hand (they follow the owners' group, not a group of their own). */
    private void serve() {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(self + "-actions-owner", settings.topicPrefix() + ".action-owners")) {
            servingConsumer = consumer;
            Set<Integer> assigned = Set.of();
            while (running) {
                Set<Integer> wanted = owned;
                if (!wanted.equals(assigned)) {
                    consumer.assign(wanted.stream().map(p -> new TopicPartition(settings.actionsTopic(), p)).toList());
                    assigned = wanted;
                }
                if (assigned.isEmpty()) {
                    sleepQuietly();
                    continue;
                }
                try {
                    for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                        answer(record);
                        consumer.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()),
                                new OffsetAndMetadata(record.offset() + 1)));
                    }
                } catch (WakeupException e) {
                    throw e;
                } catch (KafkaException e) {
                    // Kafka away for a while: an action not committed is served again (a step applied twice is a 409)
                    LOG.warn("serving routed alert actions: {}; trying again", e.toString());
                    assigned = Set.of();
                    consumer.assign(List.of());
                    sleepQuietly();
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (KafkaException e) {
            LOG.error("serving routed alert actions stopped: {}", e.toString(), e);
        }
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void answer(ConsumerRecord<byte[], byte[]> record) {
        JsonObject request;
        try {
            request = new JsonObject(new String(record.value(), StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            LOG.warn("skipped a routed action that does not decode ({}@{})", record.partition(), record.offset());
            return;
        }
        String replyTo = request.getString("reply_to", "");
        served.incrementAndGet();
        Answer answer;
        try {
            answer = applyHere.apply(new AlertActionRequest(request.getString("alert"), request.getString("action"),
                    request.getString("by"), request.getString("note", ""))).get(APPLY_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            answer = Answer.failed(AlertActionRequest.UNAVAILABLE, "the owner did not confirm the step in time; reload the alert before trying again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        JsonObject json = new JsonObject().put("request", request.getString("request")).put("reply_to", replyTo);
        if (answer.changed() != null) {
            json.put("changed", new JsonObject(new String(AlertLog.encode(answer.changed()), StandardCharsets.UTF_8)));
        } else {
            json.put("code", answer.failureCode()).put("message", answer.message());
        }
        try {
            producer.send(new ProducerRecord<>(settings.actionResultsTopic(), replyTo.getBytes(StandardCharsets.UTF_8),
                    json.encode().getBytes(StandardCharsets.UTF_8))).get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            LOG.warn("the answer to a routed action was not sent ({}); the asking node answers 503", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Every node reads the answers from now on and keeps those addressed to it. */
    private void readAnswers() {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(self + "-action-answers", null)) {
            answersConsumer = consumer;
            ClusterTopics.followWhole(consumer, settings.actionResultsTopic(), false);
            while (running) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    takeAnswer(record);
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (KafkaException e) {
            LOG.error("reading answers to routed alert actions stopped: {}", e.toString(), e);
        }
    }

    private void takeAnswer(ConsumerRecord<byte[], byte[]> record) {
        try {
            JsonObject json = new JsonObject(new String(record.value(), StandardCharsets.UTF_8));
            if (!self.equals(json.getString("reply_to"))) {
                return;
            }
            CompletableFuture<Answer> answer = waiting.get(json.getString("request", ""));
            if (answer == null) {
                return; // timed out here already
            }
            JsonObject changed = json.getJsonObject("changed");
            answer.complete(changed != null ? new Answer(AlertLog.decode(changed.encode().getBytes(StandardCharsets.UTF_8)), 0, null)
                    : Answer.failed(json.getInteger("code", AlertActionRequest.UNAVAILABLE), json.getString("message", "")));
        } catch (RuntimeException e) {
            LOG.warn("skipped an answer to a routed action that does not decode: {}", e.toString());
        }
    }

    /** Steps asked of this node on alerts another node owns, sent to that node. */
    public long routedActions() {
        return routed.get();
    }

    /** Steps another node was asked, applied here as the owner. */
    public long servedActions() {
        return served.get();
    }

    private static void wake(KafkaConsumer<byte[], byte[]> consumer) {
        if (consumer != null) {
            consumer.wakeup();
        }
    }

    @Override
    public void close() {
        running = false;
        wake(servingConsumer);
        wake(answersConsumer);
        try {
            serving.join(10_000);
            answers.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(10));
    }
}
