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

    /**
     * The indicator of {@link Progress#busy}: the task and its elapsed time, redrawn in place every 200 ms after a delay,
     * erased when stopped. Hand-written because me.tongfei's bar has no form without a total (it draws "? %" and
     * "0/?"), and a working-for line is all a command without steps can honestly show.
     */
    static final class Busy {
        private final String task;
        private final PrintStream err;
        private final long start = System.nanoTime();
        private final Thread thread;
        private boolean stopped;
        private boolean drawn;

        Busy(String task, PrintStream err, long delayMillis) {
            this.task = task;
            this.err = err;
            thread = Thread.ofPlatform().daemon().name("ragtime-busy").unstarted(() -> {
                try {
                    Thread.sleep(delayMillis);
                    while (draw()) {
                        Thread.sleep(200);
                    }
                } catch (InterruptedException e) {
                    // stopped
                }
            });
            thread.start();
        }

        private synchronized boolean draw() {
            if (stopped) {
                return false;
            }
            err.printf(java.util.Locale.ROOT, "\rragtime: %s: working, %.1f s ", task, (System.nanoTime() - start) / 1e9);
            err.flush();
            drawn = true;
            return true;
        }

        synchronized void stop() {
            if (!stopped) {
                stopped = true;
                thread.interrupt();
                if (drawn) {
                    err.print("\r\033[K"); // erase the line: the command's own lines follow on a clean one
                    err.flush();
                }
            }
        }
    }
}
