package dev.quiver.runtime.gateway;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Prometheus text scrape, parsed: samples by name and labels, in whatever order and number format the writer
 * chose (Micrometer sorts labels, writes {@code 1.0} and may end the label list with a comma).
 */
public final class Scrape {

    /** One sample line. */
    public record Sample(String name, Map<String, String> labels, double value) {
    }

    private final List<Sample> samples = new ArrayList<>();

    private Scrape(String text) {
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            String name;
            Map<String, String> labels = new LinkedHashMap<>();
            if (brace >= 0 && brace < space) {
                name = line.substring(0, brace);
                parseLabels(line.substring(brace + 1, line.lastIndexOf('}')), labels);
            } else {
                name = line.substring(0, space);
            }
            samples.add(new Sample(name, labels, Double.parseDouble(line.substring(space + 1).trim())));
        }
    }

    /** Parses a scrape. */
    public static Scrape of(String text) {
        return new Scrape(text);
    }

    /** Every sample. */
    public List<Sample> samples() {
        return samples;
    }

    /** Whether a sample of that name exists. */
    public boolean has(String name) {
        return samples.stream().anyMatch(sample -> sample.name().equals(name));
    }

    /**
     * The value of the one sample with that name whose labels include these ({@code "k", "v", ...}); empty if none.
     */
    public Optional<Double> value(String name, String... labels) {
        List<Sample> found = samples.stream().filter(sample -> sample.name().equals(name) && matches(sample, labels))
                .toList();
        if (found.size() > 1) {
            throw new AssertionError("more than one sample " + name + " with " + List.of(labels) + ": " + found);
        }
        return found.stream().findFirst().map(Sample::value);
    }

    private static boolean matches(Sample sample, String... labels) {
        for (int i = 0; i + 1 < labels.length; i += 2) {
            if (!labels[i + 1].equals(sample.labels().get(labels[i]))) {
                return false;
            }
        }
        return true;
    }

    private static void parseLabels(String text, Map<String, String> labels) {
        int i = 0;
        while (i < text.length()) {
            int eq = text.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String key = text.substring(i, eq).trim();
            StringBuilder value = new StringBuilder();
            int j = eq + 2; // past ="
            while (j < text.length() && text.charAt(j) != '"') {
                char c = text.charAt(j);
                if (c == '\\' && j + 1 < text.length()) {
                    char next = text.charAt(++j);
                    value.append(next == 'n' ? '\n' : next);
                } else {
                    value.append(c);
                }
                j++;
            }
            labels.put(key, value.toString());
            i = j + 1;
            if (i < text.length() && text.charAt(i) == ',') {
                i++;
            }
        }
    }
}
