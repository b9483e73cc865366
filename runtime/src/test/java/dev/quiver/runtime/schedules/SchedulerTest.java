package dev.quiver.runtime.schedules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.quiver.api.testing.MutableClock;
import dev.quiver.api.Function;
import dev.quiver.api.FunctionSpec;
import dev.quiver.api.Mode;
import dev.quiver.api.ScheduleTrigger;
import dev.quiver.api.Triggers;
import dev.quiver.runtime.invoke.Invocation;
import dev.quiver.runtime.invoke.InvocationResult;
import dev.quiver.runtime.invoke.Invoker;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class SchedulerTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-03-10T10:02:00Z"));
    private final List<Function> functions = new ArrayList<>();
    private final RecordingInvoker invoker = new RecordingInvoker();
    private final AtomicBoolean leader = new AtomicBoolean(true);

    private Scheduler scheduler(boolean skipJobMode) {
        return new Scheduler(() -> functions, invoker, clock, leader::get, skipJobMode);
    }

    @Test
    void aDueScheduleFiresOnceWithAScheduleCloudEventAndItsData() {
        functions.add(function("report", Mode.Service, trigger("*/5 * * * *", null, "{\"kind\":\"daily\"}")));
        Scheduler scheduler = scheduler(false);

        scheduler.tick();
        clock.set(Instant.parse("2026-03-10T10:04:59Z"));
        scheduler.tick();
        assertThat(invoker.calls).isEmpty();

        clock.set(Instant.parse("2026-03-10T10:05:00.400Z"));
        scheduler.tick();
        scheduler.tick();

        assertThat(invoker.calls).hasSize(1);
        Invocation call = invoker.calls.get(0);
        assertThat(call.type()).isEqualTo("dev.quiver.schedule");
        assertThat(call.source()).isEqualTo("quiver/schedule/team/report/0");
        assertThat(call.namespace()).isEqualTo("team");
        assertThat(call.function()).isEqualTo("report");
        assertThat(call.time()).isEqualTo("2026-03-10T10:05:00Z");
        assertThat(new String(call.data(), StandardCharsets.UTF_8)).isEqualTo("{\"kind\":\"daily\"}");
        assertThat(call.timeout()).isEqualTo(Duration.ofSeconds(300));
        assertThat(scheduler.nextFireTimes()).containsEntry("quiver/schedule/team/report/0", Instant.parse("2026-03-10T10:10:00Z"));
    }

    @Test
    void withoutDataTheEventCarriesAnEmptyObject() {
        functions.add(function("report", Mode.Service, trigger("* * * * *", null, null)));
        Scheduler scheduler = scheduler(false);
        scheduler.tick();

        clock.advance(Duration.ofMinutes(1));
        scheduler.tick();

        assertThat(invoker.calls).singleElement().extracting(c -> new String(c.data(), StandardCharsets.UTF_8)).isEqualTo("{}");
    }

    @Test
    void firesMissedWhileTheRuntimeWasAwayAreNotReplayed() {
        functions.add(function("report", Mode.Service, trigger("*/5 * * * *", null, null)));
        Scheduler scheduler = scheduler(false);
        scheduler.tick();

        // the next tick comes an hour later: twelve fires were missed
        clock.set(Instant.parse("2026-03-10T11:02:00Z"));
        scheduler.tick();
        assertThat(invoker.calls).isEmpty();

        clock.set(Instant.parse("2026-03-10T11:05:01Z"));
        scheduler.tick();
        assertThat(invoker.calls).hasSize(1);
        assertThat(invoker.calls.get(0).time()).isEqualTo("2026-03-10T11:05:00Z");
    }

    @Test
    void aScheduleWhoseInvocationStillRunsSkipsItsTurn() {
        functions.add(function("slow", Mode.Service, trigger("* * * * *", null, null)));
        invoker.holdAnswers = true;
        Scheduler scheduler = scheduler(false);
        scheduler.tick();

        clock.set(Instant.parse("2026-03-10T10:03:00Z"));
        scheduler.tick();
        clock.set(Instant.parse("2026-03-10T10:04:00Z"));
        scheduler.tick();
        assertThat(invoker.calls).hasSize(1);

        invoker.answerAll();
        clock.set(Instant.parse("2026-03-10T10:05:00Z"));
        scheduler.tick();
        assertThat(invoker.calls).hasSize(2);
    }

    @Test
    void aTimeZoneSetsTheWallClockOfTheSchedule() {
        functions.add(function("morning", Mode.Service, trigger("0 9 * * *", "Asia/Tokyo", null)));
        Scheduler scheduler = scheduler(false);
        scheduler.tick();

        // 09:00 in Tokyo is 00:00 UTC
        assertThat(scheduler.nextFireTimes()).containsValue(Instant.parse("2026-03-11T00:00:00Z"));
        clock.set(Instant.parse("2026-03-11T00:00:00Z"));
        scheduler.tick();
        assertThat(invoker.calls).hasSize(1);
    }

    @Test
    void onlyTheLeaderFiresAndANewLeaderDoesNotCatchUp() {
        functions.add(function("report", Mode.Service, trigger("* * * * *", null, null)));
        leader.set(false);
        Scheduler scheduler = scheduler(false);
        scheduler.tick();
        clock.set(Instant.parse("2026-03-10T10:03:00Z"));
        scheduler.tick();
        assertThat(invoker.calls).isEmpty();

        leader.set(true);
        scheduler.tick();
        assertThat(invoker.calls).isEmpty();
        clock.set(Instant.parse("2026-03-10T10:04:00Z"));
        scheduler.tick();
        assertThat(invoker.calls).hasSize(1);
    }

    @Test
    void jobModeFunctionsAreLeftToCronJobsWhenToldTo() {
        functions.add(function("batch", Mode.Job, trigger("* * * * *", null, null)));
        functions.add(function("web", Mode.Service, trigger("* * * * *", null, null)));
        Scheduler skipping = scheduler(true);
        skipping.tick();
        clock.advance(Duration.ofMinutes(1));
        skipping.tick();

        assertThat(invoker.calls).extracting(Invocation::function).containsExactly("web");
    }

    @Test
    void jobModeFunctionsAreScheduledLocally() {
        functions.add(function("batch", Mode.Job, trigger("* * * * *", null, null)));
        Scheduler scheduler = scheduler(false);
        scheduler.tick();
        clock.advance(Duration.ofMinutes(1));
        scheduler.tick();

        assertThat(invoker.calls).extracting(Invocation::function).containsExactly("batch");
    }

    @Test
    void aChangedCronTakesEffectAndARemovedScheduleStops() {
        Function function = function("report", Mode.Service, trigger("0 * * * *", null, null));
        functions.add(function);
        Scheduler scheduler = scheduler(false);
        scheduler.tick();
        assertThat(scheduler.nextFireTimes()).containsValue(Instant.parse("2026-03-10T11:00:00Z"));

        function.getSpec().triggersOrDefault().schedule.set(0, trigger("*/10 * * * *", null, null));
        scheduler.tick();
        assertThat(scheduler.nextFireTimes()).containsValue(Instant.parse("2026-03-10T10:10:00Z"));

        function.getSpec().triggers.schedule.clear();
        scheduler.tick();
        clock.set(Instant.parse("2026-03-10T10:10:00Z"));
        scheduler.tick();
        assertThat(scheduler.nextFireTimes()).isEmpty();
        assertThat(invoker.calls).isEmpty();
    }

    private static ScheduleTrigger trigger(String cron, String timeZone, String data) {
        ScheduleTrigger trigger = new ScheduleTrigger();
        trigger.cron = cron;
        trigger.timeZone = timeZone;
        trigger.data = data;
        return trigger;
    }

    private static Function function(String name, Mode mode, ScheduleTrigger... schedules) {
        Function function = new Function();
        ObjectMeta meta = new ObjectMeta();
        meta.setName(name);
        meta.setNamespace("team");
        function.setMetadata(meta);
        FunctionSpec spec = new FunctionSpec();
        spec.mode = mode;
        spec.triggers = new Triggers();
        spec.triggers.schedule.addAll(List.of(schedules));
        function.setSpec(spec);
        return function;
    }

    /** Records every call; answers at once, or holds the answers until told. */
    private static final class RecordingInvoker implements Invoker {
        final List<Invocation> calls = new ArrayList<>();
        final List<CompletableFuture<InvocationResult>> pending = new ArrayList<>();
        boolean holdAnswers;

        @Override
        public CompletionStage<InvocationResult> invoke(Invocation invocation) {
            calls.add(invocation);
            CompletableFuture<InvocationResult> answer = new CompletableFuture<>();
            if (holdAnswers) {
                pending.add(answer);
            } else {
                answer.complete(new InvocationResult(200, null, null, "rev", null, Duration.ZERO, null));
            }
            return answer;
        }

        void answerAll() {
            pending.forEach(p -> p.complete(new InvocationResult(200, null, null, "rev", null, Duration.ZERO, null)));
        }
    }
}
