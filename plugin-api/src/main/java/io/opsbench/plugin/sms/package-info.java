/**
 * The {@code sms} capability: send one text message.
 *
 * @since 1.0
 */
package io.opsbench.plugin.sms;
