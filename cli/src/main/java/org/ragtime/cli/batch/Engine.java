package org.ragtime.cli.batch;

import java.util.List;
import java.util.function.Consumer;

/**
 * Where a batch's sessions run: threads of this JVM ({@link LocalEngine}) or the tasks of a Spark application
 * ({@code org.ragtime.spark.SparkEngine}, module spark). Every engine runs {@link SessionRunner#run} per session, so
 * outputs do not depend on the engine.
 */
public interface Engine {
    /**
     * Runs {@code todo} (sessions of {@code plan}) and returns their rows in the order of {@code todo}, calling
     * {@code finished} as sessions finish (on any thread).
     */
    List<Row> run(Plan plan, List<Plan.Item> todo, Consumer<Row> finished);
}
