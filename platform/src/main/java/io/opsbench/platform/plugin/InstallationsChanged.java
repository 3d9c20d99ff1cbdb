package io.opsbench.platform.plugin;

/** Some installation changed release or status: the node may hold a version nobody runs any more. */
record InstallationsChanged() {
}
