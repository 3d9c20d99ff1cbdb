package io.opsbench.bench.jmh;

import io.opsbench.plugin.PluginContext;
import io.opsbench.plugin.sms.SmsMessage;
import io.opsbench.plugin.sms.SmsReceipt;
import io.opsbench.plugin.sms.SmsSender;

/**
 * The no-op SMS sender, compiled into the host: the "direct call" baseline. {@link PluginCallBenchmark} compiles
 * the same source into a plugin bundle.
 */
public final class NoopSmsSender implements SmsSender {

    static final String SOURCE = """
        package bench.noop;

        import io.opsbench.plugin.PluginContext;
        import io.opsbench.plugin.sms.SmsMessage;
        import io.opsbench.plugin.sms.SmsReceipt;
        import io.opsbench.plugin.sms.SmsSender;
        import org.pf4j.Extension;

        @Extension
        public final class NoopSender implements SmsSender {
            private static final SmsReceipt RECEIPT = new SmsReceipt("noop");

            @Override
            public SmsReceipt send(PluginContext context, SmsMessage message) {
                return RECEIPT;
            }
        }
        """;

    private static final SmsReceipt RECEIPT = new SmsReceipt("noop");

    @Override
    public SmsReceipt send(PluginContext context, SmsMessage message) {
        return RECEIPT;
    }
}
