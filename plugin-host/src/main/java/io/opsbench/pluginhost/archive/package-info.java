/**
 * Reading plugin bundles safely: a bundle is untrusted input until this package has accepted it.
 */
package io.opsbench.pluginhost.archive;
