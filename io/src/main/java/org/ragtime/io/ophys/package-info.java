/**
 * Visual Behavior two-photon (ophys) files in AllenSDK's NWB layout: {@link org.ragtime.io.ophys.OphysExperiment}
 * (dF/F and the other traces as {@link org.ragtime.engine.align.Traces}, events, cell specimens, presentations,
 * trials) and {@link org.ragtime.io.ophys.ResponseCsv} (tidy long-format output of aligned responses).
 */
package org.ragtime.io.ophys;
