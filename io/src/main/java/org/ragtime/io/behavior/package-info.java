/**
 * Visual Behavior sessions as AllenSDK's {@code BehaviorSession} sees them: trials (ragged {@code lick_times}
 * included), licks, rewards, running speed, eye tracking, and the performance metrics
 * ({@code get_performance_metrics()}, {@code get_rolling_performance_df()}, {@code get_reward_rate()}) computed by
 * {@link org.ragtime.engine.behavior.Performance}. Entry point: {@link org.ragtime.io.behavior.BehaviorSession}.
 */
package org.ragtime.io.behavior;
