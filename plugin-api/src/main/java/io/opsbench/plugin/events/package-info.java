/**
 * The {@code events} capability: receive the platform events a plugin subscribed to in its manifest.
 *
 * @since 1.0
 */
package io.opsbench.plugin.events;
