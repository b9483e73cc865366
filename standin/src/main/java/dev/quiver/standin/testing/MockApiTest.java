package dev.quiver.standin.testing;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * Base of the tests against the fabric8 mock API server (CRUD mode), however the server is made (fabric8's
 * {@code @EnableKubernetesMockClient} or Quarkus' {@code @WithKubernetesTestServer}): before each test the committed
 * CRDs are on the server and {@link #namespace} is a namespace of the test's own, named after its method, so that
 * the tests of a class share the server without seeing each other's objects.
 */
public abstract class MockApiTest {

    /** The namespace of the running test. */
    protected String namespace;

    /** The client of the mock API server the subclass was given. */
    protected abstract KubernetesClient client();

    @BeforeEach
    void newNamespace(TestInfo test) {
        Crds.install(client());
        namespace = namespaceFor(test);
    }

    /**
     * A fresh namespace named after the test method: its letters and digits, lower case, 20 at most (a DNS label
     * leaves room for child names), and a random suffix so that repeated tests never meet.
     */
    public static String namespaceFor(TestInfo test) {
        String method = test.getTestMethod().map(m -> m.getName()).orElse("test").toLowerCase()
                .replaceAll("[^a-z0-9]", "");
        return method.substring(0, Math.min(20, method.length())) + "-" + Long.toHexString(System.nanoTime() & 0xffff);
    }
}
