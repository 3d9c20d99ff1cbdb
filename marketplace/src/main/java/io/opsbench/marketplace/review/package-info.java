/**
 * The automated review of a submitted plugin bundle: {@link io.opsbench.marketplace.review.BundleReview}
 * runs every check on the bundle's bytes and answers a {@link io.opsbench.marketplace.review.ReviewReport}.
 * Vendor code is read as bytes (ASM) here and only ever run in a separate, short-lived JVM.
 */
package io.opsbench.marketplace.review;
