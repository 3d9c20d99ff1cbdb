/**
 * The {@code ai} capability: triage a customer's free-text problem description.
 *
 * @since 1.0
 */
package io.opsbench.plugin.ai;
