package org.ragtime.spark;

import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.ragtime.cli.batch.Engine;
import org.ragtime.cli.batch.Plan;
import org.ragtime.cli.batch.Row;
import org.ragtime.cli.batch.SessionRunner;

/**
 * {@code ragtime batch --engine spark}: the sessions of a batch as the tasks of one Spark job, one task per session,
 * each running {@link SessionRunner#run} on an executor (the same code as the local engine, so the same outputs,
 * published the same way into OUTDIR, which every executor must see: shared storage on a cluster). The driver collects
 * the rows and writes batch.csv and the combined outputs as a local batch does.
 *
 * <p>Master: {@code --master URL}, else the {@code spark.master} that spark-submit sets, else {@code local[*]}.
 */
public final class SparkEngine implements Engine {
    private final String master;

    /** An engine for {@code master} (null: spark-submit's, else {@code local[*]}). */
    public SparkEngine(String master) {
        this.master = master;
    }

    @Override
    public List<Row> run(Plan plan, List<Plan.Item> todo, Consumer<Row> finished) {
        SparkConf conf = new SparkConf().setAppName("ragtime batch " + plan.subcommand());
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        conf.setIfMissing("spark.ui.enabled", "false");
        try (JavaSparkContext sc = new JavaSparkContext(conf)) {
            sc.setLogLevel("WARN");
            List<Row> rows = sc.parallelize(todo, Math.max(1, todo.size())).map(item -> SessionRunner.run(plan, item)).collect();
            rows.forEach(finished);
            return rows;
        }
    }
}
