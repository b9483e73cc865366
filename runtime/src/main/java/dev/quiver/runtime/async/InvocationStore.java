package dev.quiver.runtime.async;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.quiver.runtime.nats.StreamLimits;
import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.KeyValue;
import io.nats.client.KeyValueManagement;
import io.nats.client.PublishOptions;
import io.nats.client.api.DiscardPolicy;
import io.nats.client.api.KeyValueConfiguration;
import io.nats.client.api.KeyValueEntry;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.ServerInfo;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Where asynchronous invocations live: the requests in the JetStream stream {@value #STREAM} (work-queue
 * retention: a request leaves once a worker acknowledged it) and their status records in the key-value bucket
 * {@value #BUCKET}. Both use file storage, so they survive restarts of the runtime and of the NATS server.
 * Every method blocks on NATS: call it off the event loops.
 */
public final class InvocationStore {

    /** The stream of stored requests. */
    public static final String STREAM = "QUIVER_INVOCATIONS";
    /** The subjects of the stream; a request is published on {@code quiver.invocations.<function>}. */
    public static final String SUBJECTS = "quiver.invocations.>";
    /** The bucket of status records, keyed by invocation id. */
    public static final String BUCKET = "quiver-invocations";

    /** Room kept in a NATS message for the headers of a JetStream publish (message id, expected stream). */
    private static final int PUBLISH_HEADER_ROOM = 1024;

    static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private final Connection connection;
    private final AsyncSettings settings;
    private final StreamLimits limits;
    private final RecentInvocations recent = new RecentInvocations();
    private volatile KeyValue records;
    private volatile JetStream jetStream;

    /** A store on the connection with the default stream limits; {@link #ensure()} makes the stream and the bucket. */
    public InvocationStore(Connection connection, AsyncSettings settings) {
        this(connection, settings, StreamLimits.DEFAULTS);
    }

    /**
     * A store on the connection; {@link #ensure()} makes the stream and the bucket. Requests and records are kept
     * for the settings' retention; the limits' bytes and messages bound both, and a full store refuses new requests
     * (the caller gets 503) rather than drop queued ones.
     */
    public InvocationStore(Connection connection, AsyncSettings settings, StreamLimits limits) {
        this.connection = connection;
        this.settings = settings;
        this.limits = limits;
    }

    /** Creates the stream and the bucket when they do not exist yet; updates their limits when they do. */
    public void ensure() {
        try {
            JetStreamManagement management = connection.jetStreamManagement();
            StreamConfiguration stream = StreamConfiguration.builder()
                    .name(STREAM)
                    .subjects(SUBJECTS)
                    .storageType(StorageType.File)
                    .retentionPolicy(RetentionPolicy.WorkQueue)
                    .maxAge(settings.retention())
                    .maxBytes(limits.maxBytes())
                    .maxMessages(limits.maxMsgs())
                    .discardPolicy(DiscardPolicy.New)
                    .duplicateWindow(Duration.ofMinutes(2))
                    .build();
            if (management.getStreamNames().contains(STREAM)) {
                management.updateStream(stream);
            } else {
                management.addStream(stream);
            }
            KeyValueManagement buckets = connection.keyValueManagement();
            KeyValueConfiguration bucket = KeyValueConfiguration.builder()
                    .name(BUCKET)
                    .storageType(StorageType.File)
                    .maxHistoryPerKey(1)
                    .ttl(settings.retention())
                    .maxBucketSize(limits.maxBytes())
                    .build();
            if (buckets.getBucketNames().contains(BUCKET)) {
                buckets.update(bucket);
            } else {
                buckets.create(bucket);
            }
            records = connection.keyValue(BUCKET);
            jetStream = connection.jetStream();
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("cannot create the JetStream stream " + STREAM + " or the bucket " + BUCKET
                    + " (is the NATS server started with -js?): " + e.getMessage(), e);
        }
    }

    /** The settings the store was made with. */
    public AsyncSettings settings() {
        return settings;
    }

    /**
     * Keeps a new request: its status record first (so that a worker always finds one), then the request, with
     * its id as the message id so that a repeated publish is dropped. A request larger than {@link #maxStoredBytes()}
     * as it is stored is refused before anything is written.
     *
     * @throws TooLarge when the stored request would be over the limit; nothing was written
     */
    public void submit(StoredRequest request) {
        byte[] data;
        try {
            data = JSON.writeValueAsBytes(request);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the request as JSON: " + e.getMessage(), e);
        }
        long limit = maxStoredBytes();
        if (data.length > limit) {
            throw new TooLarge(limit);
        }
        save(InvocationRecord.queued(request));
        try {
            jetStream().publish(subject(request.function()), data,
                    PublishOptions.builder().messageId(request.id()).expectedStream(STREAM).build());
        } catch (IOException | JetStreamApiException | RuntimeException e) {
            // jnats refuses an over-large message with an IllegalArgumentException: no record may stay behind
            delete(request.id());
            throw new IllegalStateException("cannot store the request in JetStream: " + e.getMessage(), e);
        }
    }

    /**
     * The largest request as stored (its body in Base64, headers, path): the configured limit, or less when the NATS
     * server takes smaller messages ({@code max_payload}, less room for the publish headers).
     */
    public long maxStoredBytes() {
        long limit = settings.maxRequestBytes();
        try {
            ServerInfo server = connection.getServerInfo();
            if (server != null && server.getMaxPayload() > 0) {
                limit = Math.min(limit, server.getMaxPayload() - PUBLISH_HEADER_ROOM);
            }
        } catch (RuntimeException notConnected) {
            // the configured limit stands
        }
        return limit;
    }

    /** A request over the size a stored request may have. */
    public static final class TooLarge extends RuntimeException {
        private final long limit;

        TooLarge(long limit) {
            super("the stored request would be larger than " + limit + " bytes");
            this.limit = limit;
        }

        /** The limit on the stored request, in bytes. */
        public long limit() {
            return limit;
        }
    }

    /** The status record of an invocation, if it exists. */
    public Optional<InvocationRecord> find(String id) {
        try {
            KeyValueEntry entry = bucket().get(id);
            return entry == null || entry.getValue() == null ? Optional.empty()
                    : Optional.of(JSON.readValue(entry.getValue(), InvocationRecord.class));
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("cannot read invocation " + id + ": " + e.getMessage(), e);
        }
    }

    /** The records this runtime wrote lately, per function (what the dashboard lists). */
    public RecentInvocations recent() {
        return recent;
    }

    /** Writes a status record. */
    public void save(InvocationRecord record) {
        try {
            bucket().put(record.id(), JSON.writeValueAsBytes(record));
            recent.record(record);
        } catch (IOException | JetStreamApiException e) {
            throw new IllegalStateException("cannot write invocation " + record.id() + ": " + e.getMessage(), e);
        }
    }

    /** Reads a stored request from a message's data. */
    static StoredRequest request(byte[] data) {
        try {
            return JSON.readValue(data, StoredRequest.class);
        } catch (IOException e) {
            throw new UncheckedIOException("not a stored request: " + e.getMessage(), e);
        }
    }

    /** The subject a function's requests are published on. */
    static String subject(String function) {
        return "quiver.invocations." + function;
    }

    private void delete(String id) {
        recent.forget(id);
        try {
            bucket().delete(id);
        } catch (IOException | JetStreamApiException | RuntimeException ignored) {
            // best effort: the record then expires with the bucket's TTL
        }
    }

    private KeyValue bucket() {
        KeyValue bucket = records;
        if (bucket == null) {
            throw new IllegalStateException("the invocation store is not ready: NATS has not been reached yet");
        }
        return bucket;
    }

    private JetStream jetStream() {
        JetStream js = jetStream;
        if (js == null) {
            throw new IllegalStateException("the invocation store is not ready: NATS has not been reached yet");
        }
        return js;
    }
}
