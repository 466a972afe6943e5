/**
 * Decoding a stimulus from spikes, the last workflow of the Visual Coding Neuropixels quick start: the
 * presentations x units design matrix as the notebook's pandas pivot builds it ({@link DesignMatrix}), contiguous
 * K-fold splits as scikit-learn's {@code KFold} ({@link KFold}), and an RBF support vector classifier with
 * scikit-learn's {@code SVC} parameters on libsvm's own Java port ({@link RbfSvm}); {@link Decoder} runs the whole
 * cross-validation and returns a {@link Decoding}. See docs/decoding.md.
 */
package org.ragtime.io.decode;
