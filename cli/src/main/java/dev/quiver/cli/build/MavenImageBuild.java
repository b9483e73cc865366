package dev.quiver.cli.build;

import dev.quiver.api.ApiJson;
import dev.quiver.api.Function;
import dev.quiver.api.build.MavenPackage;
import dev.quiver.builder.BuildException;
import dev.quiver.builder.BuiltImage;
import dev.quiver.builder.ImageBuilder;
import dev.quiver.builder.ImageSpec;
import dev.quiver.builder.ImageTarget;
import dev.quiver.cli.CliException;
import dev.quiver.cli.ExitCodes;
import dev.quiver.cli.deploy.ImageBuild;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * The image build behind {@code quiver deploy DIR}: the same Maven, AOT-training and jib-core steps as
 * {@code quiver build}, pushing to the image the function.yaml names and answering the pushed image by digest.
 */
public final class MavenImageBuild implements ImageBuild {

    @Override
    public Pushed buildAndPush(Path folder, String image, Consumer<String> progress) {
        try {
            progress.accept("building " + folder + " with Maven (log: " + folder.resolve("target/quiver-build.log") + ")");
            MavenPackage.Result result = MavenPackage.run(folder, folder.resolve("target/quiver-build.log"), true);
            if (!result.success()) {
                throw new CliException(ExitCodes.FAILED, "the Maven build of " + folder + " failed",
                        List.of(result.output().split("\n")));
            }
            Function function = ApiJson.fromYaml(Files.readString(folder.resolve("function.yaml")), Function.class);
            ImageBuilder builder = new ImageBuilder(false, null, progress);
            ImageSpec spec = FunctionImage.spec(builder, function, FunctionImage.base(null, function), folder,
                    result.app(), true, progress);
            progress.accept("pushing " + image);
            BuiltImage built = builder.build(spec, new ImageTarget.Registry(image));
            return new Pushed(built.byDigest(), built.defaultProbe());
        } catch (BuildException | IOException e) {
            throw new CliException(ExitCodes.FAILED, "building " + folder + " failed: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliException(ExitCodes.FAILED, "interrupted while building " + folder);
        }
    }
}
