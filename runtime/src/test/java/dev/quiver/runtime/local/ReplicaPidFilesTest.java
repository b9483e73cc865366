package dev.quiver.runtime.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplicaPidFilesTest {

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(process -> {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        });
    }

    private Process start(String shell) throws IOException {
        Process process = new ProcessBuilder("sh", "-c", shell).start();
        started.add(process);
        return process;
    }

    /** A runtime that has exited, as the owner of pid files a killed runtime left. */
    private static ProcessHandle goneRuntime() throws Exception {
        Process process = new ProcessBuilder("true").start();
        process.waitFor();
        return process.toHandle();
    }

    private static void awaitExit(ProcessHandle process) throws Exception {
        process.onExit().get(30, TimeUnit.SECONDS);
    }

    @Test
    void aSweepEndsTheReplicasOfARuntimeThatIsGoneFrozenOnesToo() throws Exception {
        ReplicaPidFiles killedRun = new ReplicaPidFiles(dir, goneRuntime());
        Process running = start("exec sleep 300");
        Process frozen = start("exec sleep 301");
        killedRun.record("fn-00001-1", running);
        killedRun.record("fn-00001-2", frozen);
        new ProcessBuilder("kill", "-STOP", Long.toString(frozen.pid())).start().waitFor();

        int ended = new ReplicaPidFiles(dir).sweep();

        awaitExit(running.toHandle());
        awaitExit(frozen.toHandle());
        assertThat(ended).isEqualTo(2);
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aSweepEndsWhatARunCommandStarted() throws Exception {
        ReplicaPidFiles killedRun = new ReplicaPidFiles(dir, goneRuntime());
        Process shell = start("sleep 302 & sleep 303; wait");
        while (shell.descendants().count() < 2) {
            Thread.sleep(10);
        }
        List<ProcessHandle> children = shell.descendants().toList();
        killedRun.record("fn-00001-1", shell);

        new ReplicaPidFiles(dir).sweep();

        awaitExit(shell.toHandle());
        for (ProcessHandle child : children) {
            awaitExit(child);
        }
    }

    @Test
    void aSweepLeavesTheReplicasOfARuntimeThatStillRuns() throws Exception {
        Process replica = start("exec sleep 304");
        new ReplicaPidFiles(dir).record("fn-00001-1", replica);

        int ended = new ReplicaPidFiles(dir).sweep();

        assertThat(ended).isZero();
        assertThat(replica.isAlive()).isTrue();
        assertThat(dir.resolve("fn-00001-1.pid")).exists();
    }

    @Test
    void aPidThatNowBelongsToAnotherProcessIsLeftAlone() throws Exception {
        Process other = start("exec sleep 305");
        long wrongStart = other.toHandle().info().startInstant().orElseThrow().toEpochMilli() - 60_000;
        Files.writeString(dir.resolve("fn-00001-1.pid"), "owner=1 0\nprocess=" + other.pid() + " " + wrongStart + "\n");

        int ended = new ReplicaPidFiles(dir).sweep();

        assertThat(ended).isZero();
        assertThat(other.isAlive()).isTrue();
    }

    @Test
    void anUnreadablePidFileIsSkipped() throws Exception {
        Files.writeString(dir.resolve("fn-00001-1.pid"), "owner=garbage\nprocess=not a pid\n");

        assertThat(new ReplicaPidFiles(dir).sweep()).isZero();
    }

    @Test
    void aReplicaThatExitsTakesItsPidFileAway() throws Exception {
        ReplicaPidFiles pids = new ReplicaPidFiles(dir);
        Process replica = start("exec sleep 306");
        pids.record("fn-00001-1", replica);

        pids.forget("fn-00001-1");

        assertThat(dir.resolve("fn-00001-1.pid")).doesNotExist();
    }
}
