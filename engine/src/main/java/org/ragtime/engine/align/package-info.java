/**
 * Alignment of ophys traces to events: {@link org.ragtime.engine.align.Traces} (ROIs x frames on an
 * irregular clock), {@link org.ragtime.engine.align.EventTriggeredResponse} (mindscope's
 * {@code event_triggered_response} for all ROIs at once), the backends behind it
 * ({@link org.ragtime.engine.align.AlignKernel}) and per-condition means
 * ({@link org.ragtime.engine.align.ConditionMeans}). Semantics and differences from mindscope: docs/ophys.md.
 */
package org.ragtime.engine.align;
