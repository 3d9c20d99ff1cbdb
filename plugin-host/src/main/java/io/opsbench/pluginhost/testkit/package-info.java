/**
 * The vendor test kit: load a built bundle exactly as the platform does and call its extensions with
 * test contexts. Add {@code opsbench-plugin-host} with scope {@code test} to a plugin's build to use it.
 */
package io.opsbench.pluginhost.testkit;
