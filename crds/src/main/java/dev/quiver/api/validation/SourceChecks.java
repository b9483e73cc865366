package dev.quiver.api.validation;

import dev.quiver.api.ArchiveSource;
import dev.quiver.api.BuildSpec;
import dev.quiver.api.FunctionSpec;
import dev.quiver.api.GitSource;
import java.util.Arrays;
import java.util.function.BiConsumer;
import java.util.regex.Pattern;

/**
 * The rules for what a Function runs: an image, or a source to build. Source values reach the build's fetch script
 * as arguments of {@code git} and {@code wget}, so they are held to what those tools read as data (no revision
 * that git would take for an option), fetched only over a transport that keeps them private (https, ssh), and an
 * archive is checked against its SHA-256.
 */
final class SourceChecks {

    /** A clone URL git reads as one: https, ssh, or scp-like {@code git@host:path}; no plain http. */
    static final Pattern GIT_URL = Pattern.compile("^(https://|ssh://|git@)[^\\s\\p{Cntrl}]+$");
    /** An archive URL: https only. */
    static final Pattern ARCHIVE_URL = Pattern.compile("^https://[^\\s\\p{Cntrl}]+$");
    private static final Pattern SHA256 = Pattern.compile("^[a-f0-9]{64}$");
    private static final Pattern SPACE_OR_CONTROL = Pattern.compile("[\\s\\p{Cntrl}]");

    private final BiConsumer<String, String> report;

    SourceChecks(BiConsumer<String, String> report) {
        this.report = report;
    }

    void check(FunctionSpec spec) {
        boolean hasImage = spec.image != null && !spec.image.isEmpty();
        if (hasImage == (spec.build != null)) {
            report.accept("spec", hasImage ? "sets both image and build; keep one: image to run a built image, build to have Quiver build the source"
                    : "needs image (a built image to run) or build (source for Quiver to build)");
        }
        if (hasImage && spec.image.chars().anyMatch(Character::isWhitespace)) {
            report.accept("spec.image", "'" + spec.image + "' is not an image reference: it contains whitespace");
        }
        if (spec.build != null) {
            checkBuild(spec.build);
        }
    }

    private void checkBuild(BuildSpec build) {
        int sources = (build.git != null ? 1 : 0) + (build.configMap != null ? 1 : 0) + (build.archive != null ? 1 : 0);
        if (sources != 1) {
            report.accept("spec.build", "needs exactly one source of git, configMap or archive, found " + sources);
        }
        if (build.registry == null || build.registry.isBlank()) {
            report.accept("spec.build.registry", "is required: the image repository the build pushes to, e.g. registry.example.com/team/fn");
        }
        if (build.git != null) {
            checkGit(build.git);
        }
        if (build.archive != null) {
            checkArchive(build.archive);
        }
    }

    private void checkGit(GitSource git) {
        if (git.url == null || !GIT_URL.matcher(git.url).matches()) {
            report.accept("spec.build.git.url", "'" + git.url + "' must be an https://, ssh:// or git@ clone URL"
                    + (git.url != null && git.url.startsWith("http://")
                            ? ": over plain http:// anyone on the way could read or change the source that is built" : ""));
        }
        String revision = git.revision;
        if (revision != null && revision.isEmpty()) {
            report.accept("spec.build.git.revision", "is empty; name a branch, tag or commit, or leave it out to build main");
        } else if (revision != null && revision.startsWith("-")) {
            report.accept("spec.build.git.revision", "'" + revision + "' starts with '-', which git would read as an option; "
                    + "name a branch, tag or commit");
        } else if (revision != null && SPACE_OR_CONTROL.matcher(revision).find()) {
            report.accept("spec.build.git.revision", "'" + revision + "' holds whitespace or a control character, "
                    + "which no branch, tag or commit name has");
        }
        if (git.contextDir != null && Arrays.asList(git.contextDir.split("/")).contains("..")) {
            report.accept("spec.build.git.contextDir", "'" + git.contextDir + "' has a '..' segment, which leads out of "
                    + "the repository; name a folder inside it, e.g. functions/hello");
        }
    }

    private void checkArchive(ArchiveSource archive) {
        if (archive.url == null || !ARCHIVE_URL.matcher(archive.url).matches()) {
            report.accept("spec.build.archive.url", "'" + archive.url + "' must be an https:// URL"
                    + (archive.url != null && archive.url.startsWith("http://")
                            ? ": over plain http:// anyone on the way could read the source and any token in the URL" : ""));
        }
        if (archive.sha256 == null || archive.sha256.isEmpty()) {
            report.accept("spec.build.archive.sha256", "is required: the build checks the download against it; "
                    + "compute it with sha256sum <archive> (shasum -a 256 <archive> on macOS)");
        } else if (!SHA256.matcher(archive.sha256).matches()) {
            report.accept("spec.build.archive.sha256", "must be 64 lowercase hex digits, as sha256sum <archive> prints");
        }
    }
}
