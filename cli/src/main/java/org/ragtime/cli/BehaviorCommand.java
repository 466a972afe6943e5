package org.ragtime.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ragtime.cli.out.AtomicOutputs;
import org.ragtime.cli.out.Results;
import org.ragtime.engine.BadInputException;
import org.ragtime.io.LabelledTable;
import org.ragtime.io.Note;
import org.ragtime.io.behavior.BehaviorSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ragtime behavior}: AllenSDK's Visual Behavior performance metrics and rolling performance table, as CSV. */
@Command(name = "behavior", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Visual Behavior performance metrics of a session with AllenSDK's trials table: one row of"
                + " get_performance_metrics() (its keys as columns, in its order: trial_count, go_trial_count, ...,"
                + " max_dprime_engaged) and, with --rolling, get_rolling_performance_df() (trials_id, reward_rate,"
                + " hit_rate_raw, hit_rate, false_alarm_rate_raw, false_alarm_rate, rolling_dprime; one row per trial).",
                "The numbers are AllenSDK's as it computes them, quirks included: the reward rate over a window of 25"
                + " trials each side of the trial, a response counted when its latency is under 0.75 s, rates over the"
                + " last 100 non-aborted trials held within 1/(2N) and 1-1/(2N), d-prime from rates clipped to"
                + " [0.01, 0.99] (docs/behavior.md). Reads /intervals/trials (older files' stimulus_change as"
                + " is_change), /processing/rewards and /general/task_parameters/response_window_sec; a file without"
                + " AllenSDK's trials columns is refused, naming them. Missing values (NaN) are empty fields."})
final class BehaviorCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "An NWB file in AllenSDK's Visual Behavior layout.")
    Path file;

    @Option(names = "--out", required = true, paramLabel = "metrics.csv", description = "get_performance_metrics() as one CSV row.")
    Path out;

    @Option(names = "--rolling", paramLabel = "rolling.csv", description = "Also write get_rolling_performance_df(), one row per trial.")
    Path rolling;

    @Option(names = "--engaged-reward-rate", paramLabel = "R", defaultValue = "2.0",
            description = "engaged_trial_reward_rate_threshold: rewards per minute above which a trial is engaged (default: ${DEFAULT-VALUE}).")
    double engaged;

    @Override
    public Integer call() {
        if (!Double.isFinite(engaged)) {
            throw new BadInputException("--engaged-reward-rate " + engaged + ": must be a finite number");
        }
        try (AtomicOutputs outs = AtomicOutputs.builder().input(file).output(out, rolling).prepare(); // null: no --rolling
             BehaviorSession session = BehaviorSession.open(file)) {
            LabelledTable metrics = session.performanceMetrics(engaged);
            LabelledTable table = rolling == null ? null : session.rollingPerformance();
            Results.writeCsv(outs.open(out), out, metrics.table());
            if (table != null) Results.writeCsv(outs.open(rolling), rolling, table.table());
            outs.commit();
            System.err.printf(Locale.ROOT, "ragtime: wrote %s: performance metrics of %s%n", out,
                    Note.count((long) metrics.table().column("trial_count").doubleValue(0), "trial"));
            if (table != null) {
                System.err.printf(Locale.ROOT, "ragtime: wrote %s: %d rows, %d columns%n", rolling, table.table().rowCount(),
                        table.table().columns().size());
            }
        }
        return 0;
    }
}
