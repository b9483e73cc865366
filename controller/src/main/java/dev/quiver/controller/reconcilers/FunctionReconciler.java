package dev.quiver.controller.reconcilers;

import dev.quiver.api.Condition;
import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.FunctionStatus;
import dev.quiver.api.FunctionTemplate;
import dev.quiver.api.RolloutReport;
import dev.quiver.api.conditions.ConditionTypes;
import dev.quiver.api.contract.Labels;
import dev.quiver.api.revisions.RevisionNames;
import dev.quiver.api.revisions.RevisionSnapshot;
import dev.quiver.api.revisions.TemplateHash;
import dev.quiver.api.triggers.TriggerReport;
import dev.quiver.api.validation.FunctionValidator;
import dev.quiver.api.validation.Problem;
import dev.quiver.api.validation.SubjectRules;
import dev.quiver.controller.ControllerConfig;
import dev.quiver.controller.images.ImagePins;
import dev.quiver.controller.status.Blocker;
import dev.quiver.controller.status.BuildStatuses;
import dev.quiver.controller.status.FunctionStatuses;
import dev.quiver.controller.status.RevisionRetention;
import dev.quiver.controller.status.RolloutStatuses;
import dev.quiver.controller.status.Transitions;
import dev.quiver.controller.status.TriggerReadiness;
import dev.quiver.controller.resources.ConfigReference;
import dev.quiver.controller.resources.Owners;
import dev.quiver.controller.resources.RevisionSnapshots;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.javaoperatorsdk.operator.api.config.informer.InformerEventSourceConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.MaxReconciliationInterval;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.InformerEventSource;
import io.javaoperatorsdk.operator.processing.event.source.informer.Mappers;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.net.HttpURLConnection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Turns a Function into immutable revisions and a served traffic split. A change of image, mode, template
 * (scale aside) or of the content of the configuration it reads makes the next revision; the traffic
 * follows the latest ready revision (or the named ones), so a failing new revision never takes traffic.
 * A Function with {@code spec.build} is first built by a build Job ({@link FunctionBuilds}); its revisions
 * are made only from a successful build's image. With {@code spec.rollout} the latest ready revision takes the
 * traffic in judged steps ({@link RolloutStatuses}, from the runtime's {@link RolloutReport}), and the Function is
 * reconciled again every analysis interval while the rollout runs.
 */
// Edits of a referenced ConfigMap or Secret are not watched (that would mean watching every Secret in the
// cluster); the periodic reconcile picks them up.
@ControllerConfiguration(name = "function",
        maxReconciliationInterval = @MaxReconciliationInterval(interval = 5, timeUnit = TimeUnit.MINUTES))
public class FunctionReconciler implements Reconciler<Function> {

    private static final Logger LOG = Logger.getLogger(FunctionReconciler.class);

    /** The reason of a revision not made because its image's tag could not be resolved. */
    static final String IMAGE_NOT_RESOLVED = "ImageNotResolved";
    private static final Duration IMAGE_RETRY = Duration.ofSeconds(30);

    private final ControllerConfig config;
    private final FunctionStatuses statuses;
    private final FunctionBuilds builds;
    private final ImagePins pins;
    private final SubjectRules subjectRules;

    /**
     * A reconciler with the controller's settings.
     *
     * @param subjectGrants the subjects namespaces may use beyond their own ({@value SubjectRules#GRANTS_SETTING},
     *                      shared with the runtime, which applies the same rules before it binds a trigger)
     */
    public FunctionReconciler(ControllerConfig config,
            @ConfigProperty(name = SubjectRules.GRANTS_SETTING) Optional<List<String>> subjectGrants) {
        this.config = config;
        this.subjectRules = SubjectRules.namespaced(subjectGrants.orElse(List.of()));
        this.statuses = new FunctionStatuses(Clock.systemUTC(), config.gatewayUrl());
        this.builds = new FunctionBuilds(config.build());
        ControllerConfig.Images images = config.images();
        this.pins = new ImagePins(images.resolveDigests(), images.insecureRegistries().orElse(List.of()),
                Duration.ofSeconds(images.timeoutSeconds()));
    }

    @Override
    public List<EventSource<?, Function>> prepareEventSources(EventSourceContext<Function> context) {
        return List.of(
                new InformerEventSource<>(InformerEventSourceConfiguration.from(FunctionRevision.class, Function.class)
                        .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(Function.class, false))
                        .build(), context),
                // Build Jobs: their completion or failure is what moves a build on.
                new InformerEventSource<>(InformerEventSourceConfiguration.from(Job.class, Function.class)
                        .withLabelSelector(Labels.BUILD)
                        .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(Function.class, false))
                        .build(), context),
                // CronJobs of Job-mode schedules.
                new InformerEventSource<>(InformerEventSourceConfiguration.from(CronJob.class, Function.class)
                        .withLabelSelector(Labels.FUNCTION)
                        .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(Function.class, false))
                        .build(), context),
                // The runtime's reports on the NATS and JetStream triggers (TriggersReady), and on a rollout when the
                // runtime labels that Lease too (else it is read by name; the rollout's recheck moves it on anyway).
                new InformerEventSource<>(InformerEventSourceConfiguration.from(Lease.class, Function.class)
                        .withLabelSelector(Labels.FUNCTION)
                        .withSecondaryToPrimaryMapper(Mappers.fromOwnerReferences(Function.class, false))
                        .build(), context));
    }

    @Override
    public UpdateControl<Function> reconcile(Function function, Context<Function> context) {
        List<Problem> problems = FunctionValidator.validate(function, subjectRules);
        if (!problems.isEmpty()) {
            return writeStatus(context.getClient(), function, statuses.invalid(function, problems));
        }
        KubernetesClient client = context.getClient();
        String namespace = function.getMetadata().getNamespace();
        String name = function.getMetadata().getName();
        List<FunctionRevision> revisions = new ArrayList<>(client.resources(FunctionRevision.class).inNamespace(namespace)
                .withLabel(Labels.FUNCTION, name).list().getItems().stream()
                .filter(r -> Owners.isControlledBy(r, function)).toList());

        Blocker blocker = null;
        // A Function with spec.build runs the image of its last successful build; a running or failed build of
        // newer source leaves that image, and so the revision serving it, in place.
        BuildStatuses.Outcome build = function.getSpec().build == null ? null : builds.reconcile(client, function);
        String image = build == null ? function.getSpec().image : build.image();
        ConfigSources sources = ConfigSources.read(client, namespace, ConfigReference.of(function.getSpec().templateOrDefault()));
        if (image == null) {
            blocker = new Blocker(ConditionTypes.BUILD_SUCCEEDED, Condition.UNKNOWN, "BuildPending",
                    "no image has been built from spec.build yet");
        } else if (sources.missingMessage(namespace) != null) {
            blocker = new Blocker(ConditionTypes.LATEST_REVISION_READY, Condition.FALSE, "ConfigNotFound",
                    sources.missingMessage(namespace));
        } else {
            String hash = TemplateHash.of(image, function.getSpec(), sources.digests());
            FunctionRevision current = revisions.stream().filter(r -> hash.equals(RevisionSnapshot.templateHash(r))).findFirst().orElse(null);
            // The hash is of the image as written, so a tag is resolved once, when its revision is made.
            ImagePins.Pin pin = current == null ? pins.pin(image) : null;
            if (pin != null && pin.failure() != null) {
                blocker = new Blocker(ConditionTypes.LATEST_REVISION_READY, Condition.FALSE, IMAGE_NOT_RESOLVED,
                        pin.failure() + "; the revision is made once it resolves");
            } else if (current == null) {
                String next = RevisionNames.next(name, revisions.stream().map(r -> r.getMetadata().getName()).toList());
                current = createRevision(client, RevisionSnapshots.snapshot(function, next, pin.image(), hash,
                        sources.present(), build == null ? null : build.build()));
                if (current == null) {
                    blocker = notOwned("FunctionRevision '" + next + "'");
                } else {
                    revisions.add(current);
                }
            }
            String taken = current == null ? null : sources.ensureCopies(client, current);
            if (taken != null) {
                blocker = notOwned(taken);
            }
        }
        for (FunctionRevision revision : revisions) {
            if (RevisionSnapshots.scaleDiffers(revision, function)) {
                // A patch of the difference only: the revision's status belongs to the other reconciler.
                client.resources(FunctionRevision.class).inNamespace(namespace).withName(revision.getMetadata().getName())
                        .edit(live -> {
                            if (live.getSpec().template == null) {
                                live.getSpec().template = new FunctionTemplate();
                            }
                            live.getSpec().template.scale = function.getSpec().templateOrDefault().scale;
                            return live;
                        });
                revision.getSpec().template.scale = function.getSpec().templateOrDefault().scale;
            }
        }
        TriggerReadiness.Reported triggers = triggerReport(function, context);
        RolloutReport rolloutReport = function.getSpec().rollout == null ? null : rolloutReport(function, context);
        FunctionStatus status = statuses.of(function, revisions, blocker, build, triggers, rolloutReport);
        String latestReady = status.latestReadyRevisionName;
        String takenCronJob = CronJobWriter.sync(client, function, revisions.stream()
                .filter(r -> r.getMetadata().getName().equals(latestReady)).findFirst().orElse(null),
                context.getSecondaryResources(CronJob.class), config.podSettings());
        if (takenCronJob != null) {
            statuses.triggersNotReady(status, "NotOwned", takenCronJob + " exists and is not owned by this Function; "
                    + "delete or rename it");
        }
        for (FunctionRevision old : RevisionRetention.toDelete(function, revisions, status, config.retainedRevisions())) {
            LOG.infof("deleting revision %s/%s: it serves no traffic and %d newer idle revisions are kept",
                    namespace, old.getMetadata().getName(), config.retainedRevisions());
            client.resource(old).delete();
        }
        UpdateControl<Function> control = writeStatus(client, function, status);
        if (blocker != null && IMAGE_NOT_RESOLVED.equals(blocker.reason())) {
            // no Kubernetes event says that a registry answers again
            return control.rescheduleAfter(IMAGE_RETRY);
        }
        // A report nobody renews says nothing, but its going stale makes no event: look again when it expires.
        Instant expires = triggers == null || !TriggerReadiness.hasEventTriggers(function) ? null : triggers.expires();
        Instant now = Instant.now();
        Optional<Duration> again = expires == null || expires.isBefore(now) ? Optional.empty()
                : Optional.of(Duration.between(now, expires).plusSeconds(1));
        // A running rollout moves on time (a step's pause) and on counts the runtime reports: judge every interval.
        Optional<Duration> rollout = RolloutStatuses.recheckAfter(function, status);
        if (rollout.isPresent() && (again.isEmpty() || rollout.get().compareTo(again.get()) < 0)) {
            again = rollout;
        }
        return again.map(control::rescheduleAfter).orElse(control);
    }

    /**
     * The runtime's report on the Function's rollout: its Lease {@code <function>-rollout}, from the informer's cache
     * when the runtime labelled it, else read by name. A Lease owned by another object (a deleted Function of the
     * same name) is not this one's.
     */
    private static RolloutReport rolloutReport(Function function, Context<Function> context) {
        String name = RolloutReport.leaseName(function.getMetadata().getName());
        Lease lease = context.getSecondaryResources(Lease.class).stream()
                .filter(l -> name.equals(l.getMetadata().getName())).findFirst()
                .orElseGet(() -> context.getClient().resources(Lease.class).inNamespace(function.getMetadata().getNamespace())
                        .withName(name).get());
        if (lease == null || !ownedByOrUnowned(lease, function)) {
            return null;
        }
        Map<String, String> annotations = lease.getMetadata().getAnnotations();
        return RolloutReport.decode(annotations == null ? null : annotations.get(RolloutReport.ANNOTATION));
    }

    private static boolean ownedByOrUnowned(Lease lease, Function function) {
        List<OwnerReference> owners = lease.getMetadata().getOwnerReferences();
        return owners == null || owners.isEmpty() || owners.stream()
                .anyMatch(ref -> ref.getUid() != null && ref.getUid().equals(function.getMetadata().getUid()));
    }

    /** The runtime's report on the Function's triggers: its Lease, when it belongs to this Function. */
    private static TriggerReadiness.Reported triggerReport(Function function, Context<Function> context) {
        String name = TriggerReport.leaseName(function.getMetadata().getName());
        return context.getSecondaryResources(Lease.class).stream()
                // A report left by a deleted Function of the same name is not this one's.
                .filter(lease -> name.equals(lease.getMetadata().getName()) && lease.getMetadata().getOwnerReferences() != null
                        && lease.getMetadata().getOwnerReferences().stream()
                                .anyMatch(ref -> ref.getUid() != null && ref.getUid().equals(function.getMetadata().getUid())))
                .findFirst()
                .map(lease -> new TriggerReadiness.Reported(
                        TriggerReport.decode(lease.getMetadata().getAnnotations() == null ? null
                                : lease.getMetadata().getAnnotations().get(TriggerReport.ANNOTATION)),
                        lease.getSpec() == null || lease.getSpec().getRenewTime() == null ? null
                                : lease.getSpec().getRenewTime().toInstant(),
                        lease.getSpec() == null || lease.getSpec().getLeaseDurationSeconds() == null ? null
                                : Duration.ofSeconds(lease.getSpec().getLeaseDurationSeconds())))
                .orElse(null);
    }

    /** Creates the revision; null when its name is taken by an object this Function does not own. */
    private static FunctionRevision createRevision(KubernetesClient client, FunctionRevision revision) {
        try {
            return client.resource(revision).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == HttpURLConnection.HTTP_CONFLICT) {
                return null;
            }
            throw e;
        }
    }

    private static Blocker notOwned(String what) {
        return new Blocker(ConditionTypes.LATEST_REVISION_READY, Condition.FALSE, "NotOwned",
                what + " exists and is not owned by this Function; delete or rename it");
    }

    private static UpdateControl<Function> writeStatus(KubernetesClient client, Function function, FunctionStatus status) {
        if (!status.equals(function.getStatus())) {
            StatusWriter.write(client, function, status);
            EventRecorder.record(client, function, Transitions.ofFunction(function.getStatus(), status));
        }
        return UpdateControl.noUpdate();
    }
}
