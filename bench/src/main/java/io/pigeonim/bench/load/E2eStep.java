package io.pigeonim.bench.load;

import java.time.Duration;
import java.util.Map;

import io.pigeonim.bench.check.DeliveryChecker;
import io.pigeonim.bench.check.ErrorTally;
import io.pigeonim.bench.check.Sent;
import io.pigeonim.bench.resource.ResourceMeter;
import io.pigeonim.bench.stats.LatencyRecorder;
import io.pigeonim.bench.stats.Timeline;

/**
 * Runs one open-loop step of a scenario: message {@code i} goes from lane {@code i % lanes} at its intended time,
 * the stack's resources are accounted over the measured window, then the step drains (until every send_acked
 * message reached every member device and every send was answered, or nothing more arrived for the drain time, or
 * {@link #DRAIN_CEILING} drain times passed).
 */
public final class E2eStep {

    /** The longest drain, in drain times: a stack that keeps delivering a backlog gets this long to finish it. */
    static final int DRAIN_CEILING = 20;

    /** What every step of a run shares. */
    public record Context(String runId, String content, DeliveryChecker checker, ErrorTally errors,
            LoadCounters counters, Timeline receiverArrivals, ResourceMeter meter, Duration drain) {
    }

    private E2eStep() {
    }

    public static StepResult run(Context ctx, Scenario scenario, String phase, int step, double rate,
            Duration warmup, Duration duration) throws InterruptedException {
        Map<String, Long> errorsBefore = ctx.errors().snapshot();
        long duplicatesBefore = ctx.checker().duplicates();
        long framesBefore = ctx.checker().duplicates() + ctx.checker().firstArrivals();
        LatencyRecorder ackRoundTrips = ctx.counters().restartAckRoundTrips();
        OpenLoop.Schedule schedule = OpenLoop.run(rate, warmup, duration, (i, intended, measured) -> {
            Lane lane = scenario.lanes().get((int) (i % scenario.lanes().size()));
            String clientMsgId = ctx.runId() + "." + step + "." + i;
            ctx.checker().sent(new Sent(clientMsgId, lane.conversationId(), lane.sender().key(), step, intended,
                    measured));
            lane.sender().send(lane.conversationId(), clientMsgId, ctx.content());
        }, new OpenLoop.Window() {
            @Override
            public void begin() {
                ctx.meter().begin();
            }

            @Override
            public void end() {
                ctx.meter().end();
            }
        });
        // a backlog still arriving is not lost: drain while it makes progress, up to DRAIN_CEILING drain windows
        long drainStart = System.nanoTime();
        long ceiling = drainStart + DRAIN_CEILING * ctx.drain().toNanos();
        long lastProgress = drainStart;
        long left = Long.MAX_VALUE;
        for (long outstanding = outstanding(ctx); outstanding > 0; outstanding = outstanding(ctx)) {
            long now = System.nanoTime();
            if (outstanding < left) {
                left = outstanding;
                lastProgress = now;
            }
            if (now - lastProgress >= ctx.drain().toNanos() || now >= ceiling) {
                break;
            }
            Thread.sleep(20);
        }
        double drainSeconds = (System.nanoTime() - drainStart) / 1e9;
        long receiverArrivals = ctx.receiverArrivals().between(schedule.measureStartNanos(), schedule.measureEndNanos());
        double deliveredRate = receiverArrivals / (double) scenario.receiversPerMessage() / schedule.measuredSeconds();
        long duplicates = ctx.checker().duplicates() - duplicatesBefore;
        long frames = ctx.checker().duplicates() + ctx.checker().firstArrivals() - framesBefore;
        return new StepResult(scenario.name(), phase, rate, schedule.measuredShots(), schedule.measuredSeconds(),
                deliveredRate, ctx.checker().endToEnd(step).percentiles(), ctx.checker().sendAck(step).percentiles(),
                ctx.checker().push(step).percentiles(),
                ackRoundTrips.percentiles(), ErrorTally.delta(errorsBefore, ctx.errors().snapshot()), duplicates,
                frames, schedule.maxLateNanos() / 1e6, ctx.checker().pending(), drainSeconds, ctx.meter().last());
    }

    /** Deliveries not yet seen plus sends not yet answered. */
    private static long outstanding(Context ctx) {
        return ctx.checker().pending() + ctx.checker().unanswered();
    }
}
