package dev.quiver.controller.reconcilers;

import dev.quiver.api.Condition;
import dev.quiver.api.Function;
import dev.quiver.api.FunctionRevision;
import dev.quiver.api.conditions.ConditionTypes;
import dev.quiver.api.contract.ChildNames;
import dev.quiver.api.contract.Labels;
import dev.quiver.controller.testing.FakeKubelet;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import org.awaitility.core.ConditionTimeoutException;

import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

import static org.awaitility.Awaitility.await;

/** What a test does against the mock API server in one namespace: create, edit, read and wait. */
final class MockApi {

    final KubernetesClient client;
    final String namespace;
    final FakeKubelet kubelet;

    MockApi(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
        this.kubelet = new FakeKubelet(client);
    }

    Function create(Function function) {
        return client.resource(function).create();
    }

    /**
     * Edits the Function's spec as a user would (read, change, write), reading again when the controller wrote
     * its status in between (409 Conflict), as kubectl does.
     */
    Function edit(String name, UnaryOperator<Function> change) {
        for (int attempt = 1; ; attempt++) {
            try {
                return client.resources(Function.class).inNamespace(namespace).withName(name).edit(change);
            } catch (KubernetesClientException e) {
                if (e.getCode() != HttpURLConnection.HTTP_CONFLICT || attempt == 10) {
                    throw e;
                }
            }
        }
    }

    Function function(String name) {
        return client.resources(Function.class).inNamespace(namespace).withName(name).get();
    }

    List<FunctionRevision> revisions(String function) {
        return client.resources(FunctionRevision.class).inNamespace(namespace).withLabel(Labels.FUNCTION, function)
                .list().getItems().stream().sorted(Comparator.comparing(r -> r.getMetadata().getName())).toList();
    }

    List<String> revisionNames(String function) {
        return revisions(function).stream().map(r -> r.getMetadata().getName()).toList();
    }

    FunctionRevision revision(String name) {
        return client.resources(FunctionRevision.class).inNamespace(namespace).withName(name).get();
    }

    /** The events in the namespace, oldest first. */
    List<Event> events() {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .sorted(Comparator.comparing(e -> e.getMetadata().getCreationTimestamp())).toList();
    }

    Deployment deployment(String revision) {
        return client.apps().deployments().inNamespace(namespace).withName(ChildNames.deployment(revision)).get();
    }

    /** Waits until the revision's Deployment exists, then marks it available. */
    void makeReady(String revision) {
        awaitCondition(() -> deployment(revision) != null);
        kubelet.markAvailable(namespace, ChildNames.deployment(revision));
        awaitCondition(() -> revisionCondition(revision, ConditionTypes.READY, Condition.TRUE));
    }

    boolean functionCondition(String function, String type, String status) {
        Function current = function(function);
        return current != null && current.getStatus() != null && current.getStatus().condition(type) != null
                && status.equals(current.getStatus().condition(type).status);
    }

    boolean revisionCondition(String revision, String type, String status) {
        FunctionRevision current = revision(revision);
        return current != null && current.getStatus() != null && current.getStatus().condition(type) != null
                && status.equals(current.getStatus().condition(type).status);
    }

    static void awaitCondition(Callable<Boolean> condition) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(condition);
    }

    /** Waits as {@link #awaitCondition}, describing the Function when the wait fails. */
    void awaitFunction(String name, Callable<Boolean> condition) {
        try {
            awaitCondition(condition);
        } catch (ConditionTimeoutException e) {
            Function current = function(name);
            throw new AssertionError("gave up waiting; Function is " + (current == null ? "gone"
                    : "spec " + current.getSpec() + " status " + current.getStatus()) + "; revisions " + revisionNames(name), e);
        }
    }
}
