/**
 * The {@code voice} capability: decide what happens to an inbound phone call.
 *
 * @since 1.0
 */
package io.opsbench.plugin.voice;
