package dev.quiver.runtime.events;

import dev.quiver.runtime.events.plan.JetStreamBinding;
import dev.quiver.runtime.events.plan.TriggerPlan;
import dev.quiver.runtime.nats.StreamLimits;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.DeliverPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import org.jboss.logging.Logger;

/** Makes the stream (when asked), the dead-letter stream and the durable consumer match a binding. */
final class JetStreamSetup {

    private static final Logger LOG = Logger.getLogger(JetStreamSetup.class);
    /** The stream that keeps default dead-letter subjects ({@code quiver.dlq.>}). */
    static final String DLQ_STREAM = "QUIVER_DLQ";
    private static final int STREAM_NOT_FOUND = 10059;
    /** Deliveries after the last attempt that only dead-letter the message (no call). */
    static final int DEAD_LETTER_DELIVERIES = 3;

    private JetStreamSetup() {
    }

    /**
     * Ensures the stream and the consumer exist as the binding says.
     *
     * @throws BindingException when the stream is missing and may not be created, or the server refuses
     */
    static void ensure(JetStreamManagement jsm, JetStreamBinding binding, StreamLimits limits) throws IOException {
        try {
            ensureStream(jsm, binding.stream(), binding.subject(), binding.createStream(), limits);
            if (binding.deadLetterSubject().startsWith(TriggerPlan.DLQ_PREFIX)) {
                ensureStream(jsm, DLQ_STREAM, TriggerPlan.DLQ_PREFIX + ">", true, limits);
            }
            // The runtime counts attempts itself and dead-letters on the last one. The server allows a few more
            // deliveries, so a message whose last attempt was cut short by a crash (or whose dead letter failed)
            // comes back to be dead-lettered without a call; after those it stops, so nothing loops forever.
            ConsumerConfiguration config = ConsumerConfiguration.builder()
                    .durable(binding.durable())
                    .filterSubject(binding.subject())
                    .ackPolicy(AckPolicy.Explicit)
                    .deliverPolicy(DeliverPolicy.All)
                    .ackWait(binding.ackWait())
                    .maxDeliver(serverMaxDeliver(binding))
                    .maxAckPending(binding.maxAckPending())
                    .description("Quiver trigger of " + binding.namespace() + "/" + binding.function())
                    .build();
            jsm.addOrUpdateConsumer(binding.stream(), config);
        } catch (JetStreamApiException e) {
            throw new BindingException("JetStream refused consumer " + binding.durable() + " on stream "
                    + binding.stream() + ": " + e.getErrorDescription() + " (code " + e.getApiErrorCode() + ")");
        }
    }

    /** The consumer's {@code maxDeliver}: the function's attempts and {@value #DEAD_LETTER_DELIVERIES} more. */
    static long serverMaxDeliver(JetStreamBinding binding) {
        return (long) binding.maxDeliver() + DEAD_LETTER_DELIVERIES;
    }

    /** Makes a missing stream (when allowed) with the limits; a stream that exists is the user's and left as is. */
    private static void ensureStream(JetStreamManagement jsm, String stream, String subject, boolean create,
            StreamLimits limits) throws IOException, JetStreamApiException {
        try {
            jsm.getStreamInfo(stream);
        } catch (JetStreamApiException e) {
            if (e.getApiErrorCode() != STREAM_NOT_FOUND) {
                throw e;
            }
            if (!create) {
                throw new BindingException("stream " + stream + " does not exist; create it or set createStream: true");
            }
            jsm.addStream(limits.applyTo(StreamConfiguration.builder().name(stream).subjects(subject)
                    .storageType(StorageType.File)).build());
            LOG.infof("JetStream: created stream %s for %s (%s)", stream, subject, limits);
        }
    }

    /** The binding cannot be made as asked; the message says what to do. */
    static final class BindingException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BindingException(String message) {
            super(message);
        }
    }
}
