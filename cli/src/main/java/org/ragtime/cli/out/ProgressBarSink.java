package org.ragtime.cli.out;

import java.io.PrintStream;
import java.time.temporal.ChronoUnit;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** The terminal form of {@link Progress}: me.tongfei's progress bar (done of total, items per second, ETA). */
final class ProgressBarSink extends Progress {
    private final ProgressBar bar;

    ProgressBarSink(String task, String unit, long total, PrintStream err) {
        bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new ConsoleProgressBarConsumer(err)).setUnit(" " + unit, 1).showSpeed()
                .setSpeedUnit(ChronoUnit.SECONDS).setUpdateIntervalMillis(200).continuousUpdate().build();
    }

    @Override
    public synchronized void done(String line) {
        String brief = line.replaceFirst("^ragtime: (\\[\\d+/\\d+\\] )?", ""); // the bar shows the count itself
        bar.setExtraMessage(" " + (brief.length() > 40 ? brief.substring(0, 40) : brief));
        bar.step();
    }

    @Override
    public synchronized void close() {
        bar.close();
    }
}
