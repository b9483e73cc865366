package dev.quiver.api.validation;

/**
 * One thing wrong with a resource.
 *
 * @param path    the field, as a person would write it: {@code spec.traffic[1].percent}
 * @param message what is wrong and how to fix it
 */
public record Problem(String path, String message) {

    @Override
    public String toString() {
        return path + ": " + message;
    }
}
