/**
 * The {@code email} capability: send one email message.
 *
 * @since 1.0
 */
package io.opsbench.plugin.email;
