package dev.quiver.api.validation;

import static dev.quiver.api.validation.InvalidFunctions.NAME_RULE;
import static dev.quiver.api.validation.InvalidFunctions.invalid;
import static dev.quiver.api.validation.InvalidFunctions.problem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.api.Function;
import dev.quiver.api.testing.Functions;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What a Function runs: its name, and an image or a build from git or an archive. */
class SourceValidationTest {

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFunctions")
    void invalidFunctionReportsExactlyItsProblems(Function function, Problem[] expected) {
        assertThat(FunctionValidator.validate(function)).containsExactly(expected);
    }

    static Stream<Arguments> invalidFunctions() {
        return Stream.of(
                // metadata
                invalid("name is missing", f -> f.getMetadata().setName(null),
                        problem("metadata.name", "is required")),
                invalid("name has capitals", f -> f.getMetadata().setName("Hello"),
                        problem("metadata.name", "'Hello'" + NAME_RULE)),
                invalid("name leaves no room for the revision suffix", f -> f.getMetadata().setName("a".repeat(53)),
                        problem("metadata.name", "'" + "a".repeat(53) + "'" + NAME_RULE)),
                // source
                invalid("spec is missing", f -> f.setSpec(null),
                        problem("spec", "is required: set spec.image or spec.build")),
                invalid("neither image nor build", f -> f.getSpec().image = null,
                        problem("spec", "needs image (a built image to run) or build (source for Quiver to build)")),
                invalid("both image and build", Functions.built("hello").with(f -> f.getSpec().image = "registry.local/hello:1"),
                        problem("spec", "sets both image and build; keep one: image to run a built image, build to have Quiver build the source")),
                invalid("image with whitespace", f -> f.getSpec().image = "registry.local/hello :1",
                        problem("spec.image", "'registry.local/hello :1' is not an image reference: it contains whitespace")),
                invalid("build without a source", Functions.built("hello").with(f -> f.getSpec().build.git = null),
                        problem("spec.build", "needs exactly one source of git, configMap or archive, found 0")),
                invalid("build with two sources", Functions.built("hello").with(f -> f.getSpec().build.configMap = "hello-src"),
                        problem("spec.build", "needs exactly one source of git, configMap or archive, found 2")),
                invalid("build without a registry", Functions.built("hello").with(f -> f.getSpec().build.registry = " "),
                        problem("spec.build.registry", "is required: the image repository the build pushes to, e.g. registry.example.com/team/fn")),
                invalid("git URL with an unknown scheme", Functions.built("hello").with(f -> f.getSpec().build.git.url = "ftp://git.example.com/x"),
                        problem("spec.build.git.url", "'ftp://git.example.com/x' must be an https://, ssh:// or git@ clone URL")),
                invalid("git URL over plain http", Functions.built("hello").with(f -> f.getSpec().build.git.url = "http://git.example.com/x.git"),
                        problem("spec.build.git.url", "'http://git.example.com/x.git' must be an https://, ssh:// or git@ clone URL: "
                                + "over plain http:// anyone on the way could read or change the source that is built")),
                invalid("git revision git would read as an option", Functions.built("hello").with(f -> f.getSpec().build.git.revision = "--orphan=x"),
                        problem("spec.build.git.revision", "'--orphan=x' starts with '-', which git would read as an option; name a branch, tag or commit")),
                invalid("git revision with a space", Functions.built("hello").with(f -> f.getSpec().build.git.revision = "v1 --force"),
                        problem("spec.build.git.revision", "'v1 --force' holds whitespace or a control character, which no branch, tag or commit name has")),
                invalid("git revision with a newline", Functions.built("hello").with(f -> f.getSpec().build.git.revision = "v1\n"),
                        problem("spec.build.git.revision", "'v1\n' holds whitespace or a control character, which no branch, tag or commit name has")),
                invalid("empty git revision", Functions.built("hello").with(f -> f.getSpec().build.git.revision = ""),
                        problem("spec.build.git.revision", "is empty; name a branch, tag or commit, or leave it out to build main")),
                invalid("git context folder outside the repository", Functions.built("hello").with(f -> f.getSpec().build.git.contextDir = "functions/../../secrets"),
                        problem("spec.build.git.contextDir", "'functions/../../secrets' has a '..' segment, which leads out of the repository; "
                                + "name a folder inside it, e.g. functions/hello")),
                invalid("archive URL that is not HTTPS", Functions.fromArchive("hello").with(f -> f.getSpec().build.archive.url = "file:///tmp/src.tar.gz"),
                        problem("spec.build.archive.url", "'file:///tmp/src.tar.gz' must be an https:// URL")),
                invalid("archive URL over plain http", Functions.fromArchive("hello").with(f -> f.getSpec().build.archive.url = "http://example.com/src.tar.gz"),
                        problem("spec.build.archive.url", "'http://example.com/src.tar.gz' must be an https:// URL: over plain http:// "
                                + "anyone on the way could read the source and any token in the URL")),
                invalid("archive without a checksum", Functions.fromArchive("hello").with(f -> f.getSpec().build.archive.sha256 = null),
                        problem("spec.build.archive.sha256", "is required: the build checks the download against it; "
                                + "compute it with sha256sum <archive> (shasum -a 256 <archive> on macOS)")),
                invalid("archive checksum that is not SHA-256 hex", Functions.fromArchive("hello").with(f -> f.getSpec().build.archive.sha256 = "ABC"),
                        problem("spec.build.archive.sha256", "must be 64 lowercase hex digits, as sha256sum <archive> prints")));
    }
}
