package io.opsbench.marketplace.review;

import io.opsbench.pluginhost.LoadedPlugin;
import io.opsbench.pluginhost.PluginLoadFailed;
import io.opsbench.pluginhost.PluginRuntime;
import io.opsbench.pluginhost.manifest.ManifestInvalid;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.TreeSet;

/**
 * The main class of the sandbox JVM: loads one exploded bundle with plugin-host's runtime (which starts it and
 * creates every extension), unloads it, and prints one result line.
 *
 * <p>The result line starts with a one-time token the parent writes to standard input before any plugin code
 * runs; the token lives only in a local variable here, so plugin code that prints to standard output cannot
 * forge a result.
 */
final class SandboxLoad {

    static final String OK = "ok";
    static final String FAILED = "failed";
    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 3;

    private SandboxLoad() {
    }

    public static void main(String[] args) throws IOException {
        PrintStream out = System.out;
        String token = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        int status;
        String result;
        try (PluginRuntime runtime = new PluginRuntime()) {
            LoadedPlugin plugin = runtime.load(Path.of(args[0]));
            String extensions = String.join(", ", new TreeSet<>(plugin.extensionClassNames()));
            runtime.unload(plugin);
            status = EXIT_OK;
            result = OK + " " + plugin.pluginKey() + " loaded, started, created its extensions (" + extensions + ") and stopped";
        } catch (PluginLoadFailed e) {
            status = EXIT_FAILED;
            result = FAILED + " " + e.reason() + ": " + e.getMessage() + causes(e.getCause());
        } catch (ManifestInvalid e) {
            status = EXIT_FAILED;
            result = FAILED + " " + e.getMessage();
        } catch (Throwable e) {
            // Whatever the plugin threw, including errors such as StackOverflowError or ExceptionInInitializerError.
            status = EXIT_FAILED;
            result = FAILED + " " + e + causes(e.getCause());
        }
        out.println(token + " " + result.replaceAll("\\s+", " "));
        out.flush();
        // halt, not exit: threads or shutdown hooks the plugin left behind must not keep running or print.
        Runtime.getRuntime().halt(status);
    }

    private static String causes(Throwable cause) {
        StringBuilder text = new StringBuilder();
        for (Throwable c = cause; c != null && text.length() < 2_000; c = c.getCause()) {
            text.append(" <- ").append(c);
        }
        return text.toString();
    }
}
