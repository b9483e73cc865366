package dev.quiver.runtime.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Informers on one kind over the watched namespaces: one informer for all namespaces, or one per listed
 * namespace. Reads come from their caches, so nothing on the request path calls the API server.
 *
 * @param <T> the kind
 */
final class Informers<T extends HasMetadata> implements AutoCloseable {

    private final List<SharedIndexInformer<T>> informers;

    private Informers(List<SharedIndexInformer<T>> informers) {
        this.informers = informers;
    }

    /**
     * Starts informers and waits until their caches are filled.
     *
     * @param namespaces  the namespaces; empty for all
     * @param operation   the client's operation for a namespace (null for all namespaces), with any label filter
     * @param indexers    indexes to keep, by name
     * @param handler     told of every change
     */
    static <T extends HasMetadata> Informers<T> start(List<String> namespaces,
            Function<String, ? extends Informable<T>> operation,
            Map<String, Function<T, List<String>>> indexers, ResourceEventHandler<T> handler) {
        List<SharedIndexInformer<T>> informers = new ArrayList<>();
        List<String> targets = namespaces.isEmpty() ? Collections.singletonList(null) : namespaces;
        for (String namespace : targets) {
            SharedIndexInformer<T> informer = operation.apply(namespace).runnableInformer(0);
            informer.addIndexers(indexers);
            informer.addEventHandler(handler);
            informers.add(informer);
        }
        informers.forEach(i -> i.start().toCompletableFuture().join());
        return new Informers<>(List.copyOf(informers));
    }

    /** The cached object of that namespace and name, or null. */
    T get(String namespace, String name) {
        String key = namespace + "/" + name;
        return informers.stream().map(i -> i.getStore().getByKey(key)).filter(Objects::nonNull).findFirst().orElse(null);
    }

    /** Cached objects under an index value. */
    List<T> byIndex(String index, String value) {
        return informers.stream().flatMap(i -> i.getIndexer().byIndex(index, value).stream()).toList();
    }

    /** Every cached object. */
    Stream<T> all() {
        return informers.stream().flatMap(i -> i.getStore().list().stream());
    }

    @Override
    public void close() {
        informers.forEach(SharedIndexInformer::close);
    }

    /** A handler that calls one method for every kind of change, with the old or new object. */
    static <T> ResourceEventHandler<T> onAnyChange(Consumer<T> change) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                change.accept(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                change.accept(newObj);
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                change.accept(obj);
            }
        };
    }
}
