package dev.quiver.functions.wordcount;

import dev.quiver.functions.sdk.QuiverException;
import io.quarkus.funqy.Funq;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The Job-mode sample: counts the words of a text. Run as a job, its process answers one event and exits, and
 * the runtime records the answer as the job's output.
 */
public class WordCount {

    /** Longest text accepted, so that one event cannot exhaust the job's memory. */
    static final int MAX_TEXT_CHARS = 1_000_000;
    /** How many of the most frequent words the answer lists. */
    static final int TOP = 5;

    private static final Pattern NOT_A_WORD = Pattern.compile("[^\\p{L}\\p{N}']+");

    @ConfigProperty(name = "quiver.revision")
    Optional<String> revision;

    /**
     * The input.
     *
     * @param text the text whose words are counted
     */
    public record Text(String text) {
    }

    /**
     * How often a word occurs.
     *
     * @param word  the word, lower case
     * @param count its occurrences
     */
    public record WordFrequency(String word, long count) {
    }

    /**
     * The answer.
     *
     * @param words    the number of words
     * @param distinct the number of different words
     * @param top      the most frequent words, most frequent first (ties in alphabetical order)
     * @param revision the revision that ran the job, or null outside the runtime
     */
    public record Counts(long words, int distinct, List<WordFrequency> top, String revision) {
    }

    /** Counts the words of {@code text}; words are letters and digits, compared without case. */
    @Funq
    public Counts count(Text input) {
        if (input == null || input.text() == null) {
            throw QuiverException.badRequest("the body must be {\"text\": \"...\"}");
        }
        if (input.text().length() > MAX_TEXT_CHARS) {
            throw QuiverException.badRequest("text is " + input.text().length() + " characters; at most "
                    + MAX_TEXT_CHARS + " are counted");
        }
        Map<String, Long> frequencies = new TreeMap<>();
        long words = 0;
        for (String word : NOT_A_WORD.split(input.text().toLowerCase(Locale.ROOT))) {
            if (!word.isEmpty()) {
                frequencies.merge(word, 1L, Long::sum);
                words++;
            }
        }
        List<WordFrequency> top = frequencies.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .limit(TOP).map(e -> new WordFrequency(e.getKey(), e.getValue())).toList();
        return new Counts(words, frequencies.size(), top, revision.orElse(null));
    }
}
