package io.opsbench.pluginhost;

import io.opsbench.pluginhost.testkit.TestBundles;

import java.nio.file.Path;
import java.util.Map;

/** A test plugin whose SMS body says how to misbehave. */
final class BehavingPlugin {

    static final String ID = "com.example.behaving";

    private BehavingPlugin() {
    }

    static Path build(Path directory, String version) {
        return build(directory, version, "\"sms\"", ">=1.0.0 <2.0.0");
    }

    static Path build(Path directory, String version, String capabilities, String platform) {
        String source = """
            package com.example.behaving;

            import io.opsbench.plugin.PluginContext;
            import io.opsbench.plugin.PluginException;
            import io.opsbench.plugin.sms.SmsMessage;
            import io.opsbench.plugin.sms.SmsReceipt;
            import io.opsbench.plugin.sms.SmsSender;
            import org.pf4j.Extension;

            @Extension
            public class BehavingSender implements SmsSender {

                static final String VERSION = "%s";

                @Override
                public SmsReceipt send(PluginContext context, SmsMessage message) {
                    String body = message.body();
                    try {
                        if (body.equals("throw")) {
                            throw new PluginException("provider_rejected", "the provider said no", true);
                        }
                        if (body.equals("sleep")) {
                            Thread.sleep(60_000);
                        }
                        if (body.equals("stuck")) {
                            // blocks for 1.5 s like a socket read that no interrupt reaches, using no CPU
                            long end = System.nanoTime() + 1_500_000_000L;
                            for (long left = end - System.nanoTime(); left > 0; left = end - System.nanoTime()) {
                                try {
                                    Thread.sleep(Math.max(1, left / 1_000_000));
                                } catch (InterruptedException ignored) {
                                    // as if the interrupt never reached it
                                }
                            }
                            return new SmsReceipt("unstuck");
                        }
                        if (body.equals("spin")) {
                            long end = System.nanoTime() + 1_500_000_000L;
                            long spins = 0;
                            while (System.nanoTime() < end) {
                                spins++;
                            }
                            return new SmsReceipt("spun " + spins);
                        }
                        if (body.startsWith("forName ")) {
                            return new SmsReceipt(tryLoad(body.substring(8), getClass().getClassLoader()));
                        }
                        if (body.startsWith("tcclForName ")) {
                            return new SmsReceipt(tryLoad(body.substring(12), Thread.currentThread().getContextClassLoader()));
                        }
                        if (body.equals("tccl")) {
                            return new SmsReceipt(Thread.currentThread().getContextClassLoader() == getClass().getClassLoader() ? "plugin" : "other");
                        }
                        return new SmsReceipt(VERSION + ":" + context.tenantId());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new PluginException("interrupted", "interrupted", true);
                    }
                }

                private static String tryLoad(String name, ClassLoader loader) {
                    try {
                        Class.forName(name, false, loader);
                        return "loaded";
                    } catch (ClassNotFoundException e) {
                        return "not found";
                    }
                }
            }
            """.formatted(version);
        return TestBundles.exploded(directory, TestBundles.manifest(ID, version, capabilities, platform),
            Map.of("com.example.behaving.BehavingSender", source));
    }
}
