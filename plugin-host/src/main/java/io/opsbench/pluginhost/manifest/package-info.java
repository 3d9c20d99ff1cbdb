/**
 * The plugin manifest: parsing and validating {@code manifest.json}, semantic versions and ranges,
 * and the per-installation configuration schemas it declares.
 */
package io.opsbench.pluginhost.manifest;
